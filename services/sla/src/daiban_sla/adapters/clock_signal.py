"""The signal a committed clock change sends the sweepers: Postgres LISTEN on the channel the
clock repository NOTIFYs at commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import asyncpg

from daiban_common.settings import CommonSettings, libpq_url
from daiban_sla.adapters.clock_repository import WAKE_CHANNEL


@asynccontextmanager
async def clocks_written(settings: CommonSettings, on_write: Callable[[], None]
                         ) -> AsyncIterator[None]:
    """Call ``on_write`` whenever a transaction that wrote a clock with a moment to come
    commits, for as long as the block runs."""
    connection = await asyncpg.connect(libpq_url(settings.database_url))
    try:
        await connection.add_listener(WAKE_CHANNEL, lambda *_: on_write())
        yield
    finally:
        await connection.close()
