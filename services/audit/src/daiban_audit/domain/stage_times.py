"""What each relay stage (三棒接力: village, town, county, department) used of its working days,
over the cases decided in a period (the monthly report's 各环节用时), from sla's lights and
stopped clocks as the case records keep them (the rules in docs/reports.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from daiban_audit.domain.case_record import CaseRecord

RELAY_STAGES = ("village", "town", "county", "department")
"""The stages of the relay, in the order a case passes them."""


@dataclass(frozen=True)
class StageLine:
    """One stage's line: the decided cases that passed through it and what they used there."""

    stage: str
    cases: int = 0
    """Cases whose clock at the stage stopped, went red or timed out."""
    on_time: int = 0
    late: int = 0
    """Cases whose clock at the stage went red (``sla.breached``) or timed out."""
    timed_out: int = 0
    """Cases the stage timed out on and deemed passed (超时默认)."""
    days_known: int = 0
    """Cases whose stop at the stage gives its working days (the ones the sums count)."""
    working_days_used: int = 0
    working_days_budget: int = 0
    max_working_days: int | None = None
    over_budget: int = 0
    """Cases that used more working days at the stage than its budget."""

    @property
    def average_working_days(self) -> Decimal | None:
        """Working days used per case whose days are known, to a tenth (halves up); None
        without any."""
        if not self.days_known:
            return None
        average = Decimal(self.working_days_used) / self.days_known
        return average.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def used_share(self) -> Decimal | None:
        """The days used over the days budgeted, to a hundredth (halves up); None when nothing
        was budgeted."""
        if not self.working_days_budget:
            return None
        return (Decimal(self.working_days_used) / self.working_days_budget).quantize(
            Decimal("0.01"), ROUND_HALF_UP)

    def counting(self, record: CaseRecord) -> StageLine:
        """The line with one more case, if the case passed through the stage."""
        days = record.stage_days.get(self.stage)
        late = self.stage in record.late_stages
        if days is None and not late:
            return self
        used = None if days is None else days.used
        known = days is not None and used is not None
        return StageLine(
            stage=self.stage, cases=self.cases + 1, on_time=self.on_time + (not late),
            late=self.late + late,
            timed_out=self.timed_out + (self.stage in record.timed_out_stages),
            days_known=self.days_known + known,
            working_days_used=self.working_days_used + (used or 0),
            working_days_budget=self.working_days_budget + (
                days.budget if days is not None and known else 0),
            max_working_days=self.max_working_days if used is None else max(
                used, self.max_working_days or 0),
            over_budget=self.over_budget + bool(days is not None and days.over))


def stage_lines(decided: Iterable[CaseRecord]) -> list[StageLine]:
    """A line per relay stage, in relay order, over the given (decided) cases; a stage no case
    passed has a line of zeros."""
    lines = [StageLine(stage) for stage in RELAY_STAGES]
    for record in decided:
        lines = [line.counting(record) for line in lines]
    return lines
