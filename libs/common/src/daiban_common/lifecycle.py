"""Long-running loops that outlive a database or broker outage instead of dying with it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def wait_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds`` unless ``stop`` is set first."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def keep_running(body: Callable[[asyncio.Event], Awaitable[None]], stop: asyncio.Event,
                       *, name: str, max_backoff: float = 30.0) -> None:
    """Run ``body`` until ``stop``; after a failure, start it again with growing backoff."""
    backoff = 0.5
    while not stop.is_set():
        try:
            await body(stop)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed; restarting in %.1fs", name, backoff)
            await wait_or_stop(stop, backoff)
            backoff = min(backoff * 2, max_backoff)
