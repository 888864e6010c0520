"""Sla's worker process: its event consumer, its outbox relay, its clock sweeper and the watcher
that keeps the process's working-day calendar fresh (handlers read it from memory only)."""

from __future__ import annotations

from daiban_common.service import Runnable
from daiban_sla import bootstrap
from daiban_sla.settings import SlaSettings


def build_workers(settings: SlaSettings) -> list[Runnable]:
    """The worker process's loops, from bootstrap."""
    return list(bootstrap.build(settings).workers)
