"""The database engine, the messaging tables every service schema has, and the unit of work.

The unit of work is where a state change and its events meet: ``commit()`` writes the events the
aggregates recorded as outbox rows in the same transaction as the change (transactional outbox).
It is also the boundary where the driver's errors become Daiban's (``translated``): a database
that is down, a pool that is exhausted or a lock that timed out is an ``InfrastructureError``
(503, retried by consumers), never a stack trace.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
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
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from daiban_common.envelope import Envelope
from daiban_common.idempotency import IdempotencyKeys, Retry, RetryKey, idempotency_table
from daiban_common.observability import current_trace_headers
from daiban_common.settings import CommonSettings
from daiban_kernel.errors import Conflict, DaibanError, InfrastructureError, InvalidInput
from daiban_kernel.events import EventData


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
    """The outbox, the inbox and the idempotency keys, added to a service's own metadata and
    schema (created by ``daiban_common.migrations.create_messaging_tables``)."""

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
        self.idempotency_keys = idempotency_table(metadata)


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
        try:
            await self.session.begin()
        except Exception as error:
            await self.session.close()
            raise translated(error) from error
        self._pending = []
        self.seen = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        except Exception as error:
            if exc is None:
                raise translated(error) from error
        finally:
            await self.session.close()
        if exc is not None and isinstance(exc, Exception) and _is_driver_error(exc):
            raise translated(exc) from exc

    @asynccontextmanager
    async def idempotent(self, key: RetryKey | None) -> AsyncIterator[Retry]:
        """Claim an ``Idempotency-Key`` for this transaction: ``retry.prior`` is what the first
        request under the key created (a retry returns it), else the body records its own result
        with ``retry.record(id)``, written when the block ends."""
        if key is None:
            yield Retry(prior=None)
            return
        keys = IdempotencyKeys(self._tables.idempotency_keys, self.session)
        retry = Retry(prior=await keys.claim(principal=key.principal, key=key.key,
                                             fingerprint=key.fingerprint))
        yield retry
        if retry.prior is None and retry.result is not None:
            await keys.complete(principal=key.principal, key=key.key, result=retry.result)

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
        try:
            await self.session.commit()
        except Exception as error:
            raise translated(error) from error
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


def _unavailable(_: sa_exc.DBAPIError) -> DaibanError:
    return InfrastructureError("the database is unavailable; try again")


def _refused(error: sa_exc.DBAPIError) -> DaibanError:
    return Conflict(f"the database refused the change: {_first_line(error)}")


def _bad_value(error: sa_exc.DBAPIError) -> DaibanError:
    return InvalidInput(detail=f"the database cannot hold a value: {_first_line(error)}")


def _bug(_: sa_exc.DBAPIError) -> DaibanError:
    return DaibanError()  # a 500 that reveals nothing; the log has the cause


DRIVER_ERRORS: dict[type[sa_exc.DBAPIError], Callable[[sa_exc.DBAPIError], DaibanError]] = {
    sa_exc.DBAPIError: _unavailable,
    sa_exc.DatabaseError: _unavailable,
    sa_exc.OperationalError: _unavailable,  # the server went away, a lock or statement timed out
    sa_exc.InterfaceError: _unavailable,  # the connection is closed
    sa_exc.InternalError: _unavailable,  # the server is in trouble
    sa_exc.IntegrityError: _refused,  # a constraint a repository did not turn into a rule
    sa_exc.DataError: _bad_value,  # a value the column cannot hold
    sa_exc.ProgrammingError: _bug,  # our SQL is wrong
    sa_exc.NotSupportedError: _bug,
}
"""Every class of the driver's error hierarchy and the Daiban error it becomes (a test fails when
SQLAlchemy has a class this does not name)."""

_CONNECTIVITY = (sa_exc.TimeoutError, ConnectionError, TimeoutError, OSError)
"""Errors below the DB-API: the pool is exhausted, the socket broke."""


def _is_driver_error(error: Exception) -> bool:
    return isinstance(error, (sa_exc.DBAPIError, *_CONNECTIVITY)) and not isinstance(
        error, DaibanError)


def translated(error: Exception) -> Exception:
    """The Daiban error a driver error stands for; any other error as it is."""
    if not _is_driver_error(error):
        return error
    if isinstance(error, sa_exc.DBAPIError):
        by_state = SQLSTATE_CLASSES.get(_sqlstate(error)[:2])
        if by_state is not None:
            return by_state(error)
        kind = next(k for k in type(error).__mro__ if k in DRIVER_ERRORS)
        return DRIVER_ERRORS[kind](error)
    return InfrastructureError("the database is unavailable; try again")


SQLSTATE_CLASSES: dict[str, Callable[[sa_exc.DBAPIError], DaibanError]] = {
    "22": _bad_value,  # data exception (a value too long, out of range, malformed)
    "23": _refused,  # integrity constraint violation
    "08": _unavailable,  # connection exception
    "40": _unavailable,  # serialization failure, deadlock: the transaction may be retried
    "53": _unavailable,  # insufficient resources (too many connections, disk full)
    "55": _unavailable,  # object not in prerequisite state (a lock not available)
    "57": _unavailable,  # operator intervention (shutdown, statement timeout)
    "42": _bug,  # syntax error or access rule violation: our SQL or our grants
}
"""The SQLSTATE class decides first where the driver reports one (asyncpg reports many data
errors as the base class); the class hierarchy decides otherwise."""


def _sqlstate(error: sa_exc.DBAPIError) -> str:
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code if isinstance(code, str) else ""


def _first_line(error: sa_exc.DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else type(error).__name__
    return text.splitlines()[0][:200]
