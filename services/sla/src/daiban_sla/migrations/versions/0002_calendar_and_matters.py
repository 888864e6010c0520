"""sla: the working-day calendar (a row per loaded year and per special day) and the matter read model

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:06:12.850740
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('calendar_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('id = 1', name='one_calendar_version'),
    sa.PrimaryKeyConstraint('id'),
    schema='sla'
    )
    op.create_table('calendar_years',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('loaded_by', sa.String(length=64), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('year'),
    schema='sla'
    )
    op.create_table('matters',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('deciding_tier', sa.String(length=16), nullable=False),
    sa.Column('limit_working_days', sa.Integer(), nullable=False),
    sa.Column('proxy_allowance_days', sa.Integer(), nullable=False),
    sa.Column('stage_days', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('timeout_default_stages', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code', 'version'),
    schema='sla'
    )
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=True),
    sa.CheckConstraint("kind IN ('holiday', 'working_day')", name='calendar_day_kind'),
    sa.CheckConstraint('EXTRACT(YEAR FROM day) = year', name='calendar_day_in_year'),
    sa.ForeignKeyConstraint(['year'], ['sla.calendar_years.year'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day'),
    schema='sla'
    )
    op.create_index(op.f('ix_sla_calendar_days_year'), 'calendar_days', ['year'], unique=False, schema='sla')
    # the change counter every process compares to know its in-memory calendar is current
    op.execute("INSERT INTO sla.calendar_version (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_index(op.f('ix_sla_calendar_days_year'), table_name='calendar_days', schema='sla')
    op.drop_table('calendar_days', schema='sla')
    op.drop_table('matters', schema='sla')
    op.drop_table('calendar_years', schema='sla')
    op.drop_table('calendar_version', schema='sla')
