"""The report's stage table (各环节用时) counts, per relay stage, the cases decided in the period
that passed through it: a stage a case skipped has no line of it, a case still open (or decided
in another month) is not counted, and a stop whose days sla has not counted yet counts the case
but not its days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from daiban_audit.domain.case_record import CaseRecord, PlaceNode
from daiban_audit.domain.monthly_report import Month, place_report
from daiban_audit.domain.stage_times import RELAY_STAGES, StageLine
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import CaseDecidedV1, Outcome
from daiban_kernel.contracts.sla import SlaBreachedV1, SlaClockStoppedV1, SlaTimedOutV1
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role

TOWN = PlaceNode("110116101", "城关镇", "town", "110116", Decimal("12.5"), 1)
NOV = datetime(2026, 11, 3, 2, tzinfo=UTC)
CLERK = Actor(staff_id="110116-0002", role=Role.TOWN_CLERK, place="110116101")


def ref(n: int) -> CaseRef:
    return CaseRef(case_number=f"110116-20261101-{n:06d}", village_code="110116101001",
                   matter_code="MZ-001", matter_version=1)


def stopped(n: int, stage: Tier, budget: int, used: int | None) -> SlaClockStoppedV1:
    over = None if used is None else max(0, used - budget)
    return SlaClockStoppedV1(
        case=ref(n), clock_id=f"{n}/{stage}", stage=stage, budget_working_days=budget,
        used_working_days=used, days_over=over, on_time=None if over is None else over == 0,
        reason="handed_over", at=NOV)


def decided(n: int, at: datetime = NOV) -> CaseDecidedV1:
    return CaseDecidedV1(case=ref(n), flow_version=3, at=at, tier=Tier.TOWN,
                         outcome=Outcome.APPROVED, by=CLERK)


def case(n: int, *events: EventData) -> CaseRecord:
    record = CaseRecord(ref(n).case_number, village_code="110116101001", opened_at=NOV)
    for event in events:
        data: dict[str, Any] = event.model_dump(mode="json")
        record = record.apply(event.event_type, data, NOV)
    return record


def stages_of(*records: CaseRecord) -> dict[str, StageLine]:
    report = place_report(TOWN, Month(2026, 11), records, {}, now=NOV + timedelta(days=40))
    assert [line.stage for line in report.stages] == list(RELAY_STAGES)
    return {line.stage: line for line in report.stages}


def test_a_stage_the_case_skipped_has_a_line_of_zeros() -> None:
    lines = stages_of(case(1, stopped(1, Tier.VILLAGE, 2, 1), stopped(1, Tier.TOWN, 4, 3),
                           decided(1)))
    assert lines["village"] == StageLine("village", cases=1, on_time=1, days_known=1,
                                         working_days_used=1, working_days_budget=2,
                                         max_working_days=1)
    assert lines["town"].cases == 1
    for up in ("county", "department"):
        assert lines[up] == StageLine(up)
        assert (lines[up].average_working_days, lines[up].used_share) == (None, None)


def test_a_case_still_open_or_decided_in_another_month_is_not_counted() -> None:
    open_case = case(1, stopped(1, Tier.VILLAGE, 2, 2), stopped(1, Tier.TOWN, 4, 9))
    next_month = case(2, stopped(2, Tier.VILLAGE, 2, 2), decided(2, NOV + timedelta(days=30)))
    counted = case(3, stopped(3, Tier.VILLAGE, 2, 2), decided(3))
    lines = stages_of(open_case, next_month, counted)
    assert (lines["village"].cases, lines["town"].cases) == (1, 0)


def test_late_timed_out_and_over_budget_are_counted_at_their_own_stage() -> None:
    timed_out = SlaTimedOutV1(case=ref(1), clock_id="1/town", stage=Tier.TOWN, deadline=NOV,
                              at=NOV)
    red_elsewhere = SlaBreachedV1(case=ref(2), clock_id="2/case", stage=None, deadline=NOV,
                                  at=NOV)
    lines = stages_of(
        case(1, stopped(1, Tier.VILLAGE, 2, 1), stopped(1, Tier.TOWN, 4, 6), timed_out,
             decided(1)),
        case(2, stopped(2, Tier.VILLAGE, 2, 3), stopped(2, Tier.TOWN, 4, 2), red_elsewhere,
             decided(2)))
    assert lines["town"] == StageLine("town", cases=2, on_time=1, late=1, timed_out=1,
                                      days_known=2, working_days_used=8,
                                      working_days_budget=8, max_working_days=6,
                                      over_budget=1)
    assert (lines["town"].average_working_days, lines["town"].used_share) == (
        Decimal("4.0"), Decimal("1.00"))
    assert (lines["village"].late, lines["village"].over_budget) == (0, 1)


def test_a_stop_without_its_days_counts_the_case_but_not_its_days() -> None:
    lines = stages_of(case(1, stopped(1, Tier.VILLAGE, 3, 2), decided(1)),
                      case(2, stopped(2, Tier.VILLAGE, 3, None), decided(2)),
                      case(3, stopped(3, Tier.VILLAGE, 3, 5), decided(3)))
    village = lines["village"]
    assert (village.cases, village.days_known, village.working_days_used,
            village.working_days_budget, village.max_working_days) == (3, 2, 7, 6, 5)
    assert (village.average_working_days, village.used_share) == (Decimal("3.5"),
                                                                  Decimal("1.17"))


def test_a_stage_that_went_red_before_its_stop_was_heard_still_counts() -> None:
    red = SlaBreachedV1(case=ref(1), clock_id="1/town", stage=Tier.TOWN, deadline=NOV, at=NOV)
    lines = stages_of(case(1, red, decided(1)))
    assert lines["town"] == StageLine("town", cases=1, late=1)


def test_the_record_keeps_its_timed_out_stages_through_json() -> None:
    record = case(1, SlaTimedOutV1(case=ref(1), clock_id="1/town", stage=Tier.TOWN,
                                   deadline=NOV, at=NOV))
    assert record.timed_out_stages == {"town": NOV}
    assert record.late_stages == {"town": NOV}
    assert CaseRecord.of_json(record.to_json()) == record
