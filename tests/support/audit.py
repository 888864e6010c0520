"""Audit's consumer on a test's own namespace, and what its ledger holds: the one way tests
show that a service's events reach the ledger (outbox → relay → broker → audit).

Services never read audit's tables; this test support does, as the inspector of the ledger."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_audit import bootstrap as audit_bootstrap
from daiban_audit.adapters.orm import ledger
from daiban_audit.settings import AuditSettings
from daiban_common.db import create_engine
from daiban_common.event_handlers import EventHandlers
from daiban_common.inbox import EventConsumer
from tests.support.bus import eventually


async def queue_declared(amqp_url: str, name: str) -> bool:
    """Whether the broker has this queue yet (a consumer declares and binds it on start)."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        try:
            await channel.declare_queue(name, passive=True)
        except aio_pika.exceptions.ChannelClosed:
            return False
    return True


def audit_consumer(settings: AuditSettings, *, handlers: EventHandlers | None = None
                   ) -> tuple[EventConsumer, AsyncEngine]:
    """Audit's consumer (of its own handler, or of ``handlers``) on a pool of its own, and the
    pool (dispose it after)."""
    engine = create_engine(settings)
    units = audit_bootstrap.postgres_units(engine)
    chosen = handlers or audit_bootstrap.build(settings, uow_factory=units).event_handlers
    return EventConsumer(settings, service="audit", handlers=chosen, uow_factory=units), engine


class AuditLedger:
    """Audit's consumer (run it with ``Running``) and reads of the ledger by subject."""

    def __init__(self, env: dict[str, str]) -> None:
        settings = AuditSettings.model_validate(env)
        self._amqp_url = env["amqp_url"]
        self._queue = f"{env['bus_namespace']}.audit"
        self.consumer, self.engine = audit_consumer(settings)

    async def bound(self) -> None:
        """Wait until the consumer's queue is bound, so nothing published after is missed."""
        await eventually(lambda: queue_declared(self._amqp_url, self._queue),
                         what="audit's queue")

    async def entries(self, subject: str) -> list[Any]:
        """The ledger rows about a subject, in ledger order."""
        return await self._rows(ledger.c.subject == subject)

    async def entries_under(self, place: str) -> list[Any]:
        """The ledger rows about a place and everything under it, in ledger order."""
        return await self._rows(ledger.c.place.startswith(place))

    async def _rows(self, where: Any) -> list[Any]:
        columns = (ledger.c.event_id, ledger.c.event_type, ledger.c.source, ledger.c.subject,
                   ledger.c.data)
        async with self.engine.connect() as conn:
            return list((await conn.execute(
                select(*columns).where(where).order_by(ledger.c.seq))).all())

    async def at_least(self, subject: str, count: int, *, within: float = 20) -> list[Any]:
        """The subject's rows once there are ``count`` of them (a consumer may reorder them)."""
        async def enough() -> list[Any] | None:
            rows = await self.entries(subject)
            return rows if len(rows) >= count else None

        return await eventually(enough, within=within, what=f"{count} entries about {subject}")


@pytest.fixture
async def audit_ledger(env: dict[str, str], cleanup_namespace: None
                       ) -> AsyncIterator[AuditLedger]:
    """Audit on this test's namespace; its engine disposed afterwards."""
    found = AuditLedger(env)
    yield found
    await found.engine.dispose()
