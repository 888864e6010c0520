"""SLA's own Prometheus metrics (daiban_common.observability holds the platform's).

- ``daiban_sla_open_clocks{light}`` gauge: open clocks by the light last fired, recounted by the
  sweeper every ``OPEN_CLOCKS_REFRESH_SECONDS``.
- ``daiban_sla_breaches_total{stage}`` counter: red lights fired (``stage`` is a tier, or
  ``case`` for the whole case's clock).
- ``daiban_sla_sweeper_lag_seconds{level}`` histogram: how long after its moment a level fired
  (``warning``, ``breach``, ``timeout``, ``escalation``).
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from daiban_sla.domain.clock import Fired, Level, Light, stage_key

OPEN_CLOCKS = Gauge("daiban_sla_open_clocks", "Open SLA clocks by light", ["light"])
BREACHES = Counter("daiban_sla_breaches", "Red lights fired (limits passed)", ["stage"])
SWEEPER_LAG = Histogram(
    "daiban_sla_sweeper_lag_seconds", "How long after its moment a clock's level fired",
    ["level"], buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600))

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
