"""Notify's worker process: its event consumer, its outbox relay and its dispatcher."""

from __future__ import annotations

from daiban_common.service import Runnable
from daiban_notify import bootstrap
from daiban_notify.settings import NotifySettings


def build_workers(settings: NotifySettings) -> list[Runnable]:
    """The worker process's loops, from bootstrap."""
    return list(bootstrap.build(settings).workers)
