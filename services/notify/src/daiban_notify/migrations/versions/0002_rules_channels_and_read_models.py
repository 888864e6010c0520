"""notify: deliveries as their own step (pending, attempts, failed), staff, case files, matter
names, webhook subscriptions, idempotency keys

The old log held only notices already sent in-app; they are kept as sent inbox deliveries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 13:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from daiban_common.migrations import create_messaging_tables, drop_messaging_tables

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = 'notify'


def upgrade() -> None:
    op.alter_column('deliveries', 'recipient', type_=sa.String(length=128), schema=S)
    columns: list[tuple[str, sa.Column[Any]]] = [
        ('event_id', sa.Column('event_id', sa.String(length=64), nullable=False, server_default='')),
        ('event_type', sa.Column('event_type', sa.String(length=128), nullable=False, server_default='case.submitted')),
        ('rule', sa.Column('rule', sa.String(length=64), nullable=False, server_default='submitted_to_agent')),
        ('address', sa.Column('address', sa.Text(), nullable=False, server_default='')),
        ('subject', sa.Column('subject', sa.Text(), nullable=False, server_default='')),
        ('alarm', sa.Column('alarm', sa.Boolean(), nullable=False, server_default=sa.false())),
        ('status', sa.Column('status', sa.String(length=16), nullable=False, server_default='sent')),
        ('created_at', sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())),
        ('not_before', sa.Column('not_before', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())),
    ]
    for name, column in columns:
        op.add_column('deliveries', column, schema=S)
        op.alter_column('deliveries', name, server_default=None, schema=S)
    op.add_column('deliveries', sa.Column('read_at', sa.DateTime(timezone=True), nullable=True), schema=S)
    op.add_column('deliveries', sa.Column('error', sa.Text(), nullable=True), schema=S)
    op.execute("UPDATE notify.deliveries SET address = recipient, event_id = id")
    op.create_index('ix_deliveries_due', 'deliveries', ['not_before'], unique=False, schema=S, postgresql_where=sa.text("status = 'pending'"))
    op.create_table('delivery_attempts',
    sa.Column('delivery_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['notify.deliveries.id'], ),
    sa.PrimaryKeyConstraint('delivery_id', 'number'),
    schema=S
    )
    op.create_table('staff',
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('place_code', sa.String(length=12), nullable=False),
    sa.Column('partner_id', sa.String(length=64), nullable=True),
    sa.Column('on_duty', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('staff_id'),
    schema=S
    )
    op.create_index(op.f('ix_notify_staff_place_code'), 'staff', ['place_code'], unique=False, schema=S)
    op.create_table('case_files',
    sa.Column('case_number', sa.String(length=32), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.Column('matter_version', sa.Integer(), nullable=False),
    sa.Column('applicant_name', sa.String(length=50), nullable=True),
    sa.Column('agent_id', sa.String(length=64), nullable=True),
    sa.Column('resident_phone', sa.String(length=16), nullable=True),
    sa.Column('holders', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('holding_tier', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('case_number'),
    schema=S
    )
    op.create_table('matter_names',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('limit_working_days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', 'version'),
    schema=S
    )
    op.create_table('webhook_subscriptions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('event_types', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('secret', sa.String(length=128), nullable=False),
    sa.Column('place_code', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    schema=S
    )
    create_messaging_tables(S, tables=('idempotency_keys',))


def downgrade() -> None:
    drop_messaging_tables(S, tables=('idempotency_keys',))
    op.drop_table('webhook_subscriptions', schema=S)
    op.drop_table('matter_names', schema=S)
    op.drop_table('case_files', schema=S)
    op.drop_index(op.f('ix_notify_staff_place_code'), table_name='staff', schema=S)
    op.drop_table('staff', schema=S)
    op.drop_table('delivery_attempts', schema=S)
    op.drop_index('ix_deliveries_due', table_name='deliveries', schema=S, postgresql_where=sa.text("status = 'pending'"))
    for name in ('error', 'read_at', 'not_before', 'created_at', 'status', 'alarm', 'subject', 'address', 'rule', 'event_type', 'event_id'):
        op.drop_column('deliveries', name, schema=S)
    op.alter_column('deliveries', 'recipient', type_=sa.String(length=64), schema=S)
