"""SLA's commands, queries and event handlers, one async function each: load → domain → commit.

Each takes its message and a unit of work, and its collaborators by keyword (bound once, in
``bootstrap``). Event handlers run inside the consumer's transaction and never commit themselves.
"""

from daiban_sla.handlers.calendar import (
    ArrangedYear,
    ArrangeYear,
    CurrentCalendar,
    LoadedCalendar,
    LoadedYears,
    OutlookToday,
    TakePackageYears,
    WorkingDaysAfter,
    WorkingDaysBetween,
    YearOf,
    add_working_days,
    arrange_year,
    calendar_outlook,
    calendar_year,
    calendar_years,
    take_package_years,
    working_days_between,
)
from daiban_sla.handlers.cases import (
    CaseOf,
    CaseReading,
    ClockReading,
    LightsFound,
    LightsUnder,
    ResultsFound,
    ResultsUnder,
    case_clocks,
    lights,
    results,
)
from daiban_sla.handlers.clocks import (
    ClockKeeping,
    follow_relay,
    resume_supplemented_case,
    start_clocks,
    stop_withdrawn_case,
    track_submitted_case,
)
from daiban_sla.handlers.matters import keep_published_matter, withdraw_unpublished_matter
from daiban_sla.handlers.sweep import (
    FireDueClocks,
    NextDue,
    OpenClocks,
    RecomputeStaleClocks,
    SweptBatch,
    fire_due_clocks,
    next_due,
    open_clocks_by_light,
    recompute_stale_clocks,
)

__all__ = [
    "ArrangeYear", "ArrangedYear", "CaseOf", "CaseReading", "ClockKeeping", "ClockReading",
    "CurrentCalendar", "FireDueClocks", "LightsFound", "LightsUnder", "LoadedCalendar",
    "LoadedYears", "NextDue", "OpenClocks", "OutlookToday", "RecomputeStaleClocks",
    "ResultsFound", "ResultsUnder",
    "SweptBatch", "TakePackageYears", "WorkingDaysAfter", "WorkingDaysBetween", "YearOf",
    "add_working_days", "arrange_year", "calendar_outlook", "calendar_year", "calendar_years",
    "case_clocks", "fire_due_clocks", "follow_relay", "keep_published_matter", "lights",
    "next_due", "open_clocks_by_light", "recompute_stale_clocks", "results",
    "resume_supplemented_case",
    "start_clocks", "stop_withdrawn_case", "take_package_years", "track_submitted_case",
    "withdraw_unpublished_matter", "working_days_between",
]
