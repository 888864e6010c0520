"""routing the relay of cases

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:59:34.569858
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('case_actions',
    sa.Column('seq', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=False),
    sa.Column('flow_version', sa.Integer(), nullable=False),
    sa.Column('move', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=True),
    sa.Column('place', sa.String(length=12), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('seq'),
    schema='routing'
    )
    op.create_index(op.f('ix_routing_case_actions_case_number'), 'case_actions', ['case_number'], unique=False, schema='routing')
    op.create_index(op.f('ix_routing_case_actions_staff_id'), 'case_actions', ['staff_id'], unique=False, schema='routing')
    op.create_table('handovers',
    sa.Column('handover_id', sa.String(length=64), nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=False),
    sa.Column('from_tier', sa.String(length=16), nullable=False),
    sa.Column('to_tier', sa.String(length=16), nullable=False),
    sa.Column('to_place', sa.String(length=12), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('handed_by', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('handed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_by', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('handover_id'),
    schema='routing'
    )
    op.create_index(op.f('ix_routing_handovers_case_number'), 'handovers', ['case_number'], unique=False, schema='routing')
    op.create_index('ix_routing_handovers_pending', 'handovers', ['to_place', 'handed_at'], unique=False, schema='routing', postgresql_where=sa.text("status = 'pending'"))
    op.add_column('cases', sa.Column('matter_version', sa.Integer(), server_default=sa.text('1'), nullable=False), schema='routing')
    op.add_column('cases', sa.Column('tier', sa.String(length=16), server_default='village', nullable=False), schema='routing')
    op.add_column('cases', sa.Column('place_code', sa.String(length=12), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('station_code', sa.String(length=16), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('assignee_id', sa.String(length=64), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('assignee_role', sa.String(length=32), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('accepted_by', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('route', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('returned', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('decision', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('delivery', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='routing')
    op.add_column('cases', sa.Column('closed_why', sa.String(length=32), nullable=True), schema='routing')
    op.execute("UPDATE routing.cases SET place_code = village_code WHERE place_code IS NULL")
    op.create_index(op.f('ix_routing_cases_assignee_id'), 'cases', ['assignee_id'], unique=False, schema='routing')
    op.create_index(op.f('ix_routing_cases_place_code'), 'cases', ['place_code'], unique=False, schema='routing')
    op.create_index(op.f('ix_routing_cases_station_code'), 'cases', ['station_code'], unique=False, schema='routing')


def downgrade() -> None:
    op.drop_index(op.f('ix_routing_cases_station_code'), table_name='cases', schema='routing')
    op.drop_index(op.f('ix_routing_cases_place_code'), table_name='cases', schema='routing')
    op.drop_index(op.f('ix_routing_cases_assignee_id'), table_name='cases', schema='routing')
    op.drop_column('cases', 'closed_why', schema='routing')
    op.drop_column('cases', 'delivery', schema='routing')
    op.drop_column('cases', 'decision', schema='routing')
    op.drop_column('cases', 'returned', schema='routing')
    op.drop_column('cases', 'route', schema='routing')
    op.drop_column('cases', 'accepted_by', schema='routing')
    op.drop_column('cases', 'accepted_at', schema='routing')
    op.drop_column('cases', 'assignee_role', schema='routing')
    op.drop_column('cases', 'assignee_id', schema='routing')
    op.drop_column('cases', 'station_code', schema='routing')
    op.drop_column('cases', 'place_code', schema='routing')
    op.drop_column('cases', 'tier', schema='routing')
    op.drop_column('cases', 'matter_version', schema='routing')
    op.drop_index('ix_routing_handovers_pending', table_name='handovers', schema='routing', postgresql_where=sa.text("status = 'pending'"))
    op.drop_index(op.f('ix_routing_handovers_case_number'), table_name='handovers', schema='routing')
    op.drop_table('handovers', schema='routing')
    op.drop_index(op.f('ix_routing_case_actions_staff_id'), table_name='case_actions', schema='routing')
    op.drop_index(op.f('ix_routing_case_actions_case_number'), table_name='case_actions', schema='routing')
    op.drop_table('case_actions', schema='routing')
