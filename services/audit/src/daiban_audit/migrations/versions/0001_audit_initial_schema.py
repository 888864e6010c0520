"""audit: initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 12:46:58.210050
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inbox',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=128), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('event_id'),
    schema='audit'
    )
    op.create_table('ledger',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=128), nullable=False),
    sa.Column('source', sa.String(length=128), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=True),
    sa.Column('place', sa.String(length=12), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('event_id'),
    schema='audit'
    )
    op.create_index(op.f('ix_audit_ledger_event_type'), 'ledger', ['event_type'], unique=False, schema='audit')
    op.create_index(op.f('ix_audit_ledger_place'), 'ledger', ['place'], unique=False, schema='audit')
    op.create_index(op.f('ix_audit_ledger_subject'), 'ledger', ['subject'], unique=False, schema='audit')
    op.create_table('ledger_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id = 1', name='one_head'),
    sa.PrimaryKeyConstraint('id'),
    schema='audit'
    )
    op.create_table('outbox',
    sa.Column('seq', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=128), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=True),
    sa.Column('envelope', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('trace_headers', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('event_id'),
    schema='audit'
    )
    op.create_index('ix_outbox_unpublished', 'outbox', ['seq'], unique=False, schema='audit', postgresql_where=sa.text('published_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_outbox_unpublished', table_name='outbox', schema='audit', postgresql_where=sa.text('published_at IS NULL'))
    op.drop_table('outbox', schema='audit')
    op.drop_table('ledger_head', schema='audit')
    op.drop_index(op.f('ix_audit_ledger_subject'), table_name='ledger', schema='audit')
    op.drop_index(op.f('ix_audit_ledger_place'), table_name='ledger', schema='audit')
    op.drop_index(op.f('ix_audit_ledger_event_type'), table_name='ledger', schema='audit')
    op.drop_table('ledger', schema='audit')
    op.drop_table('inbox', schema='audit')
