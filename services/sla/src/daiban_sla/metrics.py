"""SLA's own Prometheus metrics (daiban_common.observability holds the platform's).

- ``daiban_sla_open_clocks{light}`` gauge: open clocks by the light last fired, recounted by the
  sweeper every ``OPEN_CLOCKS_REFRESH_SECONDS``.
- ``daiban_sla_breaches_total{stage}`` counter: red lights fired (``stage`` is a tier, or
  ``case`` for the whole case's clock).
- ``daiban_sla_sweeper_lag_seconds{level}`` histogram: how long after its moment a level fired
  (``warning``, ``breach``, ``timeout``, ``escalation``).
- ``daiban_sla_calendar_days_loaded_ahead`` gauge: days from today (China's day) until the first
  day of a year whose working-day arrangement is not loaded (0: this year's is not), set by the
  calendar watcher in the worker and in the API. At ``NEXT_YEAR_ALERT_DAYS`` or fewer, next year's
  arrangement is due (from 1 November): alert ``DaibanSlaNextYearCalendarNotLoaded``.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from daiban_sla.domain.calendar_outlook import CalendarOutlook
from daiban_sla.domain.clock import Fired, Level, Light, stage_key

NEXT_YEAR_ALERT_DAYS = 61
"""1 November to 1 January: the alert's threshold, ``CalendarOutlook.next_year_due`` in days."""

OPEN_CLOCKS = Gauge("daiban_sla_open_clocks", "Open SLA clocks by light", ["light"])
BREACHES = Counter("daiban_sla_breaches", "Red lights fired (limits passed)", ["stage"])
SWEEPER_LAG = Histogram(
    "daiban_sla_sweeper_lag_seconds", "How long after its moment a clock's level fired",
    ["level"], buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600))
CALENDAR_DAYS_LOADED_AHEAD = Gauge(
    "daiban_sla_calendar_days_loaded_ahead",
    "Days from today until the first day of a year whose working-day calendar is not loaded")

CALENDAR_DAYS_LOADED_AHEAD.set(float("nan"))  # unknown until the watcher looked: no alert

for _light in Light:
    OPEN_CLOCKS.labels(_light.value)
for _stage in ("village", "town", "county", "department", "case"):
    BREACHES.labels(_stage)


def observe_fired(fired: list[Fired]) -> None:
    """Count breaches and record how late each level fired."""
    for f in fired:
        SWEEPER_LAG.labels(f.level.value).observe(max(0.0, f.lag.total_seconds()))
        if f.level is Level.BREACH:
            BREACHES.labels(stage_key(f.stage)).inc()


def observe_open_clocks(counts: dict[Light, int]) -> None:
    """Set the gauge of open clocks by light."""
    for light, n in counts.items():
        OPEN_CLOCKS.labels(light.value).set(n)


def observe_calendar_outlook(outlook: CalendarOutlook) -> None:
    """Set the gauge of how far ahead the calendar is loaded."""
    CALENDAR_DAYS_LOADED_AHEAD.set(outlook.days_loaded_ahead)
