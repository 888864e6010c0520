"""notify: initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 12:46:58.277896
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
    op.create_table('deliveries',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=True),
    sa.Column('recipient', sa.String(length=64), nullable=False),
    sa.Column('recipient_place', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('template', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    schema='notify'
    )
    op.create_index(op.f('ix_notify_deliveries_case_number'), 'deliveries', ['case_number'], unique=False, schema='notify')
    op.create_index(op.f('ix_notify_deliveries_recipient'), 'deliveries', ['recipient'], unique=False, schema='notify')
    op.create_table('inbox',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=128), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('event_id'),
    schema='notify'
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
    schema='notify'
    )
    op.create_index('ix_outbox_unpublished', 'outbox', ['seq'], unique=False, schema='notify', postgresql_where=sa.text('published_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_outbox_unpublished', table_name='outbox', schema='notify', postgresql_where=sa.text('published_at IS NULL'))
    op.drop_table('outbox', schema='notify')
    op.drop_table('inbox', schema='notify')
    op.drop_index(op.f('ix_notify_deliveries_recipient'), table_name='deliveries', schema='notify')
    op.drop_index(op.f('ix_notify_deliveries_case_number'), table_name='deliveries', schema='notify')
    op.drop_table('deliveries', schema='notify')
