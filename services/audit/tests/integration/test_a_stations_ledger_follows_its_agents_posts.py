"""A station's ledger lists the cases its agents took while posted there (routing's staff.*
events tell audit where each member worked from when): an agent who moves takes the later cases
to the new station, and the ledger keeps to the caller's jurisdiction. A staff record the read
model cannot hold stays in the ledger, and out of the station's."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

import openpyxl

from daiban_audit.handlers import RecordBatch, VerifyLedger
from daiban_common.envelope import Envelope
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import Applicant, CaseSubmittedV1
from daiban_kernel.contracts.staff import (
    Duty,
    StaffCreatedV1,
    StaffDutyChangedV1,
    StaffSnapshot,
    StaffUpdatedV1,
)
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role

from .conftest import AuditApi
from .test_monthly_report_equals_the_events import AGENT, COUNTY, month_of_events

HERE, THERE = "110116101001-01", "110116102001-01"
PARTNER = "110116-0003"
MOVED_AT = datetime(2026, 11, 14, 16, tzinfo=UTC)  # 15 November, China time
PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


def staff(event: type[StaffCreatedV1 | StaffUpdatedV1 | StaffDutyChangedV1], staff_id: str,
          name: str, station: str, version: int, at: datetime, *,
          duty: Duty = Duty.ON_DUTY) -> Envelope:
    data: EventData = event(snapshot=StaffSnapshot(
        staff_id=staff_id, name=name, phone="13800000000", role=Role.VILLAGE_AGENT,
        station_code=station, place_code=station[:12], skills=(), partner_id=None, duty=duty,
        active=True, version=version))
    return Envelope.wrap(data, source="/daiban/routing").model_copy(update={"time": at})


def posts() -> list[Envelope]:
    october = datetime(2026, 10, 1, tzinfo=UTC)
    return [staff(StaffUpdatedV1, AGENT.staff_id, "李代办", THERE, 3, MOVED_AT),
            staff(StaffCreatedV1, AGENT.staff_id, "李代办", HERE, 1, october),
            staff(StaffDutyChangedV1, AGENT.staff_id, "李代办", HERE, 2,
                  datetime(2026, 10, 20, tzinfo=UTC), duty=Duty.ABSENT),
            staff(StaffCreatedV1, PARTNER, "王代办", HERE, 1, october)]


def cases_of_two_agents() -> list[Envelope]:
    """The month's cases, every other one taken by the partner."""
    events = month_of_events(seed=3, cases=80)
    out = []
    for e in events:
        if e.type == "case.submitted" and int(e.data["case_number"][-6:]) % 2:
            data: dict[str, Any] = {**e.data, "submitted_by": {
                **e.data["submitted_by"], "staff_id": PARTNER}}
            e = e.model_copy(update={"data": data})
        out.append(e)
    return out


def taken(events: list[Envelope], station: str, town: str = COUNTY) -> list[tuple[str, str]]:
    """(agent, case) of the cases taken at the station in November, from the raw events."""
    found = []
    for e in events:
        if e.type != "case.submitted" or not e.data["village_code"].startswith(town):
            continue
        at = datetime.fromisoformat(e.data["submitted_at"])
        if not datetime(2026, 10, 31, 16, tzinfo=UTC) <= at < datetime(2026, 11, 30, 16,
                                                                         tzinfo=UTC):
            continue
        agent = e.data["submitted_by"]["staff_id"]
        at_station = THERE if agent == AGENT.staff_id and at >= MOVED_AT else HERE
        if at_station == station:
            found.append((agent, e.data["case_number"]))
    return sorted(found)


NAMES = {AGENT.staff_id: "李代办", PARTNER: "王代办"}


def tallies(events: list[Envelope], station: str) -> list[dict[str, Any]]:
    """The line per agent of the cases taken at the station in November, from the raw events
    of each case (all of them, before and after November too)."""
    by_case: dict[str, set[str]] = defaultdict(set)
    complaints: Counter[str] = Counter()
    for e in events:
        if e.type == "complaint.filed":
            complaints[e.data["case_number"]] += 1
        elif "case" in e.data:
            by_case[e.data["case"]["case_number"]].add(e.type)
    lines: dict[str, Counter[str]] = defaultdict(Counter)
    for agent, number in taken(events, station):
        kinds = by_case[number]
        late = bool(kinds & {"sla.breached", "sla.timed_out"})
        ended = kinds & {"case.withdrawn", "case.closed", "case.result_delivered",
                         "case.decided"}
        lines[agent].update({
            "taken": 1, "decided": "case.decided" in kinds,
            "on_time": "case.decided" in kinds and not late, "late": late, "open": not ended,
            "withdrawn": "case.withdrawn" in kinds, "returned": "case.returned" in kinds,
            "complaints": complaints[number]})
    return [{"staff_id": agent, "name": NAMES[agent],
             **{k: lines[agent][k] for k in ("taken", "decided", "on_time", "late", "open",
                                             "withdrawn", "returned", "complaints")}}
            for agent in sorted(lines)]


async def test_a_stations_ledger_holds_the_cases_taken_there_by_agent(
        audit_api: AuditApi) -> None:
    events = cases_of_two_agents()
    await audit_api.service.commands.record_batch(RecordBatch([*events, *posts()]))
    county = audit_api.auth(Role.SUPERVISOR, COUNTY)
    for station in (HERE, THERE):
        response = await audit_api.client.get(f"/v1/reports/stations/{station}",
                                              params=PERIOD, headers=county)
        assert response.status_code == 200, response.text
        ledger = response.json()
        expected = taken(events, station)
        assert sorted((c["staff_id"], c["case_number"]) for c in ledger["cases"]) == expected
        opened = [c["opened_at"] for c in ledger["cases"]]
        assert opened == sorted(opened)
        assert ledger["by_agent"] == tallies(events, station)
    assert taken(events, THERE), "the agent took no case after moving"
    here_lines = tallies(events, HERE)
    for kind in ("on_time", "late", "open", "withdrawn", "returned", "complaints"):
        assert all(line[kind] for line in here_lines), f"an agent at {HERE} has no {kind} case"
    here = (await audit_api.client.get(f"/v1/reports/stations/{HERE}", params=PERIOD,
                                       headers=county)).json()
    assert {a["staff_id"]: a["name"] for a in here["by_agent"]} == {AGENT.staff_id: "李代办",
                                                                    PARTNER: "王代办"}

    matter = await audit_api.client.get(f"/v1/reports/stations/{HERE}",
                                        params={**PERIOD, "matter": "MZ-001"}, headers=county)
    assert {c["matter_code"] for c in matter.json()["cases"]} == {"MZ-001"}

    own_town = await audit_api.client.get(f"/v1/reports/stations/{HERE}", params=PERIOD,
                                          headers=audit_api.auth(Role.SUPERVISOR, "110116101"))
    assert sorted((c["staff_id"], c["case_number"]) for c in own_town.json()["cases"]) == (
        taken(events, HERE, town="110116101"))

    agents_csv = (await audit_api.client.get(
        f"/v1/reports/stations/{HERE}", params={**PERIOD, "format": "csv", "part": "agents"},
        headers=county)).text
    rows = list(csv.reader(io.StringIO(agents_csv.lstrip("\ufeff"))))
    assert rows[0][:3] == ["代办员工号", "代办员", "代办件数"]
    assert [(r[0], int(r[2])) for r in rows[1:]] == [(a["staff_id"], a["taken"])
                                                     for a in here["by_agent"]]
    cases_csv = (await audit_api.client.get(
        f"/v1/reports/stations/{HERE}", params={**PERIOD, "format": "csv"},
        headers=county)).text
    assert [r[2] for r in list(csv.reader(io.StringIO(cases_csv.lstrip("\ufeff"))))[1:]] == [
        c["case_number"] for c in here["cases"]]
    xlsx = await audit_api.client.get(f"/v1/reports/stations/{HERE}",
                                      params={**PERIOD, "format": "xlsx"}, headers=county)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["按代办员", "代办台账"]
    assert [r[2] for r in book["代办台账"].iter_rows(min_row=3, values_only=True)] == [
        c["case_number"] for c in here["cases"]]


async def test_a_station_unknown_or_beyond_reach_is_not_found(audit_api: AuditApi) -> None:
    await audit_api.service.commands.record_batch(RecordBatch(posts()))
    for station, place in ((HERE, "110116102"), ("110116101009-01", COUNTY)):
        response = await audit_api.client.get(f"/v1/reports/stations/{station}", params=PERIOD,
                                              headers=audit_api.auth(Role.SUPERVISOR, place))
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"
    refused = await audit_api.client.get(f"/v1/reports/stations/{HERE}",
                                         params={**PERIOD, "part": "agents"},
                                         headers=audit_api.auth(Role.SUPERVISOR, COUNTY))
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["part"]


def taken_by(agent: str, n: int) -> Envelope:
    return Envelope.wrap(CaseSubmittedV1(
        case_number=f"110116-20261101-{n:06d}", matter_code="MZ-001", matter_version=1,
        village_code="110116101001", channel="station",
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
        submitted_by=Actor(staff_id=agent, role=Role.VILLAGE_AGENT, place="110116101001"),
        submitted_at=datetime(2026, 11, 3, tzinfo=UTC)), source="/daiban/test")


async def test_a_staff_record_too_long_for_the_read_model_is_kept_in_the_ledger_alone(
        audit_api: AuditApi) -> None:
    october = datetime(2026, 10, 1, tzinfo=UTC)
    too_long = staff(StaffCreatedV1, AGENT.staff_id, "李代办", HERE, 1, october)
    too_long = too_long.model_copy(update={"data": {
        "snapshot": {**too_long.data["snapshot"], "name": "李" * 51}}})
    batch = [too_long, staff(StaffCreatedV1, PARTNER, "王代办", HERE, 1, october),
             taken_by(AGENT.staff_id, 1), taken_by(PARTNER, 2)]
    entries = await audit_api.service.commands.record_batch(RecordBatch(batch))
    assert [e.recorded.event_id for e in entries] == [e.id for e in batch]
    verdict = await audit_api.service.queries.verify(VerifyLedger())
    assert (verdict.ok, verdict.size) == (True, 4)
    station = await audit_api.client.get(f"/v1/reports/stations/{HERE}", params=PERIOD,
                                         headers=audit_api.auth(Role.SUPERVISOR, COUNTY))
    assert station.status_code == 200, station.text
    assert [(c["staff_id"], c["case_number"]) for c in station.json()["cases"]] == [
        (PARTNER, "110116-20261101-000002")]
