"""Routing's worker process: its event consumer, its outbox relay and the handover reminders."""

from __future__ import annotations

from daiban_common.service import Runnable
from daiban_routing import bootstrap
from daiban_routing.settings import RoutingSettings


def build_workers(settings: RoutingSettings) -> list[Runnable]:
    """The worker process's loops, from bootstrap."""
    return list(bootstrap.build(settings).workers)
