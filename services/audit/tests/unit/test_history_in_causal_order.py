"""A case's history lists the relay in causal order whatever order the events were consumed in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from daiban_audit import handlers
from daiban_audit.handlers import HistoryOf, record_event
from daiban_audit.ports import UnitOfWork
from daiban_common.envelope import Envelope
from daiban_kernel.actor import Actor
from daiban_kernel.roles import Role

CASE = "110116-20261125-000001"
VILLAGE = "110116104201"
T0 = datetime(2026, 11, 25, 1, tzinfo=UTC)
COUNTY_ADMIN = Actor(staff_id="admin", role=Role.ADMIN, place="110116")
AGENT = {"staff_id": "110116-0001", "role": "village_agent", "place": VILLAGE, "name": "王芳"}


def envelope(n: int, kind: str, data: dict[str, Any], *, published_late: bool = False
             ) -> Envelope:
    at = T0 + timedelta(minutes=n)
    return Envelope(id=f"ev-{n}", source="/daiban/test", type=kind, subject=CASE,
                    placecode=VILLAGE, dataschema=f"urn:daiban:schema:{kind}:v1",
                    time=at + timedelta(hours=5 if published_late else 0),
                    data={**data, "at": at.isoformat()})


def relay() -> list[Envelope]:
    """Submitted and accepted (intake: no flow version), then routing's relay, numbered; the
    assignment's envelope left late, as a retried outbox row would."""
    return [
        envelope(0, "case.submitted", {"submitted_by": AGENT}),
        envelope(1, "case.accepted", {"by": AGENT}),
        envelope(2, "case.routed", {"flow_version": 1}),
        envelope(3, "case.assigned", {"flow_version": 2, "assignee": AGENT,
                                      "station_code": "110116104201-01"}),
        envelope(4, "case.handed_over", {"flow_version": 3, "by": AGENT}),
        envelope(5, "case.received", {"flow_version": 4}),
        envelope(6, "case.handed_over", {"flow_version": 5}),
        envelope(7, "case.assigned", {"flow_version": 6}, published_late=True),
    ]


@pytest.mark.parametrize("seed", range(25))
async def test_shuffled_delivery_still_reads_in_causal_order(seed: int, uow: UnitOfWork) -> None:
    delivered = relay()
    random.Random(seed).shuffle(delivered)
    for e in delivered:
        await record_event(e, uow)
    page = await handlers.history_of(HistoryOf(CASE, COUNTY_ADMIN), uow)
    assert [e.recorded.event_id for e in page.items] == [e.id for e in relay()]
    submitted = page.items[0].recorded
    assert submitted.who.staff_id == "110116-0001"
    assigned = page.items[3].recorded
    assert (assigned.who.staff_id, assigned.who.staff_name, assigned.who.station_code) == (
        "110116-0001", "王芳", "110116104201-01")
    assert assigned.place == VILLAGE
    assert assigned.happened_at == T0 + timedelta(minutes=3)
