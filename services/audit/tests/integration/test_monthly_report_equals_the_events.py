"""A month of generated contract events (returns, withdrawals, late stages, stopped clocks with
their working days, ratings, complaints, cases carried over from the month before and finished in
the next) recorded by audit on
Postgres: each town's monthly report equals a count written here from the raw events, and its
XLSX and CSV hold the same numbers as its JSON."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import openpyxl

from daiban_audit.handlers import RecordBatch
from daiban_common.envelope import Envelope
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import (
    Applicant,
    CaseAcceptedV1,
    CaseRatedV1,
    CaseRef,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
    ComplaintFiledV1,
    MissingItem,
)
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.place import PlaceCreatedV1, PlaceSnapshot
from daiban_kernel.contracts.relay import (
    CaseClosedV1,
    CaseDecidedV1,
    CaseResultDeliveredV1,
    CaseReturnedV1,
    CaseRoutedV1,
    Delivery,
    Outcome,
)
from daiban_kernel.contracts.sla import SlaBreachedV1, SlaClockStoppedV1, SlaTimedOutV1
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceTier
from daiban_kernel.roles import Role

from .conftest import AuditApi

COUNTY = "110116"
TOWNS = {"110116101": Decimal("12.5"), "110116102": Decimal("31.0")}
VILLAGES = {f"{town}{n:03d}": Decimal(f"{3 + 4 * n}.{n}") for town in TOWNS for n in (1, 2, 3)}
MATTERS = {"MZ-001": "MZ", "MZ-002": "MZ", "YB-001": "YB", "TOWN-01": None}
NOVEMBER = (datetime(2026, 10, 31, 16, tzinfo=UTC), datetime(2026, 11, 30, 16, tzinfo=UTC))
AGENT = Actor(staff_id="110116-0001", role=Role.VILLAGE_AGENT, place="110116101001")
CLERK = Actor(staff_id="110116-0002", role=Role.TOWN_CLERK, place="110116101")


def place(code: str, tier: PlaceTier, parent: str | None, km: Decimal | None) -> EventData:
    return PlaceCreatedV1(snapshot=PlaceSnapshot(
        code=code, name=f"地{code}", tier=tier, parent_code=parent, distance_km=km,
        active=True, version=1))


def place_events() -> list[EventData]:
    return [place(COUNTY, PlaceTier.COUNTY, None, None),
            *(place(t, PlaceTier.TOWN, COUNTY, km) for t, km in TOWNS.items()),
            *(place(v, PlaceTier.VILLAGE, v[:9], km) for v, km in VILLAGES.items())]


def clock_stopped(rng: random.Random, ref: CaseRef, stage: Tier | None, reason: str,
                  at: datetime) -> EventData:
    """A clock's stop: within its budget or over it, now and then with the days not known."""
    budget = rng.randint(1, 20)
    used = None if rng.random() < 0.05 else rng.randint(0, budget + 6)
    over = None if used is None else max(0, used - budget)
    return SlaClockStoppedV1(
        case=ref, clock_id=f"{ref.case_number}/{stage or 'case'}", stage=stage,
        budget_working_days=budget, used_working_days=used, days_over=over,
        on_time=None if over is None else over == 0, reason=reason, at=at)


def one_case(rng: random.Random, n: int) -> Iterator[EventData]:
    """A case's events, some of them in October or December, in the order they happened."""
    village = rng.choice(sorted(VILLAGES))
    matter = rng.choice(sorted(MATTERS))
    number = f"{COUNTY}-20261101-{n:06d}"
    ref = CaseRef(case_number=number, village_code=village, matter_code=matter,
                  matter_version=1)
    at = NOVEMBER[0] + timedelta(hours=rng.randrange(-10 * 24, 30 * 24))

    def step() -> timedelta:
        return timedelta(hours=rng.randrange(6, 6 * 24))

    yield CaseSubmittedV1(case_number=number, matter_code=matter, matter_version=1,
                          village_code=village, channel=rng.choice(["station", "home_visit"]),
                          applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
                          submitted_by=AGENT, submitted_at=at)
    if rng.random() < 0.1:
        at += step()
        yield CaseWithdrawnV1(case=ref, reason="本人撤回", by=AGENT, at=at)
        yield CaseClosedV1(case=ref, flow_version=1, why="withdrawn", at=at)
        return
    at += step()
    yield CaseAcceptedV1(case=ref, channel="station",
                         applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
                         by=CLERK, at=at)
    department = MATTERS[matter]
    path = (Tier.VILLAGE, Tier.TOWN) if department is None else (
        Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT)
    version = 1
    yield CaseRoutedV1(case=ref, flow_version=version, at=at, path=path,
                       deciding_tier=path[-1], department_code=department)
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        at += step()
        version += 1
        yield CaseReturnedV1(case=ref, flow_version=version, at=at, tier=Tier.TOWN,
                             reasons=(MissingItem(name="户口本", reason="不清晰"),), by=CLERK)
        at += step()
        yield CaseSupplementedV1(case=ref, return_flow_version=version, by=AGENT, at=at)
    if rng.random() < 0.15:
        at += step()
        yield CaseWithdrawnV1(case=ref, reason="本人撤回", by=AGENT, at=at)
        yield CaseClosedV1(case=ref, flow_version=version + 1, why="withdrawn", at=at)
        yield clock_stopped(rng, ref, None, "withdrawn", at)
        return
    if rng.random() < 0.3:
        at += step()
        late = SlaBreachedV1 if rng.random() < 0.5 else SlaTimedOutV1
        yield late(case=ref, clock_id=f"c-{n}", stage=rng.choice([None, *path]),
                   deadline=at, at=at)
    yield clock_stopped(rng, ref, Tier.VILLAGE, "handed_over", at)
    if rng.random() < 0.15:
        return  # still open: its village stage stopped, but it was never decided
    at += step()
    version += 1
    outcome = Outcome.REJECTED if rng.random() < 0.2 else Outcome.APPROVED
    yield CaseDecidedV1(case=ref, flow_version=version, at=at, tier=path[-1], outcome=outcome,
                        reason="不符合条件" if outcome is Outcome.REJECTED else None, by=CLERK)
    at += step()
    version += 1
    yield CaseResultDeliveredV1(case=ref, flow_version=version, at=at, by=AGENT,
                                delivery=Delivery.COLLECTED, delivered_on=at.date())
    yield CaseClosedV1(case=ref, flow_version=version + 1, at=at, why="delivered")
    for back in (2, 1):  # the town's stage, stopped again when the case came back to it
        yield clock_stopped(rng, ref, Tier.TOWN, "handed_over", at - timedelta(hours=back))
    for stage in path[2:]:  # a case the town decides skips the county and the department
        yield clock_stopped(rng, ref, stage, "decided" if stage is path[-1] else "handed_over",
                            at - timedelta(minutes=30))
    yield clock_stopped(rng, ref, None, "delivered", at)
    if rng.random() < 0.6:
        at += step()
        stars = rng.randint(1, 5)
        yield CaseRatedV1(case=ref, stars=stars, at=at)
        if stars <= 2:
            yield ComplaintFiledV1(complaint_id=f"q-{n}", case_number=number,
                                   place_code=village, summary="太慢", from_rating=True, at=at)


def month_of_events(seed: int = 15, cases: int = 160) -> list[Envelope]:
    rng = random.Random(seed)
    events = [e for n in range(1, cases + 1) for e in one_case(rng, n)]
    rng.shuffle(events)  # delivered in any order
    return [Envelope.wrap(e, source="/daiban/test") for e in [*place_events(), *events]]


# ------------------------------------------------------------- the count, from the raw events

def _in(moment: str) -> bool:
    at = datetime.fromisoformat(moment)
    return NOVEMBER[0] <= at < NOVEMBER[1]


def expected_report(events: list[Envelope], town: str) -> dict[str, Any]:
    """The town's November counts, straight from the events: total and per matter."""
    by_case: dict[str, list[Envelope]] = defaultdict(list)
    for e in events:
        if e.subject and not e.subject.startswith("place:"):
            by_case[e.subject].append(e)
    total: dict[str, Any] = defaultdict(int)
    by_matter: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for case in by_case.values():
        kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in case:
            kinds[e.type].append(e.data)
        submitted = kinds["case.submitted"][0]
        if not submitted["village_code"].startswith(town):
            continue
        decided = kinds["case.decided"][0] if kinds["case.decided"] else None
        decided_now = decided is not None and _in(decided["at"])
        late = bool(kinds["sla.breached"] or kinds["sla.timed_out"])
        ended = [d["at"] for d in kinds["case.closed"] + kinds["case.withdrawn"]]
        stars = [d["stars"] for d in kinds["case.rated"] if _in(d["at"])]
        routed = kinds["case.routed"][0] if kinds["case.routed"] else None
        whole = [d for d in kinds["sla.clock_stopped"] if d["stage"] is None
                 and d["used_working_days"] is not None and _in(d["at"])]
        km = Decimal(0)
        trips = 0
        if decided_now and routed is not None:
            km = 2 * VILLAGES[submitted["village_code"]]
            trips = 1
            if "department" in routed["path"]:
                km += 2 * TOWNS[submitted["village_code"][:9]]
                trips = 2
        counts = {
            "received": int(_in(submitted["submitted_at"])),
            "accepted": sum(_in(d["at"]) for d in kinds["case.accepted"]),
            "decided": int(decided_now),
            "delivered": sum(_in(d["at"]) for d in kinds["case.result_delivered"]),
            "on_time": int(decided_now and not late),
            "late": int(decided_now and late),
            "returned": int(any(_in(d["at"]) for d in kinds["case.returned"])),
            "withdrawn": sum(_in(d["at"]) for d in kinds["case.withdrawn"]),
            "rejected": int(decided_now and decided is not None
                            and decided["outcome"] == "rejected"),
            "open_at_month_end": int(
                datetime.fromisoformat(submitted["submitted_at"]) < NOVEMBER[1]
                and not any(datetime.fromisoformat(a) < NOVEMBER[1] for a in ended)),
            "rated_good": sum(s >= 4 for s in stars),
            "rated_average": sum(s == 3 for s in stars),
            "rated_bad": sum(s <= 2 for s in stars),
            "complaints": sum(_in(d["at"]) for d in kinds["complaint.filed"]),
            "trips_saved": trips,
            "km_saved": km,
            "working_days_used": sum(d["used_working_days"] for d in whole),
            "working_days_limit": sum(d["budget_working_days"] for d in whole),
            "over_limit": sum(d["used_working_days"] > d["budget_working_days"] for d in whole),
        }
        if not any(counts.values()):
            continue
        for row in (total, by_matter[submitted["matter_code"]]):
            for k, v in counts.items():
                row[k] += v
    return {"total": dict(total), "by_matter": {k: dict(v) for k, v in by_matter.items()}}


def _half_up(value: Decimal, places: str) -> float:
    return float(value.quantize(Decimal(places), ROUND_HALF_UP))


def expected_stages(events: list[Envelope], town: str) -> list[dict[str, Any]]:
    """Each relay stage's line, straight from the events, over the town's cases decided in
    November: a stage counts where its clock stopped or went red or timed out, its latest stop
    giving the days."""
    decided = {e.data["case"]["case_number"] for e in events
               if e.type == "case.decided" and _in(e.data["at"])
               and e.data["case"]["village_code"].startswith(town)}
    lines = []
    for stage in ("village", "town", "county", "department"):
        stops: dict[str, dict[str, Any]] = {}
        late: set[str] = set()
        timed_out: set[str] = set()
        for e in events:
            if e.data.get("stage") != stage or e.data["case"]["case_number"] not in decided:
                continue
            number = e.data["case"]["case_number"]
            if e.type == "sla.clock_stopped" and (
                    number not in stops or datetime.fromisoformat(stops[number]["at"])
                    < datetime.fromisoformat(e.data["at"])):
                stops[number] = e.data
            if e.type in ("sla.breached", "sla.timed_out"):
                late.add(number)
            if e.type == "sla.timed_out":
                timed_out.add(number)
        known = [d for d in stops.values() if d["used_working_days"] is not None]
        used = sum(d["used_working_days"] for d in known)
        budget = sum(d["budget_working_days"] for d in known)
        cases = len(set(stops) | late)
        lines.append({
            "stage": stage, "cases": cases, "on_time": cases - len(late), "late": len(late),
            "timed_out": len(timed_out), "days_known": len(known),
            "working_days_used": used, "working_days_budget": budget,
            "average_working_days": _half_up(Decimal(used) / len(known), "0.1") if known
            else None,
            "max_working_days": max((d["used_working_days"] for d in known), default=None),
            "used_share": _half_up(Decimal(used) / budget, "0.01") if budget else None,
            "over_budget": sum(d["used_working_days"] > d["budget_working_days"]
                               for d in known)})
    return lines


def _numbers(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(float(v), 1) if k == "km_saved" else v) for k, v in row.items()
            if k != "key"}


async def test_each_towns_monthly_report_equals_the_count_from_the_raw_events(
        audit_api: AuditApi) -> None:
    events = month_of_events()
    for start in range(0, len(events), 250):
        await audit_api.service.commands.record_batch(RecordBatch(events[start:start + 250]))
    for town in TOWNS:
        expected = expected_report(events, town)
        for kind in ("late", "returned", "withdrawn", "rated_bad", "open_at_month_end",
                     "working_days_used", "over_limit"):
            assert expected["total"][kind], f"the month has no {kind} case in {town}"
        response = await audit_api.client.get(
            f"/v1/reports/monthly/{town}", params={"month": "2026-11"},
            headers=audit_api.auth(Role.SUPERVISOR, town))
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["complete"] is True
        assert _numbers(report["total"]) == _numbers(expected["total"])
        assert {r["key"]: _numbers(r) for r in report["by_matter"]} == {
            k: _numbers(v) for k, v in expected["by_matter"].items()}
        departments = {r["key"]: _numbers(r) for r in report["by_department"]}
        assert sum(d["decided"] for d in departments.values()) == expected["total"]["decided"]
        stages = expected_stages(events, town)
        assert report["stages"] == stages
        for stage in stages:
            assert stage["cases"] == stage["on_time"] + stage["late"]
        village, town_stage, county, department = stages
        assert village["cases"] == town_stage["cases"] == expected["total"]["decided"]
        assert 0 < county["cases"] == department["cases"] < town_stage["cases"], (
            "no case of the month skipped the county's stages, or none went up")
        for kind in ("late", "timed_out", "over_budget"):
            assert sum(s[kind] for s in stages), f"no stage of {town} has a {kind} case"
        assert any(s["days_known"] < s["cases"] for s in stages), "every stop gave its days"

        xlsx = await audit_api.client.get(
            f"/v1/reports/monthly/{town}",
            params={"month": "2026-11", "format": "xlsx"},
            headers=audit_api.auth(Role.SUPERVISOR, town))
        assert xlsx.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        assert book.sheetnames == ["合计", "按镇街", "按事项", "按部门", "各环节用时"]
        assert [list(r) for r in book["各环节用时"].iter_rows(min_row=3, values_only=True)] == [
            [name, *(v for k, v in s.items() if k != "stage")]
            for name, s in zip(("村（社区）", "镇（街道）", "县（区）", "县级部门"), stages,
                               strict=True)]
        assert book["各环节用时"]["A2"].value == "环节"
        assert [r["key"] for r in report["by_town"]] == [town]
        assert _numbers(report["by_town"][0]) == _numbers(report["total"])
        for sheet, rows in (("合计", [report["total"]]), ("按镇街", report["by_town"]),
                            ("按事项", report["by_matter"]),
                            ("按部门", report["by_department"])):
            cells = [list(r) for r in book[sheet].iter_rows(min_row=3, values_only=True)]
            assert cells == [[r["key"], *(v for k, v in r.items() if k != "key")]
                             for r in rows]
        assert book["合计"]["B2"].value == "收件"

        text = (await audit_api.client.get(
            f"/v1/reports/monthly/{town}", params={"month": "2026-11", "format": "csv"},
            headers=audit_api.auth(Role.SUPERVISOR, town))).text
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert lines[0][:3] == ["表", "键", "收件"]
        assert lines[1][2:] == [str(v) for k, v in report["total"].items() if k != "key"]
        assert "环节" not in {line[0] for line in lines}

        text = (await audit_api.client.get(
            f"/v1/reports/monthly/{town}",
            params={"month": "2026-11", "format": "csv", "part": "stages"},
            headers=audit_api.auth(Role.SUPERVISOR, town))).text
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert lines[0][:3] == ["环节", "经办件数", "按时"]
        assert [line[1:] for line in lines[1:]] == [
            ["" if v is None else str(v) for k, v in s.items() if k != "stage"]
            for s in stages]

    ranking = (await audit_api.client.get(
        f"/v1/reports/ranking/{COUNTY}", params={"month": "2026-11"},
        headers=audit_api.auth(Role.SUPERVISOR, COUNTY))).json()
    rates = {}
    for town in TOWNS:
        total = expected_report(events, town)["total"]
        rates[town] = (total["on_time"] / total["decided"], total["decided"], total["on_time"])
    assert [(t["key"], t["decided"], t["on_time"]) for t in ranking["towns"]] == [
        (town, decided, on_time) for town, (_, decided, on_time)
        in sorted(rates.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))]
    assert [t["rank"] for t in ranking["towns"]] == [1, 2]
    assert {d["key"] for d in ranking["departments"]} == {"MZ", "YB"}
    shares = [d["on_time_rate"] for d in ranking["departments"]]
    assert shares == sorted(shares, reverse=True)


async def test_the_agents_ledger_lists_every_case_they_took_within_the_callers_reach(
        audit_api: AuditApi) -> None:
    events = month_of_events(seed=7, cases=60)
    await audit_api.service.commands.record_batch(RecordBatch(events))
    taken = sorted((e.data["village_code"], e.data["case_number"]) for e in events
                   if e.type == "case.submitted" and _in(e.data["submitted_at"]))
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    everything = await audit_api.client.get(f"/v1/reports/agents/{AGENT.staff_id}",
                                            params=period,
                                            headers=audit_api.auth(Role.SUPERVISOR, COUNTY))
    assert everything.status_code == 200, everything.text
    lines = everything.json()
    assert sorted((x["village_code"], x["case_number"]) for x in lines) == taken
    withdrawn = {e.data["case"]["case_number"] for e in events if e.type == "case.withdrawn"}
    assert {x["case_number"] for x in lines if x["status"] == "withdrawn"} == {
        n for _, n in taken if n in withdrawn}

    town = await audit_api.client.get(f"/v1/reports/agents/{AGENT.staff_id}", params=period,
                                      headers=audit_api.auth(Role.SUPERVISOR, "110116102"))
    assert sorted(x["case_number"] for x in town.json()) == [
        n for v, n in sorted(taken, key=lambda t: t[1]) if v.startswith("110116102")]

    xlsx = await audit_api.client.get(f"/v1/reports/agents/{AGENT.staff_id}",
                                      params={**period, "format": "xlsx"},
                                      headers=audit_api.auth(Role.SUPERVISOR, COUNTY))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["代办台账"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [x["case_number"] for x in lines]
    assert [r[12] for r in rows] == [x["returns"] for x in lines]
    assert sheet["A2"].value == "案件编号"


async def test_the_weeks_and_the_countys_figures_add_up_from_the_towns(
        audit_api: AuditApi) -> None:
    events = month_of_events()
    await audit_api.service.commands.record_batch(RecordBatch(events))
    county = audit_api.auth(Role.SUPERVISOR, COUNTY)
    weeks = []
    for week in ("2026-W45", "2026-W46", "2026-W47", "2026-W48"):  # 2 to 29 November
        response = await audit_api.client.get(f"/v1/reports/weekly/{COUNTY}",
                                              params={"week": week}, headers=county)
        assert response.status_code == 200, response.text
        weeks.append(response.json())
        assert sum(t["received"] for t in weeks[-1]["by_town"]) == weeks[-1]["total"]["received"]
    received_in_weeks = sum(
        1 for e in events if e.type == "case.submitted"
        and datetime(2026, 11, 1, 16, tzinfo=UTC) <= datetime.fromisoformat(
            e.data["submitted_at"]) < datetime(2026, 11, 29, 16, tzinfo=UTC))
    assert sum(w["total"]["received"] for w in weeks) == received_in_weeks

    since = await audit_api.client.get(f"/v1/reports/overview/{COUNTY}",
                                       params={"since": "2026-10-01"}, headers=county)
    assert since.json()["total"]["received"] == sum(
        1 for e in events if e.type == "case.submitted")
    refused = await audit_api.client.get(f"/v1/reports/weekly/{COUNTY}",
                                         params={"week": "2026-48"}, headers=county)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["week"]
