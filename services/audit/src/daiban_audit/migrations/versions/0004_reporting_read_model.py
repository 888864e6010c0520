"""audit: the reporting read model, a record per case and the place tree, and the monthly
reports made

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_record",
        sa.Column("case_number", sa.String(32), primary_key=True),
        sa.Column("village_code", sa.String(12)),
        sa.Column("agent_id", sa.String(64)),
        sa.Column("opened_at", sa.DateTime(timezone=True)),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.Column("last_at", sa.DateTime(timezone=True)),
        sa.Column("data", JSONB, nullable=False),
        schema="audit")
    op.create_index("ix_audit_case_record_village", "case_record", ["village_code", "last_at"],
                    schema="audit")
    op.create_index("ix_audit_case_record_agent", "case_record", ["agent_id", "opened_at"],
                    schema="audit")
    op.create_table(
        "place_node",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("parent_code", sa.String(12)),
        sa.Column("distance_km", sa.Numeric(8, 1)),
        sa.Column("version", sa.Integer, nullable=False),
        schema="audit")
    op.create_table(
        "monthly_report_issue",
        sa.Column("town_code", sa.String(9), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean, nullable=False),
        schema="audit")


def downgrade() -> None:
    op.drop_table("monthly_report_issue", schema="audit")
    op.drop_table("place_node", schema="audit")
    op.drop_table("case_record", schema="audit")
