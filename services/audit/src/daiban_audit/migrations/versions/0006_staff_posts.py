"""audit: staff members' posts (a station per version of their record, from staff.* events), for
the station's ledger; filled from the ledger's staff.* entries recorded so far

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import insert

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAFF_EVENTS = ("staff.created", "staff.updated", "staff.deactivated", "staff.duty_changed")


def _post(data: object, occurred_at: datetime) -> dict[str, Any] | None:
    """The post a recorded staff event gives, or None (an entry that does not parse is left
    out, as the read model leaves it out)."""
    snapshot = data.get("snapshot") if isinstance(data, dict) else None
    if not isinstance(snapshot, dict):
        return None
    try:
        return {"staff_id": str(snapshot["staff_id"])[:64], "version": int(snapshot["version"]),
                "station_code": str(snapshot["station_code"])[:32],
                "name": str(snapshot["name"])[:50], "since": occurred_at}
    except (KeyError, TypeError, ValueError):
        return None


def upgrade() -> None:
    post = op.create_table(
        "staff_post",
        sa.Column("staff_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("station_code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        schema="audit")
    op.create_index("ix_audit_staff_post_station", "staff_post", ["station_code"],
                    schema="audit")
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT data, occurred_at FROM audit.ledger WHERE event_type = ANY(:types) "
        "ORDER BY seq"), {"types": list(STAFF_EVENTS)}).all()
    for data, occurred_at in rows:
        values = _post(data, occurred_at)
        if values is not None:
            bind.execute(insert(post).values(**values).on_conflict_do_nothing())


def downgrade() -> None:
    op.drop_table("staff_post", schema="audit")
