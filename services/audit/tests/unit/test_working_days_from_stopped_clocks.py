"""The case record keeps each stopped clock's working days from ``sla.clock_stopped``, the
latest stop of a stage counting whatever order the stops arrive in; the month counts the whole
case's days against its legal limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from daiban_audit.domain.case_record import CaseRecord, StageDays
from daiban_audit.domain.monthly_report import Month, counts_of
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaClockStoppedV1

REF = CaseRef(case_number="110116-20261101-000001", village_code="110116101001",
              matter_code="MZ-001", matter_version=1)
NOV = datetime(2026, 11, 3, 2, tzinfo=UTC)


def stopped(stage: Tier | None, budget: int, used: int | None, at: datetime) -> dict[str, Any]:
    over = None if used is None else max(0, used - budget)
    return SlaClockStoppedV1(
        case=REF, clock_id=f"{REF.case_number}/{stage or 'case'}", stage=stage,
        budget_working_days=budget, used_working_days=used, days_over=over,
        on_time=None if over is None else over == 0, reason="handed_over",
        at=at).model_dump(mode="json")


def folded(*events: dict[str, Any]) -> CaseRecord:
    record = CaseRecord(REF.case_number)
    for data in events:
        record = record.apply("sla.clock_stopped", data, datetime.fromisoformat(data["at"]))
    return record


def test_a_stage_stopped_twice_keeps_its_latest_stop_in_any_order() -> None:
    first = stopped(Tier.TOWN, 2, 1, NOV)
    again = stopped(Tier.TOWN, 2, 3, NOV + timedelta(days=3))
    for order in ((first, again), (again, first)):
        record = folded(*order)
        assert record.stage_days == {"town": StageDays(2, 3, NOV + timedelta(days=3))}
        assert record.whole_case_days is None
        assert CaseRecord.of_json(record.to_json()) == record


def test_the_month_counts_the_whole_cases_days_against_its_limit_when_it_stopped() -> None:
    november, december = Month(2026, 11), Month(2026, 12)
    late = folded(stopped(Tier.TOWN, 2, 9, NOV), stopped(None, 13, 15, NOV))
    counts = counts_of(late, november, {})
    assert (counts["working_days_used"], counts["working_days_limit"],
            counts["over_limit"]) == (15, 13, 1)
    assert counts_of(late, december, {})["working_days_limit"] == 0
    on_time = counts_of(folded(stopped(None, 13, 13, NOV)), november, {})
    assert (on_time["working_days_used"], on_time["over_limit"]) == (13, 0)
    unknown = counts_of(folded(stopped(None, 13, None, NOV)), november, {})
    assert (unknown["working_days_used"], unknown["working_days_limit"]) == (0, 0)
