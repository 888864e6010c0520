"""intake: cases keep the matter version they were opened under

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # cases opened before the catalogue existed were all under their matter's first version
    op.add_column("cases", sa.Column("matter_version", sa.Integer(), nullable=False,
                                     server_default="1"), schema="intake")
    op.alter_column("cases", "matter_version", server_default=None, schema="intake")


def downgrade() -> None:
    op.drop_column("cases", "matter_version", schema="intake")
