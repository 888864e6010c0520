"""Intake's worker process: its event consumer (routing's news) and its outbox relay."""

from __future__ import annotations

from daiban_common.service import Runnable
from daiban_intake import bootstrap
from daiban_intake.settings import IntakeSettings


def build_workers(settings: IntakeSettings) -> list[Runnable]:
    """The worker process's loops, from bootstrap."""
    return list(bootstrap.build(settings).workers)
