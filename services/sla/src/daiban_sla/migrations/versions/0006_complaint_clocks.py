"""sla: complaint clocks

A complaint's clock: the working days it has to be answered in, from its filing to its answer.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('complaint_clocks',
    sa.Column('complaint_id', sa.String(length=64), nullable=False),
    sa.Column('place_code', sa.String(length=12), nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=True),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('budget_working_days', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('complaint_id'),
    schema='sla'
    )
    op.create_index(op.f('ix_sla_complaint_clocks_place_code'), 'complaint_clocks', ['place_code'], unique=False, schema='sla')


def downgrade() -> None:
    op.drop_index(op.f('ix_sla_complaint_clocks_place_code'), table_name='complaint_clocks', schema='sla')
    op.drop_table('complaint_clocks', schema='sla')
