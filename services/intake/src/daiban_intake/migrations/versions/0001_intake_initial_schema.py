"""intake: initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 12:46:58.244775
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
    op.create_table('case_sequences',
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('county_code', 'day'),
    schema='intake'
    )
    op.create_table('cases',
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=50), nullable=False),
    sa.Column('applicant_id_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('applicant_id_hash', sa.String(length=64), nullable=False),
    sa.Column('applicant_id_masked', sa.String(length=18), nullable=False),
    sa.Column('applicant_phone', sa.String(length=20), nullable=False),
    sa.Column('opened_by', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('number'),
    schema='intake'
    )
    op.create_index(op.f('ix_intake_cases_applicant_id_hash'), 'cases', ['applicant_id_hash'], unique=False, schema='intake')
    op.create_index(op.f('ix_intake_cases_village_code'), 'cases', ['village_code'], unique=False, schema='intake')
    op.create_table('idempotency_keys',
    sa.Column('principal', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('result', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('principal', 'key'),
    schema='intake'
    )
    op.create_table('inbox',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=128), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('event_id'),
    schema='intake'
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
    schema='intake'
    )
    op.create_index('ix_outbox_unpublished', 'outbox', ['seq'], unique=False, schema='intake', postgresql_where=sa.text('published_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_outbox_unpublished', table_name='outbox', schema='intake', postgresql_where=sa.text('published_at IS NULL'))
    op.drop_table('outbox', schema='intake')
    op.drop_table('inbox', schema='intake')
    op.drop_table('idempotency_keys', schema='intake')
    op.drop_index(op.f('ix_intake_cases_village_code'), table_name='cases', schema='intake')
    op.drop_index(op.f('ix_intake_cases_applicant_id_hash'), table_name='cases', schema='intake')
    op.drop_table('cases', schema='intake')
    op.drop_table('case_sequences', schema='intake')
