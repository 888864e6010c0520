"""Loading a year is an event: sla's outbox relays it and audit's ledger records it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from daiban_common.outbox import OutboxRelay
from daiban_sla.adapters.orm import messaging
from tests.support.audit import AuditLedger
from tests.support.bus import Running, eventually

pytestmark = pytest.mark.integration

ARRANGEMENT_2027 = {  # made up for the test
    "holidays": [{"date": "2027-01-01", "name": "元旦"}],
    "working_days": [{"date": "2027-01-09", "name": "元旦"}],
}


async def test_loading_a_year_is_recorded_in_audits_ledger(
    sla_api: Any, audit_ledger: AuditLedger,
) -> None:
    put = await sla_api.client.put("/v1/admin/calendar/2027", json=ARRANGEMENT_2027,
                                   headers=sla_api.auth())
    assert put.status_code == 201, put.text
    engine = sla_api.app.state.service.engine
    async with engine.connect() as conn:
        [event_id] = (await conn.execute(select(messaging.outbox.c.event_id).where(
            messaging.outbox.c.event_type == "calendar.year_loaded",
            messaging.outbox.c.published_at.is_(None)))).scalars().all()
    relay = OutboxRelay(sla_api.settings, engine=engine, tables=messaging, service="sla")

    async def recorded() -> Any:
        found = [e for e in await audit_ledger.entries("calendar:2027") if e.event_id == event_id]
        return found[0] if found else None

    async with Running(audit_ledger.consumer):
        await audit_ledger.bound()
        async with Running(relay):
            entry = await eventually(recorded, what="calendar.year_loaded in audit's ledger")
    assert (entry.event_type, entry.subject, entry.source) == (
        "calendar.year_loaded", "calendar:2027", "/daiban/sla")
    assert (entry.data["year"], entry.data["revision"]) == (2027, 1)
    assert entry.data["holidays"] == [{"date": "2027-01-01", "name": "元旦"}]
    assert entry.data["working_days"] == [{"date": "2027-01-09", "name": "元旦"}]
    assert entry.data["source"] == "admin"
