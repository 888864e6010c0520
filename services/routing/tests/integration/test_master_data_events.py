"""Every master-data change is an event on the bus that audit records in its ledger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from daiban_audit import bootstrap as audit_bootstrap
from daiban_audit.adapters.orm import ledger
from daiban_audit.settings import AuditSettings
from daiban_common.auth import Role
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import OutboxRelay
from daiban_routing.adapters.orm import messaging
from daiban_routing.settings import RoutingSettings
from tests.support.bus import Running, eventually

pytestmark = pytest.mark.integration


def audit_consumer(env: dict[str, str]) -> tuple[EventConsumer, Any]:
    settings = AuditSettings(**env)
    audit = audit_bootstrap.build(settings)
    return EventConsumer(settings, service="audit", handlers=audit.event_handlers,
                         patterns=list(audit_bootstrap.SUBSCRIBES),
                         uow_factory=audit.uow_factory), audit


def ledger_of(audit: Any, county: str, *, expected: int
              ) -> Callable[[], Awaitable[dict[str, list[Any]] | None]]:
    """The county's ledger entries by subject, once there are ``expected`` of them."""
    async def entries() -> dict[str, list[Any]] | None:
        async with audit.engine.connect() as conn:
            rows = (await conn.execute(
                select(ledger.c.subject, ledger.c.event_type, ledger.c.data)
                .where(ledger.c.place.startswith(county)))).all()
        by_subject: dict[str, list[Any]] = {}
        for row in rows:
            by_subject.setdefault(row.subject, []).append(row)
        return by_subject if len(rows) == expected else None
    return entries


async def test_every_change_is_an_event_that_audit_records_by_subject(
    env: dict[str, str], client: Any, routing_app: Any, county: str, token: Any,
    county_files: Any, declare: Callable[[str, list[str]], Awaitable[None]],
    cleanup_namespace: None,
) -> None:
    await declare("audit", ["#"])
    admin = token(Role.ADMIN, county)
    for noun, body in county_files(county).items():
        await client.post(f"/v1/admin/{noun}/import", content=body,
                          headers={**admin, "Content-Type": "text/csv"})
    await client.put(f"/v1/admin/staff/{county}-0006/duty", json={"duty": "absent"},
                     headers=admin)
    await client.post(f"/v1/admin/staff/{county}-0008/deactivate", headers=admin)
    consumer, audit = audit_consumer(env)
    relay = OutboxRelay(RoutingSettings(**env), engine=routing_app.state.routing.engine,
                        tables=messaging, service="routing")
    async with Running(relay, consumer):
        recorded = await eventually(ledger_of(audit, county, expected=28), within=30,
                                    what="the county's 28 events in audit's ledger")
    await audit.engine.dispose()

    def types(subject: str) -> list[str]:  # a consumer may record one subject's events unordered
        return sorted(row.event_type for row in recorded[subject])

    assert types(f"place:{county}107202") == ["place.created"]
    assert types(f"station:{county}107202-01") == ["place.station_created"]
    assert types(f"department:{county}:MZ") == ["place.department_created"]
    assert types(f"staff:{county}-0006") == ["staff.created", "staff.duty_changed"]
    assert types(f"staff:{county}-0008") == ["staff.created", "staff.deactivated"]
    (created,) = [row.data["snapshot"] for row in recorded[f"staff:{county}-0006"]
                  if row.event_type == "staff.created"]
    assert (created["name"], created["partner_id"], created["skills"]) == (
        "于国云", f"{county}-0007", ["MZ", "RS"])
