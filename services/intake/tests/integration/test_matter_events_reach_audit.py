"""Every change of the catalogue is an event that travels the outbox to audit's ledger."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_common.outbox import OutboxRelay
from daiban_intake.adapters.orm import messaging as intake_messaging
from tests.support.audit import AuditLedger
from tests.support.bus import Running

pytestmark = pytest.mark.integration


async def test_every_catalogue_change_is_recorded_in_audits_ledger(
    api: Any, row: Any, prefix: str, department: str, audit_ledger: AuditLedger,
) -> None:
    code = f"{prefix}-001"
    terms = {k: v for k, v in row(code, department).items() if k not in ("code", "published")}
    admin = api.auth()
    for method, path, body in [
        ("POST", "/v1/admin/matters", {**terms, "code": code}),
        ("POST", f"/v1/admin/matters/{code}/publish", None),
        ("POST", f"/v1/admin/matters/{code}/versions", {**terms, "name": "低保申请"}),
        ("POST", f"/v1/admin/matters/{code}/unpublish", None),
    ]:
        response = await api.client.request(method, path, json=body, headers=admin)
        assert response.status_code in (200, 201), response.text

    relay = OutboxRelay(api.settings, engine=api.intake.engine, tables=intake_messaging,
                        service="intake")
    async with Running(audit_ledger.consumer):
        await audit_ledger.bound()
        async with Running(relay):
            rows = await audit_ledger.at_least(f"matter:{code}", 5)
    # the consumer handles several messages at once, so the ledger's order is not the outbox's
    recorded_events = sorted((r.event_type, _version(r.data)) for r in rows)
    assert recorded_events == [
        ("matter.published", 1), ("matter.published", 2), ("matter.unpublished", 2),
        ("matter.version_created", 1), ("matter.version_created", 2)]
    assert all(r.data["by"]["role"] == "admin" for r in rows)


def _version(data: dict[str, Any]) -> int:
    return int(data["matter"]["version"] if "matter" in data else data["matter_version"])
