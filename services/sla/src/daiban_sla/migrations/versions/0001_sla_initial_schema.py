"""sla: initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 12:46:58.335855
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
    schema='sla'
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
    schema='sla'
    )
    op.create_index('ix_outbox_unpublished', 'outbox', ['seq'], unique=False, schema='sla', postgresql_where=sa.text('published_at IS NULL'))
    op.create_table('tracked_cases',
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('number'),
    schema='sla'
    )
    op.create_index(op.f('ix_sla_tracked_cases_village_code'), 'tracked_cases', ['village_code'], unique=False, schema='sla')


def downgrade() -> None:
    op.drop_index(op.f('ix_sla_tracked_cases_village_code'), table_name='tracked_cases', schema='sla')
    op.drop_table('tracked_cases', schema='sla')
    op.drop_index('ix_outbox_unpublished', table_name='outbox', schema='sla', postgresql_where=sa.text('published_at IS NULL'))
    op.drop_table('outbox', schema='sla')
    op.drop_table('inbox', schema='sla')
