"""Every master-data change is an event on the bus that audit records in its ledger."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_common.outbox import OutboxRelay
from daiban_kernel.roles import Role
from daiban_routing.adapters.orm import messaging
from daiban_routing.settings import RoutingSettings
from tests.support.audit import AuditLedger
from tests.support.bus import Running, eventually

pytestmark = pytest.mark.integration


def by_subject(rows: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.subject, []).append(row)
    return grouped


async def test_every_change_is_an_event_that_audit_records_by_subject(
    env: dict[str, str], client: Any, routing_app: Any, county: str, token: Any,
    county_files: Any, audit_ledger: AuditLedger,
) -> None:
    admin = token(Role.ADMIN, county)
    for noun, body in county_files(county).items():
        await client.post(f"/v1/admin/{noun}/import", content=body,
                          headers={**admin, "Content-Type": "text/csv"})
    await client.put(f"/v1/admin/staff/{county}-0006/duty", json={"duty": "absent"},
                     headers=admin)
    await client.post(f"/v1/admin/staff/{county}-0008/deactivate", headers=admin)
    relay = OutboxRelay(RoutingSettings.model_validate(env),
                        engine=routing_app.state.service.engine,
                        tables=messaging, service="routing")

    async def all_28() -> list[Any] | None:
        rows = await audit_ledger.entries_under(county)
        return rows if len(rows) == 28 else None

    async with Running(audit_ledger.consumer):
        await audit_ledger.bound()
        async with Running(relay):
            recorded = by_subject(await eventually(
                all_28, within=30, what="the county's 28 events in audit's ledger"))

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
