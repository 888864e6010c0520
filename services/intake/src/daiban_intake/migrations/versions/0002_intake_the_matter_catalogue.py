"""intake: the matter catalogue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:22:41.949649
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
    op.create_table('matters',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('code'),
    schema='intake'
    )
    op.create_table('matter_versions',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('department_code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('deciding_tier', sa.String(length=16), nullable=False),
    sa.Column('limit_working_days', sa.Integer(), nullable=False),
    sa.Column('proxy_allowance_days', sa.Integer(), nullable=False),
    sa.Column('stage_days', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('materials', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('authorization_required', sa.Boolean(), nullable=False),
    sa.Column('timeout_default_stages', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('department_fee_yuan', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['intake.matters.code'], ),
    sa.PrimaryKeyConstraint('code', 'version'),
    schema='intake'
    )
    op.create_index(op.f('ix_intake_matter_versions_department_code'), 'matter_versions', ['department_code'], unique=False, schema='intake')


def downgrade() -> None:
    op.drop_index(op.f('ix_intake_matter_versions_department_code'), table_name='matter_versions', schema='intake')
    op.drop_table('matter_versions', schema='intake')
    op.drop_table('matters', schema='intake')
