"""routing handover reminders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:10:51.604534
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('handovers', sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True), schema='routing')


def downgrade() -> None:
    op.drop_column('handovers', 'reminded_at', schema='routing')
