"""routing staff email

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 12:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('staff', sa.Column('email', sa.String(length=254), nullable=True), schema='routing')


def downgrade() -> None:
    op.drop_column('staff', 'email', schema='routing')
