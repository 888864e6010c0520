"""sla: provisional deadlines, the return a case waits on, idempotency keys

A clock whose deadline runs into a year not loaded yet now gets a provisional one; the clocks
left without a deadline before are marked stale, so the sweeper gives them theirs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from daiban_common.migrations import create_messaging_tables, drop_messaging_tables

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STALE = 'stopped_at IS NULL OR used_days IS NULL'
NEW_STALE = 'stopped_at IS NULL OR used_days IS NULL OR on_time IS NULL'


def upgrade() -> None:
    op.add_column('clocks', sa.Column('provisional', sa.Boolean(), nullable=False, server_default=sa.false()), schema='sla')
    op.alter_column('clocks', 'provisional', server_default=None, schema='sla')
    op.drop_index('ix_clocks_to_recompute', table_name='clocks', schema='sla', postgresql_where=sa.text(OLD_STALE))
    op.create_index('ix_clocks_to_recompute', 'clocks', ['calendar_version'], unique=False, schema='sla', postgresql_where=sa.text(NEW_STALE))
    op.execute('UPDATE sla.clocks SET calendar_version = -1 '
               'WHERE deadline IS NULL AND (stopped_at IS NULL OR on_time IS NULL)')
    op.add_column('tracked_cases', sa.Column('returned_by', sa.String(length=16), nullable=True), schema='sla')
    op.add_column('tracked_cases', sa.Column('return_version', sa.Integer(), nullable=True), schema='sla')
    create_messaging_tables('sla', tables=('idempotency_keys',))


def downgrade() -> None:
    drop_messaging_tables('sla', tables=('idempotency_keys',))
    op.drop_column('tracked_cases', 'return_version', schema='sla')
    op.drop_column('tracked_cases', 'returned_by', schema='sla')
    op.drop_index('ix_clocks_to_recompute', table_name='clocks', schema='sla', postgresql_where=sa.text(NEW_STALE))
    op.create_index('ix_clocks_to_recompute', 'clocks', ['calendar_version'], unique=False, schema='sla', postgresql_where=sa.text(OLD_STALE))
    op.drop_column('clocks', 'provisional', schema='sla')
