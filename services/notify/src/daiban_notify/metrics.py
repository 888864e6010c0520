"""Notify's business metrics: notices by channel and outcome, and the age of the oldest one
still pending."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from prometheus_client import Counter, Gauge

from daiban_notify.handlers import Outcome

NOTICES = Counter(
    "daiban_notify_notifications_total",
    "Notices the dispatcher handled, by channel and outcome (sent, retried, failed, held)",
    ["channel", "outcome"])
PENDING_AGE = Gauge(
    "daiban_notify_oldest_pending_seconds",
    "How long the oldest notice still pending has waited (0: none pending)")


def observe_outcomes(outcomes: Iterable[Outcome]) -> None:
    """Count a batch's outcomes."""
    for outcome in outcomes:
        NOTICES.labels(channel=outcome.channel.value, outcome=outcome.outcome).inc()


def observe_pending(since: datetime | None, now: datetime) -> None:
    """Export the oldest pending notice's age."""
    PENDING_AGE.set(0 if since is None else max((now - since).total_seconds(), 0))
