"""The read model's later parts are filled from what the ledger recorded before they existed:
the stages that timed out (超时默认) and the staff members' posts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from alembic import command

from daiban_audit.adapters.orm import SCHEMA
from daiban_audit.handlers import RecordBatch
from daiban_common.envelope import Envelope
from daiban_common.migrations import alembic_config
from daiban_kernel.contracts.case import Applicant, CaseRef, CaseSubmittedV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import CaseDecidedV1, Outcome
from daiban_kernel.contracts.sla import SlaClockStoppedV1, SlaTimedOutV1
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role

from .conftest import AuditApi
from .test_a_stations_ledger_follows_its_agents_posts import HERE, posts
from .test_monthly_report_equals_the_events import AGENT, CLERK, COUNTY, place_events

NOV = datetime(2026, 11, 3, 2, tzinfo=UTC)
REF = CaseRef(case_number="110116-20261101-000001", village_code="110116101001",
              matter_code="MZ-001", matter_version=1)


async def _migrate(api: AuditApi, revision: str) -> None:
    config = alembic_config(api.settings, package="daiban_audit", schema=SCHEMA)
    step = command.downgrade if revision != "head" else command.upgrade
    await asyncio.to_thread(step, config, revision)


async def test_timed_out_stages_and_staff_posts_are_filled_from_the_ledger(
        audit_api: AuditApi) -> None:
    events: list[EventData] = [
        CaseSubmittedV1(case_number=REF.case_number, matter_code="MZ-001", matter_version=1,
                        village_code=REF.village_code, channel="station",
                        applicant=Applicant(name="李林珍",
                                            id_number_masked="110105********002X"),
                        submitted_by=AGENT, submitted_at=NOV),
        SlaTimedOutV1(case=REF, clock_id="1/town", stage=Tier.TOWN, deadline=NOV, at=NOV),
        SlaClockStoppedV1(case=REF, clock_id="1/town", stage=Tier.TOWN, budget_working_days=3,
                          used_working_days=4, days_over=1, on_time=False,
                          reason="deemed_passed", at=NOV),
        CaseDecidedV1(case=REF, flow_version=3, at=NOV, tier=Tier.TOWN,
                      outcome=Outcome.APPROVED, by=CLERK)]
    await audit_api.service.commands.record_batch(RecordBatch(
        [*place_events_wrapped(), *(Envelope.wrap(e, source="/daiban/test") for e in events),
         *posts()]))
    await _migrate(audit_api, "0004")
    await _migrate(audit_api, "head")
    county = audit_api.auth(Role.SUPERVISOR, COUNTY)
    report = await audit_api.client.get("/v1/reports/monthly/110116101",
                                        params={"month": "2026-11"}, headers=county)
    assert report.status_code == 200, report.text
    town = next(s for s in report.json()["stages"] if s["stage"] == "town")
    assert (town["cases"], town["late"], town["timed_out"]) == (1, 1, 1)
    station = await audit_api.client.get(f"/v1/reports/stations/{HERE}",
                                         params={"from": "2026-11-01", "to": "2026-11-30"},
                                         headers=county)
    assert station.status_code == 200, station.text


def place_events_wrapped() -> list[Envelope]:
    return [Envelope.wrap(e, source="/daiban/test") for e in place_events()]
