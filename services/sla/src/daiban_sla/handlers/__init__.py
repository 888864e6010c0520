"""SLA's commands and event handlers, one async function each: load → domain → commit.

Event handlers run inside the consumer's transaction and never commit themselves.
"""

from daiban_sla.handlers.calendar import (
    ArrangedYear,
    ArrangeYear,
    CalendarWatcher,
    CurrentCalendar,
    arrange_year,
    calendar_year,
    calendar_years,
    take_package_years,
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
    SweptBatch,
    fire_due_clocks,
    next_due,
    open_clocks_by_light,
    recompute_stale_clocks,
)

__all__ = [
    "ArrangeYear", "ArrangedYear", "CalendarWatcher", "ClockKeeping", "CurrentCalendar",
    "SweptBatch",
    "arrange_year", "calendar_year", "calendar_years", "fire_due_clocks", "follow_relay",
    "keep_published_matter", "next_due", "open_clocks_by_light", "recompute_stale_clocks",
    "resume_supplemented_case", "start_clocks", "stop_withdrawn_case", "take_package_years",
    "track_submitted_case", "withdraw_unpublished_matter",
]
