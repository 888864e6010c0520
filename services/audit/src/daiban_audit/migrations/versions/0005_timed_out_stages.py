"""audit: the case records learn which stages timed out (超时默认), from the ledger's
sla.timed_out entries recorded so far

Revision ID: 0005
Revises: 0004
"""

import json
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every append (the old code's too) writes the head row first: this lock waits for the appends
# in flight and holds off the next ones until the upgrade commits, so that what is read from the
# ledger below is all of it; reads go on meanwhile.
HOLD_THE_APPENDS = "LOCK TABLE audit.ledger_head IN EXCLUSIVE MODE"


def _timed_out(rows: Sequence[sa.Row[tuple[object]]]) -> dict[str, dict[str, datetime]]:
    """Each case's timed-out stages and the earliest time each was heard of (an entry that
    does not parse is left out, as the read model leaves it out)."""
    found: dict[str, dict[str, datetime]] = {}
    for (data,) in rows:
        if not isinstance(data, dict):
            continue
        try:
            number = str(data["case"]["case_number"])
            stage = data.get("stage") or "case"
            at = datetime.fromisoformat(str(data["at"]))
        except (KeyError, TypeError, ValueError):
            continue
        stages = found.setdefault(number, {})
        if stage not in stages or at < stages[stage]:
            stages[stage] = at
    return found


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.text(HOLD_THE_APPENDS))
    rows = bind.execute(sa.text(
        "SELECT data FROM audit.ledger WHERE event_type = 'sla.timed_out' ORDER BY seq")).all()
    for number, stages in _timed_out(rows).items():
        bind.execute(sa.text(
            "UPDATE audit.case_record SET data = jsonb_set(data, '{timed_out_stages}', "
            "CAST(:stages AS jsonb)) WHERE case_number = :number"),
            {"number": number,
             "stages": json.dumps({k: v.isoformat() for k, v in stages.items()})})


def downgrade() -> None:
    op.execute("UPDATE audit.case_record SET data = data - 'timed_out_stages'")
