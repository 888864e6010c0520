"""routing first inquiry owner

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('cases', sa.Column('owner', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='routing')
    # the cases routed so far were given to whoever accepted them
    op.execute("UPDATE routing.cases SET owner = accepted_by WHERE owner IS NULL")


def downgrade() -> None:
    op.drop_column('cases', 'owner', schema='routing')
