"""audit: each checkpoint keeps its tree's right edge, so the next reads only the entries since

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("checkpoint", sa.Column("frontier", sa.LargeBinary(), nullable=True),
                  schema="audit")


def downgrade() -> None:
    op.drop_column("checkpoint", "frontier", schema="audit")
