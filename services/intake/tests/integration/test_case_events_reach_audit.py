"""A case's events travel intake's outbox to audit's ledger (OutboxRelay → broker → audit)."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_common.outbox import OutboxRelay
from daiban_intake.adapters.orm import messaging as intake_messaging
from daiban_kernel.roles import Role
from tests.support.audit import AuditLedger
from tests.support.bus import Running

pytestmark = pytest.mark.integration

VILLAGE = "110116107202"
RESIDENT = {"name": "王玉华", "id_number": "11010519491231002X", "phone": "13800138000"}
EXPECTED = ["case.accepted", "case.incomplete", "case.submitted", "case.supplemented",
            "case.withdrawn", "complaint.filed"]


async def test_a_cases_intake_events_are_recorded_in_audits_ledger(
    api: Any, desk: Any, audit_ledger: AuditLedger,
) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = (await desk.open(agent, matter="MZ-004", village=VILLAGE, applicant=RESIDENT,
                              channel="phone")).json()["number"]
    for item in (1, 2, 4):
        await desk.provide(agent, number, item)
    assert (await desk.post(agent, f"/v1/cases/{number}/review")).json()["status"] == \
        "incomplete"
    await desk.provide(agent, number, 3)
    assert (await desk.post(agent, f"/v1/cases/{number}/supplement")).json()["status"] == \
        "accepted"
    await desk.post(agent, f"/v1/cases/{number}/withdraw", {"reason": "家属已代为到镇上办理"})
    filed = await desk.post(agent, "/v1/complaints", {"case_number": number,
                                                      "summary": "电话预约后代办员迟到"})
    assert filed.status_code == 201, filed.text

    relay = OutboxRelay(api.settings, engine=api.intake.engine, tables=intake_messaging,
                        service="intake")
    async with Running(audit_ledger.consumer):
        await audit_ledger.bound()
        async with Running(relay):
            rows = await audit_ledger.at_least(number, len(EXPECTED))
    types = sorted(r.event_type for r in rows)
    assert types == EXPECTED
