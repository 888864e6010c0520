"""Intake's background loops: the outbox relay (it consumes no events yet)."""

from __future__ import annotations

from daiban_common.db import create_engine
from daiban_common.service import Runnable, standard_workers
from daiban_common.settings import CommonSettings
from daiban_intake.adapters.orm import messaging


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """The relay that publishes intake's outbox."""
    return standard_workers(settings, service="intake", engine=create_engine(settings),
                            tables=messaging, consumer=None)
