"""Audit's worker process: its event consumer, its outbox relay and its checkpointer."""

from __future__ import annotations

from daiban_audit import bootstrap
from daiban_audit.settings import AuditSettings
from daiban_common.service import Runnable


def build_workers(settings: AuditSettings) -> list[Runnable]:
    """The worker process's loops, from bootstrap."""
    return list(bootstrap.build(settings).workers)
