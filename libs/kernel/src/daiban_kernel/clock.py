"""What a handler asks for when it needs the time or a new id: chosen once, in bootstrap.

Handlers never call ``datetime.now`` or ``uuid4`` themselves; ``bootstrap.build`` passes a
``Clock`` and ``Ids`` (tests pass fixed ones), so every moment and id a command records comes from
one place.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""The current moment, time-zone aware (UTC)."""

Ids = Callable[[], str]
"""A new unique id (32 hex digits)."""


def system_clock() -> datetime:
    """The machine's clock, in UTC."""
    return datetime.now(UTC)


def random_ids() -> str:
    """A random UUID4 as 32 hex digits."""
    return uuid.uuid4().hex
