"""The read model's later parts are filled from what the ledger recorded before they existed:
the stages that timed out (超时默认), the staff members' posts and the stored subtree roots, the
entries an old consumer was appending while the upgrade ran included."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime

import asyncpg
from alembic import command

from daiban_audit.adapters.orm import SCHEMA
from daiban_audit.domain import merkle
from daiban_audit.domain.entry import LedgerEntry
from daiban_audit.handlers import RecordBatch, VerifyLedger
from daiban_audit.handlers.recording import recorded
from daiban_common.envelope import Envelope
from daiban_common.migrations import alembic_config
from daiban_kernel.contracts.case import Applicant, CaseRef, CaseSubmittedV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import CaseDecidedV1, Outcome
from daiban_kernel.contracts.sla import SlaClockStoppedV1, SlaTimedOutV1
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role
from tests.support.databases import database_url

from .conftest import AuditApi
from .test_a_stations_ledger_follows_its_agents_posts import HERE, posts
from .test_monthly_report_equals_the_events import AGENT, CLERK, COUNTY, place_events
from .test_proofs_read_the_stored_subtrees import sealed_row

NOV = datetime(2026, 11, 3, 2, tzinfo=UTC)
REF = CaseRef(case_number="110116-20261101-000001", village_code="110116101001",
              matter_code="MZ-001", matter_version=1)
PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


async def _migrate(api: AuditApi, revision: str) -> None:
    config = alembic_config(api.settings, package="daiban_audit", schema=SCHEMA)
    step = command.downgrade if revision != "head" else command.upgrade
    await asyncio.to_thread(step, config, revision)


def submitted() -> EventData:
    return CaseSubmittedV1(case_number=REF.case_number, matter_code="MZ-001", matter_version=1,
                           village_code=REF.village_code, channel="station",
                           applicant=Applicant(name="李林珍",
                                               id_number_masked="110105********002X"),
                           submitted_by=AGENT, submitted_at=NOV)


def timed_out() -> EventData:
    return SlaTimedOutV1(case=REF, clock_id="1/town", stage=Tier.TOWN, deadline=NOV, at=NOV)


def decided() -> list[EventData]:
    return [SlaClockStoppedV1(case=REF, clock_id="1/town", stage=Tier.TOWN,
                              budget_working_days=3, used_working_days=4, days_over=1,
                              on_time=False, reason="deemed_passed", at=NOV),
            CaseDecidedV1(case=REF, flow_version=3, at=NOV, tier=Tier.TOWN,
                          outcome=Outcome.APPROVED, by=CLERK)]


def wrapped(events: list[EventData]) -> list[Envelope]:
    return [Envelope.wrap(e, source="/daiban/test") for e in events]


async def assert_the_case_is_at_the_station_under_its_agent(api: AuditApi) -> None:
    station = await api.client.get(f"/v1/reports/stations/{HERE}", params=PERIOD,
                                   headers=api.auth(Role.SUPERVISOR, COUNTY))
    assert station.status_code == 200, station.text
    ledger = station.json()
    assert [(c["staff_id"], c["case_number"]) for c in ledger["cases"]] == [
        (AGENT.staff_id, REF.case_number)]
    assert [(a["staff_id"], a["name"], a["taken"]) for a in ledger["by_agent"]] == [
        (AGENT.staff_id, "李代办", 1)]


async def test_timed_out_stages_and_staff_posts_are_filled_from_the_ledger(
        audit_api: AuditApi) -> None:
    await audit_api.service.commands.record_batch(RecordBatch(
        [*wrapped([*place_events(), submitted(), timed_out(), *decided()]), *posts()]))
    await _migrate(audit_api, "0004")
    await _migrate(audit_api, "head")
    county = audit_api.auth(Role.SUPERVISOR, COUNTY)
    report = await audit_api.client.get("/v1/reports/monthly/110116101",
                                        params={"month": "2026-11"}, headers=county)
    assert report.status_code == 200, report.text
    town = next(s for s in report.json()["stages"] if s["stage"] == "town")
    assert (town["cases"], town["late"], town["timed_out"]) == (1, 1, 1)
    await assert_the_case_is_at_the_station_under_its_agent(audit_api)


async def _connect(api: AuditApi) -> asyncpg.Connection:
    url = api.settings.database_url
    return await asyncpg.connect(database_url(url, url.rsplit("/", 1)[1]))


async def _waiting_on_a_lock(api: AuditApi, upgrade: asyncio.Future[None]) -> None:
    """Until the upgrade waits for a lock (or is done without)."""
    watcher = await _connect(api)
    try:
        deadline = time.monotonic() + 30
        while not upgrade.done() and time.monotonic() < deadline:
            if await watcher.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"):
                return
            await asyncio.sleep(0.05)
    finally:
        await watcher.close()


async def test_entries_an_old_consumer_appends_during_the_upgrade_are_filled_in_too(
        audit_api: AuditApi) -> None:
    """Consumers of the code before the upgrade may still append while it runs: each part is
    filled from every entry, those committed after the upgrade began included."""
    await audit_api.service.commands.record_batch(RecordBatch(
        wrapped([*place_events(), submitted(), *decided()])))
    await _migrate(audit_api, "0004")
    # an old consumer's append: the head row, then the entries, not committed yet
    consumer = await _connect(audit_api)
    try:
        in_flight = consumer.transaction()
        await in_flight.start()
        head = await consumer.fetchval(
            "SELECT seq FROM audit.ledger_head WHERE id = 1 FOR UPDATE")
        entries = [LedgerEntry.sealed(recorded(e), seq=head + n)
                   for n, e in enumerate([*wrapped([timed_out()]), *posts()], start=1)]
        await consumer.executemany(
            "INSERT INTO audit.ledger (seq, event_id, event_type, source, subject, place, "
            "occurred_at, data, leaf_hash, flow_version, happened_at, staff_id, staff_name, "
            "station_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, "
            "$13, $14)", [sealed_row(e) for e in entries])
        await consumer.execute("UPDATE audit.ledger_head SET seq = $1 WHERE id = 1",
                               entries[-1].seq)
        upgrade = asyncio.ensure_future(_migrate(audit_api, "head"))
        await _waiting_on_a_lock(audit_api, upgrade)
        await in_flight.commit()
        await upgrade
        leaves = [bytes(r["leaf_hash"]) for r in await consumer.fetch(
            "SELECT leaf_hash FROM audit.ledger ORDER BY seq")]
        stored = await consumer.fetch(
            "SELECT height, idx, root_hash FROM audit.ledger_subtree ORDER BY height, idx")
        stages = await consumer.fetchval(
            "SELECT data->'timed_out_stages' FROM audit.case_record WHERE case_number = $1",
            REF.case_number)
    finally:
        await consumer.close()
    assert [(merkle.Subtree(r["height"], r["idx"]), bytes(r["root_hash"])) for r in stored] \
        == list(merkle.complete_subtrees(leaves))
    assert json.loads(stages) == {"town": NOV.isoformat()}
    await assert_the_case_is_at_the_station_under_its_agent(audit_api)
    verdict = await audit_api.service.queries.verify(VerifyLedger())
    assert verdict.ok, verdict.reason
