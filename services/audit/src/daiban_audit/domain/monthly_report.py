"""The monthly report of a town (月报制度) and what relaying saved its residents, computed from the
case records and the place tree alone (the rules in docs/reports.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Protocol

from daiban_audit.domain.case_record import CaseRecord, PlaceNode
from daiban_audit.domain.stage_times import StageLine, stage_lines
from daiban_kernel.china import CHINA

COUNTS = ("received", "accepted", "decided", "delivered", "on_time", "late", "returned",
          "withdrawn", "rejected", "open_at_month_end", "rated_good", "rated_average",
          "rated_bad", "complaints", "trips_saved", "km_saved", "working_days_used",
          "working_days_limit", "over_limit")
"""The columns of every row, in order."""
DUE_DAY = 5
"""Each town's monthly report is due at the county by the 5th of the next month (月报制度)."""
NO_DEPARTMENT = "-"
"""The department key of a case no county department decides (a town-decided case)."""


class Period(Protocol):
    """A span of time a report covers: [start, end)."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    def holds(self, moment: datetime | None) -> bool: ...


@dataclass(frozen=True)
class Span:
    """Any [start, end) with the label reports show for it (a week ``2026-W48``, a date onwards)."""

    start: datetime
    end: datetime
    label: str

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def __str__(self) -> str:
        return self.label


def iso_week(text: str) -> Span:
    """``YYYY-Www`` (ISO 8601 week, Monday to Sunday, China time); a ValueError otherwise, or
    for a week a time cannot hold (0001-W01 begins in year 0 in UTC, 9999-W52 ends in 10000)."""
    year, _, week = text.partition("-W")
    if len(year) != 4 or len(week) != 2:
        raise ValueError("a week is written YYYY-Www, e.g. 2026-W48")
    monday = date.fromisocalendar(int(year), int(week), 1)
    try:
        start = datetime.combine(monday, time(), CHINA).astimezone(UTC)
        end = start + timedelta(days=7)
    except OverflowError:
        raise ValueError("a week from 0001-W02 to 9999-W51") from None
    return Span(start, end, f"{int(year):04d}-W{int(week):02d}")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month in China time."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``YYYY-MM``; a ValueError otherwise, or for a month a time cannot hold (0001-01
        begins in year 0 in UTC, 9999-12 ends in 10000)."""
        year, _, month = text.partition("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError("a month is written YYYY-MM")
        found = cls(int(year), int(month))
        date(found.year, found.month, 1)
        if not FIRST_MONTH <= found <= LAST_MONTH:
            raise ValueError(f"a month from {FIRST_MONTH} to {LAST_MONTH}")
        return found

    @classmethod
    def of(cls, moment: datetime) -> Month:
        local = moment.astimezone(CHINA)
        return cls(local.year, local.month)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def due_on(self) -> date:
        """The day the county expects the month's report by (the 5th of the next month)."""
        following = self.next()
        return date(following.year, following.month, DUE_DAY)

    def late_at(self, moment: datetime) -> bool:
        """Whether a report made at ``moment`` is after the end of its due day (China time)."""
        return moment >= datetime.combine(self.due_on + timedelta(days=1), time(), CHINA)

    @property
    def start(self) -> datetime:
        return datetime.combine(date(self.year, self.month, 1), time(), CHINA).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return self.next().start

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


FIRST_MONTH, LAST_MONTH = Month(1, 2), Month(9999, 11)
"""The months a report can cover: the one before begins, the one after ends, beyond the times
Python can hold (China time is UTC+8)."""


@dataclass(frozen=True)
class Savings:
    """What relaying one case saved its resident: visits not made and road kilometres not
    travelled (there and back)."""

    trips: int
    km: Decimal


NONE_SAVED = Savings(0, Decimal(0))


@dataclass(frozen=True)
class TravelCosts:
    """What a trip and a road kilometre cost a resident, in yuan (from settings)."""

    per_trip: Decimal
    per_km: Decimal

    def of(self, trips: int, km: Decimal) -> Decimal:
        return (trips * self.per_trip + km * self.per_km).quantize(Decimal("0.01"))


def savings_of(record: CaseRecord, places: Mapping[str, PlaceNode]) -> Savings:
    """The visit to the town hall (2 × village→town km) and, when the case went up, the visit
    to the county (2 × town→county km); nothing for a case never decided."""
    if record.decided_at is None or record.village_code is None:
        return NONE_SAVED
    village = places.get(record.village_code)
    town = places.get(village.parent_code) if village and village.parent_code else None
    if village is None or village.distance_km is None:
        return NONE_SAVED
    trips, km = 1, 2 * village.distance_km
    if record.went_up and town is not None and town.distance_km is not None:
        trips, km = 2, km + 2 * town.distance_km
    return Savings(trips, km)


@dataclass(frozen=True)
class ReportRow:
    """One line of a table: a matter, a department or the total."""

    key: str
    counts: Mapping[str, int | Decimal]


@dataclass(frozen=True)
class PlaceReport:
    """A place's report over a period: a town's month (月报), a week, a county since a date."""

    place: PlaceNode
    period: Period
    complete: bool
    """Whether the period had ended when the report was made."""
    total: ReportRow
    by_town: list[ReportRow]
    by_matter: list[ReportRow]
    by_department: list[ReportRow]
    stages: list[StageLine]
    """What each relay stage used of its working days, over the cases decided in the period
    (各环节用时)."""


def counts_of(record: CaseRecord, month: Period, places: Mapping[str, PlaceNode]
              ) -> dict[str, int | Decimal]:
    """One case's contribution to the month's row."""
    decided = month.holds(record.decided_at)
    stars = record.stars if month.holds(record.rated_at) else None
    ended = record.closed_at or record.withdrawn_at
    opened = record.opened_at or record.accepted_at
    saved = savings_of(record, places) if decided else NONE_SAVED
    whole = record.whole_case_days
    finished = whole if whole is not None and whole.used is not None and month.holds(
        whole.at) else None
    return {
        "received": int(month.holds(record.opened_at)),
        "accepted": int(month.holds(record.accepted_at)),
        "decided": int(decided),
        "delivered": int(month.holds(record.delivered_at)),
        "on_time": int(decided and not record.late),
        "late": int(decided and record.late),
        "returned": int(any(month.holds(at) for at in record.returns.values())),
        "withdrawn": int(month.holds(record.withdrawn_at)),
        "rejected": int(decided and record.outcome == "rejected"),
        "open_at_month_end": int(opened is not None and opened < month.end
                                 and (ended is None or ended >= month.end)),
        "rated_good": int(stars is not None and stars >= 4),
        "rated_average": int(stars == 3),
        "rated_bad": int(stars is not None and stars <= 2),
        "complaints": sum(1 for at in record.complaints.values() if month.holds(at)),
        "trips_saved": saved.trips,
        "km_saved": saved.km,
        "working_days_used": 0 if finished is None else finished.used or 0,
        "working_days_limit": 0 if finished is None else finished.budget,
        "over_limit": int(finished is not None and finished.over),
    }


def _zero() -> dict[str, int | Decimal]:
    return {name: Decimal(0) if name == "km_saved" else 0 for name in COUNTS}


def _rows(groups: Mapping[str, dict[str, int | Decimal]]) -> list[ReportRow]:
    return [ReportRow(key, groups[key]) for key in sorted(groups)]


def place_report(place: PlaceNode, period: Period, records: Iterable[CaseRecord],
                 places: Mapping[str, PlaceNode], *, now: datetime) -> PlaceReport:
    """The place's report: every case of its villages, by town, by matter and by
    department, and the relay stages' working days of those decided in the period."""
    total = _zero()
    decided: list[CaseRecord] = []
    towns: dict[str, dict[str, int | Decimal]] = defaultdict(_zero)
    matters: dict[str, dict[str, int | Decimal]] = defaultdict(_zero)
    departments: dict[str, dict[str, int | Decimal]] = defaultdict(_zero)
    for record in records:
        village = record.village_code or ""
        if not village.startswith(place.code):
            continue
        counts = counts_of(record, period, places)
        if counts["decided"]:
            decided.append(record)
        if not any(counts.values()):
            continue
        for row in (total, towns[village[:9]], matters[record.matter_code or NO_DEPARTMENT],
                    departments[record.department_code or NO_DEPARTMENT]):
            for name, value in counts.items():
                row[name] += value
    return PlaceReport(place=place, period=period, complete=now >= period.end,
                       total=ReportRow("total", total), by_town=_rows(towns),
                       by_matter=_rows(matters), by_department=_rows(departments),
                       stages=stage_lines(decided))


@dataclass(frozen=True)
class RankLine:
    """One town's or department's place in the month's on-time ranking (一月一通报)."""

    rank: int
    key: str
    decided: int
    on_time: int
    late: int

    @property
    def on_time_rate(self) -> float | None:
        return None if self.decided == 0 else self.on_time / self.decided


def on_time_ranking(groups: Mapping[str, Iterable[CaseRecord]], month: Period
                    ) -> list[RankLine]:
    """Groups ranked by the share of their cases decided in the month that were on time (the
    most decided first among equals; a group that decided nothing comes last); equal shares
    and counts share a rank."""
    tallies = []
    for key, records in groups.items():
        decided = [r for r in records if month.holds(r.decided_at)]
        late = sum(1 for r in decided if r.late)
        tallies.append((key, len(decided), len(decided) - late, late))

    def order(t: tuple[str, int, int, int]) -> tuple[bool, float, int]:
        return (t[1] == 0, -(t[2] / t[1]) if t[1] else 0.0, -t[1])

    lines: list[RankLine] = []
    for n, tally in enumerate(sorted(tallies, key=lambda t: (*order(t), t[0])), start=1):
        tied = lines and order(tally) == order((lines[-1].key, lines[-1].decided,
                                                 lines[-1].on_time, lines[-1].late))
        lines.append(RankLine(lines[-1].rank if tied else n, *tally))
    return lines


@dataclass(frozen=True)
class ReportIssue:
    """A town's monthly report made once its month had ended (``report.monthly_ready``)."""

    town_code: str
    month: str
    ready_at: datetime
    late: bool
