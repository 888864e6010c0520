"""sla: a clock per case stage, relay events waiting for their turn, the case's flow

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:56:23.150634
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
    op.create_table('clocks',
    sa.Column('case_number', sa.String(length=32, collation='C'), nullable=False),
    sa.Column('stage', sa.String(length=16, collation='C'), nullable=False),
    sa.Column('village_code', sa.String(length=12, collation='C'), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.Column('matter_version', sa.Integer(), nullable=False),
    sa.Column('budget_days', sa.Integer(), nullable=False),
    sa.Column('timeout_default', sa.Boolean(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pauses', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('paused_days', sa.Integer(), nullable=False),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stop_reason', sa.String(length=32), nullable=True),
    sa.Column('light', sa.String(length=8), nullable=False),
    sa.Column('yellow_days', sa.Integer(), nullable=True),
    sa.Column('yellow_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalate_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timed_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('calendar_version', sa.BigInteger(), nullable=False),
    sa.Column('used_days', sa.Integer(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.Column('days_over', sa.Integer(), nullable=True),
    sa.CheckConstraint("light IN ('green', 'yellow', 'red')", name='clock_light'),
    sa.PrimaryKeyConstraint('case_number', 'stage'),
    schema='sla'
    )
    op.create_index('ix_clocks_next_due', 'clocks', ['next_due_at'], unique=False, schema='sla', postgresql_where=sa.text('next_due_at IS NOT NULL'))
    op.create_index('ix_clocks_open_lights', 'clocks', ['light', 'village_code', 'case_number', 'stage'], unique=False, schema='sla', postgresql_where=sa.text('stopped_at IS NULL'))
    op.create_index('ix_clocks_stopped', 'clocks', ['stopped_at'], unique=False, schema='sla', postgresql_where=sa.text('stopped_at IS NOT NULL'))
    op.create_index('ix_clocks_to_recompute', 'clocks', ['calendar_version'], unique=False, schema='sla', postgresql_where=sa.text('stopped_at IS NULL OR used_days IS NULL'))
    op.create_table('deferred_flow_events',
    sa.Column('case_number', sa.String(length=32), nullable=False),
    sa.Column('flow_version', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=128), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('deferred_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('case_number', 'flow_version'),
    schema='sla'
    )
    # cases tracked before clocks existed were submitted under a version nobody recorded: 1
    op.add_column('tracked_cases', sa.Column('matter_version', sa.Integer(), nullable=False, server_default='1'), schema='sla')
    op.alter_column('tracked_cases', 'matter_version', server_default=None, schema='sla')
    op.add_column('tracked_cases', sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True), schema='sla')
    op.add_column('tracked_cases', sa.Column('flow_version', sa.Integer(), nullable=True), schema='sla')
    op.add_column('tracked_cases', sa.Column('path', postgresql.JSONB(astext_type=sa.Text()), nullable=False, server_default=sa.text("'[]'::jsonb")), schema='sla')
    op.alter_column('tracked_cases', 'path', server_default=None, schema='sla')
    op.add_column('tracked_cases', sa.Column('holding_tier', sa.String(length=16), nullable=True), schema='sla')
    op.add_column('tracked_cases', sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True), schema='sla')
    op.add_column('tracked_cases', sa.Column('closed_why', sa.String(length=32), nullable=True), schema='sla')
    op.alter_column('tracked_cases', 'submitted_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               nullable=True,
               schema='sla')


def downgrade() -> None:
    op.alter_column('tracked_cases', 'submitted_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               nullable=False,
               schema='sla')
    op.drop_column('tracked_cases', 'closed_why', schema='sla')
    op.drop_column('tracked_cases', 'closed_at', schema='sla')
    op.drop_column('tracked_cases', 'holding_tier', schema='sla')
    op.drop_column('tracked_cases', 'path', schema='sla')
    op.drop_column('tracked_cases', 'flow_version', schema='sla')
    op.drop_column('tracked_cases', 'accepted_at', schema='sla')
    op.drop_column('tracked_cases', 'matter_version', schema='sla')
    op.drop_table('deferred_flow_events', schema='sla')
    op.drop_index('ix_clocks_to_recompute', table_name='clocks', schema='sla', postgresql_where=sa.text('stopped_at IS NULL OR used_days IS NULL'))
    op.drop_index('ix_clocks_stopped', table_name='clocks', schema='sla', postgresql_where=sa.text('stopped_at IS NOT NULL'))
    op.drop_index('ix_clocks_open_lights', table_name='clocks', schema='sla', postgresql_where=sa.text('stopped_at IS NULL'))
    op.drop_index('ix_clocks_next_due', table_name='clocks', schema='sla', postgresql_where=sa.text('next_due_at IS NOT NULL'))
    op.drop_table('clocks', schema='sla')
