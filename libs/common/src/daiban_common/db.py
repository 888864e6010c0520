"""The database engine, the messaging tables every service schema has, and the unit of work.

The unit of work is where a state change and its events meet: ``commit()`` writes the events the
aggregates recorded as outbox rows in the same transaction as the change (transactional outbox).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from daiban_common.events import Envelope, EventData
from daiban_common.observability import current_trace_headers
from daiban_common.settings import CommonSettings


def create_engine(settings: CommonSettings) -> AsyncEngine:
    """One engine per process, ``DB_POOL_SIZE`` connections and no overflow: what holds one
    connection never waits for a second (see docs/architecture.md, "Connections")."""
    return create_async_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_pre_ping=True,
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


class MessagingTables:
    """The outbox and inbox tables, added to a service's own metadata and schema."""

    def __init__(self, metadata: MetaData) -> None:
        self.wake_channel = f"daiban_outbox_{metadata.schema}"
        self.outbox = Table(
            "outbox",
            metadata,
            Column("seq", BigInteger, Identity(), primary_key=True),
            Column("event_id", String(64), nullable=False, unique=True),
            Column("event_type", String(128), nullable=False),
            Column("subject", String(128)),
            Column("envelope", JSONB, nullable=False),
            Column("trace_headers", JSONB, nullable=False,
                   server_default=text("'{}'::jsonb")),
            Column("created_at", DateTime(timezone=True), nullable=False,
                   server_default=func.now()),
            Column("published_at", DateTime(timezone=True)),
            Column("attempts", Integer, nullable=False, server_default=text("0")),
            Index(
                "ix_outbox_unpublished",
                "seq",
                postgresql_where=text("published_at IS NULL"),
            ),
        )
        self.inbox = Table(
            "inbox",
            metadata,
            Column("event_id", String(64), primary_key=True),
            Column("event_type", String(128), nullable=False),
            Column("received_at", DateTime(timezone=True), nullable=False,
                   server_default=func.now()),
        )


class Aggregate(Protocol):
    """Anything that records domain events for the unit of work to publish."""

    events: list[EventData]


class AsyncUnitOfWork:
    """One transaction: repository changes, the inbox claim and the outbox rows commit together."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        tables: MessagingTables,
        source: str,
    ) -> None:
        self._sessions = sessions
        self._tables = tables
        self._source = source
        self._pending: list[EventData] = []
        self.seen: list[Aggregate] = []
        self.session: AsyncSession

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        await self.session.begin()
        self._pending = []
        self.seen = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()
        await self.session.close()

    def emit(self, *events: EventData) -> None:
        """Queue events that belong to no aggregate (e.g. a read model's change)."""
        self._pending.extend(events)

    async def claim(self, envelope: Envelope) -> bool:
        """Write the inbox row for an incoming event; False means it was handled already."""
        stmt = (
            insert(self._tables.inbox)
            .values(event_id=envelope.id, event_type=envelope.type)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(self._tables.inbox.c.event_id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def commit(self) -> list[Envelope]:
        """Write the collected events to the outbox and commit; returns what was queued."""
        envelopes = [Envelope.wrap(e, source=self._source) for e in self._collect()]
        if envelopes:
            await self.session.execute(self._tables.outbox.insert(), list(_rows(envelopes)))
            # delivered at commit only, so the relay never wakes for a rolled-back row
            await self.session.execute(text("SELECT pg_notify(:channel, '')"),
                                       {"channel": self._tables.wake_channel})
        await self.session.commit()
        return envelopes

    async def rollback(self) -> None:
        """Undo everything since the start; a no-op after commit."""
        if self.session.in_transaction():
            await self.session.rollback()

    def _collect(self) -> list[EventData]:
        events = list(self._pending)
        self._pending.clear()
        for aggregate in self.seen:
            events.extend(aggregate.events)
            aggregate.events.clear()
        return events


def _rows(envelopes: Iterable[Envelope]) -> Iterable[dict[str, object]]:
    trace = current_trace_headers()
    for env in envelopes:
        yield {
            "event_id": env.id,
            "event_type": env.type,
            "subject": env.subject,
            "envelope": env.model_dump(mode="json"),
            "trace_headers": trace,
        }
