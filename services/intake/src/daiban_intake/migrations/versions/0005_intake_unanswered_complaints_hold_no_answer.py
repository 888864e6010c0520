"""intake: an unanswered complaint holds no answer (SQL NULL), not a JSON null

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 12:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # rows written before: the JSON value null, which `answer IS NULL` does not find
    op.execute("UPDATE intake.complaints SET answer = NULL WHERE answer = 'null'::jsonb")
    op.execute("UPDATE intake.complaints SET filed_by = NULL WHERE filed_by = 'null'::jsonb")


def downgrade() -> None:
    pass
