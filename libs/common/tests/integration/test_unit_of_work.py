"""The unit of work against the real Postgres: driver errors become Daiban's at its boundary,
and an Idempotency-Key is claimed and completed in the creating transaction."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import MetaData, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import (
    DRIVER_ERRORS,
    AsyncUnitOfWork,
    MessagingTables,
    create_engine,
    session_factory,
)
from daiban_common.idempotency import RetryKey
from daiban_common.settings import CommonSettings
from daiban_kernel.errors import Conflict, InfrastructureError, InvalidInput

pytestmark = pytest.mark.integration


def test_every_class_of_the_drivers_error_hierarchy_is_translated() -> None:
    def subclasses(kind: type) -> set[type]:
        found = set(kind.__subclasses__())
        return found.union(*(subclasses(k) for k in found)) if found else found

    hierarchy = {sa_exc.DBAPIError} | {k for k in subclasses(sa_exc.DBAPIError)
                                       if k.__module__ == "sqlalchemy.exc"}
    assert hierarchy - set(DRIVER_ERRORS) == set()


@pytest.fixture
async def scratch(migrated: dict[str, str]) -> AsyncIterator[tuple[AsyncEngine, MessagingTables]]:
    """A schema of this test's own with the messaging tables, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(CommonSettings(database_url=migrated["database_url"]))
    metadata = MetaData(schema=schema)
    tables = MessagingTables(metadata)
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await conn.run_sync(metadata.create_all)
    yield engine, tables
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await engine.dispose()


def _uow(engine: AsyncEngine, tables: MessagingTables) -> AsyncUnitOfWork:
    return AsyncUnitOfWork(session_factory(engine), tables=tables, source="/tests")


async def test_a_database_that_does_not_answer_is_an_infrastructure_error() -> None:
    engine = create_engine(CommonSettings(
        database_url="postgresql://postgres@127.0.0.1:1/nowhere", db_pool_timeout_seconds=1))
    tables = MessagingTables(MetaData(schema="nowhere"))
    with pytest.raises(InfrastructureError):
        async with _uow(engine, tables) as uow:
            await uow.session.execute(text("SELECT 1"))
    await engine.dispose()


async def test_a_constraint_no_repository_named_is_a_conflict_and_a_bad_value_invalid_input(
    scratch: tuple[AsyncEngine, MessagingTables],
) -> None:
    engine, tables = scratch
    async with _uow(engine, tables) as uow:
        await uow.session.execute(tables.inbox.insert().values(event_id="e1", event_type="t"))
        await uow.commit()
    with pytest.raises(Conflict):
        async with _uow(engine, tables) as uow:
            await uow.session.execute(tables.inbox.insert().values(event_id="e1", event_type="t"))
    with pytest.raises(InvalidInput):
        async with _uow(engine, tables) as uow:
            await uow.session.execute(tables.inbox.insert().values(event_id="x" * 65,
                                                                   event_type="t"))


async def test_a_retried_request_gets_what_the_first_one_created(
    scratch: tuple[AsyncEngine, MessagingTables],
) -> None:
    engine, tables = scratch
    key = RetryKey.of(principal="agent-1", key="k-00000001", request={"body": 1})
    async with _uow(engine, tables) as uow:
        async with uow.idempotent(key) as retry:
            assert retry.prior is None
            retry.record("case-1")
        await uow.commit()
    async with _uow(engine, tables) as uow, uow.idempotent(key) as again:
        assert again.prior == "case-1"
    other = RetryKey.of(principal="agent-1", key="k-00000001", request={"body": 2})
    with pytest.raises(InvalidInput, match="Idempotency-Key"):
        async with _uow(engine, tables) as uow, uow.idempotent(other):
            pass


async def test_a_request_without_a_key_claims_nothing(
    scratch: tuple[AsyncEngine, MessagingTables],
) -> None:
    engine, tables = scratch
    async with _uow(engine, tables) as uow, uow.idempotent(None) as retry:
        assert retry.prior is None
        retry.record("ignored")
    async with engine.connect() as conn:
        schema = tables.idempotency_keys.schema
        count = await conn.scalar(text(f'SELECT count(*) FROM "{schema}".idempotency_keys'))
    assert count == 0
