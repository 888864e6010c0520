"""Notify's business metrics: notices by channel and outcome, and how long the longest-waiting
due notice has waited (the dispatcher's lag; notices held for the quiet hours or for a retry
are not due)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from prometheus_client import Counter, Gauge

from daiban_notify.handlers import Outcome

NOTICES = Counter(
    "daiban_notify_notifications",
    "Notices the dispatcher handled, by channel and result (sent, retried, failed, held)",
    ["channel", "result"])
DUE_WAIT = Gauge(
    "daiban_notify_oldest_due_seconds",
    "How long the longest-waiting due notice has waited to be sent (0: none is due)")


def observe_outcomes(outcomes: Iterable[Outcome]) -> None:
    """Count a batch's outcomes."""
    for outcome in outcomes:
        NOTICES.labels(channel=outcome.channel.value, result=outcome.outcome).inc()


def observe_due(since: datetime | None, now: datetime) -> None:
    """Export the dispatcher's lag."""
    DUE_WAIT.set(0 if since is None else max((now - since).total_seconds(), 0))
