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

from daiban_audit.domain.station_ledger import StaffPost

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every append (the old code's too) writes the head row first: this lock waits for the appends
# in flight and holds off the next ones until the upgrade commits, so that what is read from the
# ledger below is all of it; reads go on meanwhile.
HOLD_THE_APPENDS = "LOCK TABLE audit.ledger_head IN EXCLUSIVE MODE"

STAFF_EVENTS = ("staff.created", "staff.updated", "staff.deactivated", "staff.duty_changed")


def _post(data: object, occurred_at: datetime) -> dict[str, Any] | None:
    """The post a recorded staff event gives, or None (an entry that does not parse, or does
    not fit the columns, is left out, as the read model leaves it out)."""
    snapshot = data.get("snapshot") if isinstance(data, dict) else None
    try:
        post = StaffPost.of_snapshot(snapshot, occurred_at)
    except (KeyError, TypeError, ValueError):
        return None
    return {"staff_id": post.staff_id, "version": post.version,
            "station_code": post.station_code, "name": post.name, "since": post.since}


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.text(HOLD_THE_APPENDS))
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
    rows = bind.execute(sa.text(
        "SELECT data, occurred_at FROM audit.ledger WHERE event_type = ANY(:types) "
        "ORDER BY seq"), {"types": list(STAFF_EVENTS)}).all()
    for data, occurred_at in rows:
        values = _post(data, occurred_at)
        if values is not None:
            bind.execute(insert(post).values(**values).on_conflict_do_nothing())


def downgrade() -> None:
    op.drop_table("staff_post", schema="audit")
