"""Least privilege: as each service's own role (created by ``daiban migrate``'s grants), its own
schema can be used and every other service's is refused; audit's role cannot UPDATE or DELETE
the ledger, whatever the trigger."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest

from daiban_audit.bootstrap import build
from daiban_audit.handlers import IssueCheckpoint, RecordBatch, VerifyLedger
from daiban_audit.settings import AuditSettings
from daiban_common.database_roles import grant_service_role, service_database_url
from daiban_common.envelope import Envelope
from daiban_common.migrations import upgrade
from daiban_common.service import ServiceSpec, discover
from daiban_common.settings import asyncpg_url, libpq_url
from tests.support.databases import database_url, run_admin_sql

SPECS = discover()


@pytest.fixture(scope="module")
def granted(base_env: dict[str, str]) -> Iterator[dict[str, str]]:
    """A database of this module's own with every schema at head and every role granted."""
    base, name = base_env["database_url"], f"daiban_roles_{uuid.uuid4().hex[:8]}"
    asyncio.run(run_admin_sql(base, f'CREATE DATABASE "{name}"'))
    env = {**base_env, "database_url": database_url(base, name)}
    for spec in SPECS.values():
        settings = spec.settings_type.model_validate(env)
        upgrade(settings, package=spec.package, schema=spec.schema)
        asyncio.run(grant_service_role(settings, service=spec.name, schema=spec.schema,
                                       append_only=spec.append_only))
    yield env
    asyncio.run(run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def as_role(granted: dict[str, str]) -> AsyncIterator[Any]:
    opened: list[asyncpg.Connection] = []

    async def connect(spec: ServiceSpec[Any]) -> asyncpg.Connection:
        settings = spec.settings_type.model_validate(granted)
        conn = await asyncpg.connect(libpq_url(service_database_url(settings, spec.name)))
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        await conn.close()


@pytest.mark.parametrize("service", sorted(SPECS))
async def test_a_service_role_uses_its_own_schema_and_no_other(as_role: Any,
                                                               service: str) -> None:
    conn = await as_role(SPECS[service])
    own = SPECS[service].schema
    assert await conn.fetchval("SELECT current_user") == f"daiban_{service}"
    async with conn.transaction():
        await conn.execute(f"INSERT INTO {own}.inbox (event_id, event_type) VALUES ('t', 't')")
        assert await conn.fetchval(f"SELECT count(*) FROM {own}.inbox WHERE event_id = 't'") == 1
        await conn.execute(f"DELETE FROM {own}.inbox WHERE event_id = 't'")
    for other in (s for s in SPECS.values() if s.name != service):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await conn.execute(f"INSERT INTO {other.schema}.inbox (event_id, event_type) "
                               "VALUES ('t', 't')")
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await conn.fetchval(f"SELECT count(*) FROM {other.schema}.outbox")
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
        await conn.execute("CREATE TABLE public.intruder (x int)")


async def test_audits_role_may_only_read_and_append_the_ledger(as_role: Any) -> None:
    conn = await as_role(SPECS["audit"])
    for sql in ("UPDATE audit.ledger SET data = '{}'", "DELETE FROM audit.ledger",
                "TRUNCATE audit.ledger", "UPDATE audit.checkpoint SET note = ''",
                "DELETE FROM audit.checkpoint"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await conn.execute(sql)
    assert await conn.fetchval("SELECT count(*) FROM audit.ledger") == 0
    assert await conn.fetchval("SELECT has_table_privilege('audit.ledger', 'INSERT')") is True


async def test_audit_records_checkpoints_and_verifies_as_its_own_role(
        granted: dict[str, str], tmp_path: Any) -> None:
    settings = AuditSettings.model_validate({**granted,
                                             "ledger_dev_key_file": str(tmp_path / "key.pem")})
    audit = build(settings.model_copy(update={
        "database_url": asyncpg_url(service_database_url(settings, "audit"))}))
    try:
        await audit.commands.record_batch(RecordBatch([Envelope(
            source="/tests", type="test.ping", dataschema="urn:tests:ping:v1", subject="s",
            data={"n": 1})]))
        assert await audit.commands.issue_checkpoint(IssueCheckpoint(1, 1)) is not None
        assert (await audit.queries.verify(VerifyLedger())).ok
    finally:
        await audit.close()
