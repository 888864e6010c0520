"""SLA's commands and event handlers, one async function each: load → domain → commit.

Event handlers run inside the consumer's transaction and never commit themselves.
"""

from daiban_sla.handlers.calendar import (
    ArrangedYear,
    ArrangeYear,
    CurrentCalendar,
    arrange_year,
    calendar_year,
    calendar_years,
    take_package_years,
)
from daiban_sla.handlers.cases import track_submitted_case
from daiban_sla.handlers.matters import keep_published_matter, withdraw_unpublished_matter

__all__ = [
    "ArrangeYear", "ArrangedYear", "CurrentCalendar", "arrange_year", "calendar_year",
    "calendar_years", "keep_published_matter", "take_package_years", "track_submitted_case",
    "withdraw_unpublished_matter",
]
