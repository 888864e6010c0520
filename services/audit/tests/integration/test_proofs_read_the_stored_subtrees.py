"""On Postgres, proofs and tree heads made of the stored subtree roots are the proofs the leaves
give, at every size around a power of two and right after the upgrade that adds the roots to a
ledger already full; a root changed or removed under the lifted trigger is named by verify, and
the roots of entries appended while verify reads are not."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Self

import asyncpg
import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_audit.adapters.ed25519_signer import Ed25519CheckpointSigner
from daiban_audit.adapters.ledger_repository import PostgresLedgerRepository
from daiban_audit.adapters.orm import SCHEMA, messaging
from daiban_audit.adapters.uow import PostgresUnitOfWork
from daiban_audit.bootstrap import SOURCE, Commands, Queries, build, signature_check
from daiban_audit.domain import merkle
from daiban_audit.domain.entry import LedgerEntry, Recorded
from daiban_audit.handlers import (
    ConsistencyBetween,
    InclusionOf,
    IssueCheckpoint,
    RecordBatch,
    VerifyLedger,
    verify_ledger,
)
from daiban_audit.settings import AuditSettings
from daiban_common.db import session_factory
from daiban_common.envelope import Envelope
from daiban_common.migrations import alembic_config, upgrade
from daiban_common.service import Service
from tests.support.databases import database_url, run_admin_sql

from .conftest import AuditApi

T0 = datetime(2026, 11, 25, 1, tzinfo=UTC)
FORCE = IssueCheckpoint(every_entries=1, every_seconds=1, force=True)
# every size from 1 to 33 is reached by one of these appends, and the batches cross 4, 8, 16, 32
BATCHES = [1, 1, 2, 3, 1, 8, 1, 15, 1]
AROUND_POWERS_OF_TWO = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33]


def event(n: int) -> Envelope:
    return Envelope(id=f"ev-{n}", source="/daiban/test", type="test.ping",
                    subject=f"110116-20261125-{n:06d}", placecode="110116104201",
                    dataschema="urn:daiban:schema:test.ping:v1", time=T0 + timedelta(minutes=n),
                    data={"n": n})


async def record(commands: Commands, first: int, count: int) -> list[bytes]:
    entries = await commands.record_batch(RecordBatch([event(n) for n in
                                                       range(first, first + count)]))
    return [e.leaf_hash for e in entries]


async def assert_proofs_are_the_leaves(queries: Queries, leaves: list[bytes],
                                       sizes: list[int]) -> None:
    for size in sizes:
        for index in sorted({0, size // 3, size // 2, size - 1}):
            proof = await queries.inclusion_proof(InclusionOf(seq=index + 1, size=size))
            assert proof.path == merkle.inclusion_proof(index, leaves[:size])
            assert proof.root == merkle.root(leaves[:size])
        for first in sorted({0, 1, size // 2, size - 1, size}):
            between = await queries.consistency_proof(ConsistencyBetween(first, size))
            assert between.path == merkle.consistency_proof(first, leaves[:size])
            assert between.first_root == merkle.root(leaves[:first])
            assert between.second_root == merkle.root(leaves[:size])


async def test_proofs_at_sizes_around_powers_of_two_are_the_proofs_of_the_leaves(
        audit_api: AuditApi) -> None:
    commands, queries = audit_api.service.commands, audit_api.service.queries
    leaves: list[bytes] = []
    for count in BATCHES:
        leaves += await record(commands, len(leaves) + 1, count)
        await assert_proofs_are_the_leaves(queries, leaves, [len(leaves)])
        signed = await commands.issue_checkpoint(FORCE)
        assert signed is not None
        assert signed.checkpoint.root == merkle.root(leaves)
    await assert_proofs_are_the_leaves(queries, leaves, AROUND_POWERS_OF_TWO)
    verdict = await queries.verify(VerifyLedger())
    assert verdict.ok, verdict.reason


async def test_concurrent_appends_store_the_subtrees_of_the_order_they_committed_in(
        audit_api: AuditApi) -> None:
    commands, queries = audit_api.service.commands, audit_api.service.queries
    await asyncio.gather(*(record(commands, 1 + 10 * w, n)
                           for w, n in enumerate([1, 3, 2, 7, 1, 5, 9, 4])))
    verdict = await queries.verify(VerifyLedger())
    assert verdict.ok, verdict.reason
    assert verdict.size == 32


class LedgerGrowingUnderVerify(PostgresLedgerRepository):
    """The ledger, which grows (in another transaction) after verify read its entries and
    before it reads the stored roots."""

    def __init__(self, session: AsyncSession, grow: Callable[[], Awaitable[object]]) -> None:
        super().__init__(session)
        self._grow = grow

    async def stored_subtrees(self, *, after: merkle.Subtree | None, limit: int
                              ) -> list[tuple[merkle.Subtree, bytes]]:
        if after is None:
            await self._grow()
        return await super().stored_subtrees(after=after, limit=limit)


class GrowingUnitOfWork(PostgresUnitOfWork):
    def __init__(self, api: AuditApi, grow: Callable[[], Awaitable[object]]) -> None:
        assert api.service.engine is not None
        super().__init__(session_factory(api.service.engine), tables=messaging, source=SOURCE)
        self._grow = grow

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.ledger = LedgerGrowingUnderVerify(self.session, self._grow)
        return self


async def test_the_roots_of_entries_appended_while_verify_reads_are_no_bad_subtree(
        audit_api: AuditApi) -> None:
    commands = audit_api.service.commands
    await record(commands, 1, 11)
    uow = GrowingUnitOfWork(audit_api, lambda: record(commands, 12, 21))
    verdict = await verify_ledger(
        VerifyLedger(), uow, key=Ed25519CheckpointSigner.from_settings(audit_api.settings).key,
        check=signature_check())
    assert verdict.ok, verdict.reason
    assert verdict.size == 11
    # the next verify reads them all
    verdict = await audit_api.service.queries.verify(VerifyLedger())
    assert verdict.ok, verdict.reason
    assert verdict.size == 32


LIFT = "ALTER TABLE audit.ledger_subtree DISABLE TRIGGER ledger_subtree_append_only"
RESTORE = "ALTER TABLE audit.ledger_subtree ENABLE TRIGGER ledger_subtree_append_only"


async def test_the_stored_subtrees_are_append_only_even_for_the_owner(
        audit_api: AuditApi) -> None:
    await record(audit_api.service.commands, 1, 6)
    for sql in ("UPDATE audit.ledger_subtree SET root_hash = '\\x00' WHERE height = 1",
                "DELETE FROM audit.ledger_subtree", "TRUNCATE audit.ledger_subtree"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await audit_api.superuser_sql(sql)


def verify_command(settings: AuditSettings) -> subprocess.CompletedProcess[str]:
    """``daiban ledger verify`` on the test's database."""
    env = {**os.environ, "DATABASE_URL": settings.database_url,
           "LEDGER_DEV_KEY_FILE": str(settings.ledger_dev_key_file)}
    return subprocess.run([sys.executable, "-m", "daiban_common.cli", "ledger", "verify"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)


async def test_a_stored_subtree_root_changed_under_the_lifted_trigger_is_named_by_verify(
        audit_api: AuditApi) -> None:
    commands, queries = audit_api.service.commands, audit_api.service.queries
    leaves = await record(commands, 1, 6)
    signed = await commands.issue_checkpoint(FORCE)
    assert signed is not None
    await audit_api.superuser_sql(
        LIFT, "UPDATE audit.ledger_subtree SET root_hash = sha256('forged') "
              "WHERE height = 1 AND idx = 1", RESTORE)

    # a proof made of the forged root no longer checks against the signed checkpoint
    proof = await queries.inclusion_proof(InclusionOf(seq=1))
    assert not merkle.verify_inclusion(0, 6, leaves[0], proof.path, signed.checkpoint.root)
    answer = await audit_api.client.get("/v1/ledger/verify", headers=audit_api.auth())
    verdict = answer.json()
    assert verdict["ok"] is False
    assert verdict["first_bad_seq"] is None
    assert verdict["bad_subtree"] == {"height": 1, "index": 1, "first_seq": 3, "last_seq": 4}
    assert "entries 3–4" in verdict["reason"]
    # and so does the command
    result = await asyncio.to_thread(verify_command, audit_api.settings)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["bad_subtree"] == verdict["bad_subtree"]


async def test_a_stored_subtree_root_removed_is_named_and_proofs_still_hold(
        audit_api: AuditApi) -> None:
    commands, queries = audit_api.service.commands, audit_api.service.queries
    leaves = await record(commands, 1, 13)
    await audit_api.superuser_sql(
        LIFT, "DELETE FROM audit.ledger_subtree WHERE height = 3 AND idx = 0", RESTORE)
    # without it, proofs and the next appends fall back on the leaves
    await assert_proofs_are_the_leaves(queries, leaves, [8, 13])
    leaves += await record(commands, 14, 3)
    await assert_proofs_are_the_leaves(queries, leaves, [16])
    verdict = await queries.verify(VerifyLedger())
    assert verdict.bad_subtree == merkle.Subtree(3, 0)
    assert verdict.reason is not None
    assert "entries 1–8" in verdict.reason


def sealed_row(entry: LedgerEntry) -> tuple[object, ...]:
    r = entry.recorded
    return (entry.seq, r.event_id, r.event_type, r.source, r.subject, r.place, r.occurred_at,
            json.dumps(r.data), entry.leaf_hash, r.flow_version, r.happened_at, r.who.staff_id,
            r.who.staff_name, r.who.station_code)


@pytest.fixture
async def ledger_before_the_subtrees(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
                                     ) -> AsyncIterator[tuple[AuditSettings, list[bytes]]]:
    """A database of the test's own at the revision before the subtree roots, holding 77
    entries."""
    base, name = env["database_url"], f"daiban_audit_{uuid.uuid4().hex[:12]}"
    await run_admin_sql(base, f'CREATE DATABASE "{name}"')
    key = tmp_path_factory.mktemp("ledger-key") / "key.pem"
    settings = AuditSettings.model_validate({**env, "database_url": database_url(base, name),
                                             "ledger_dev_key_file": str(key)})
    await asyncio.to_thread(command.upgrade,
                            alembic_config(settings, package="daiban_audit", schema=SCHEMA),
                            "0006")
    entries = [LedgerEntry.sealed(Recorded.of_event(
        event_id=f"old-{n}", event_type="test.ping", source="/daiban/test", subject=None,
        place=None, occurred_at=T0, data={"n": n}), seq=n) for n in range(1, 78)]
    conn = await asyncpg.connect(database_url(base, name))
    try:
        await conn.executemany(
            "INSERT INTO audit.ledger (seq, event_id, event_type, source, subject, place, "
            "occurred_at, data, leaf_hash, flow_version, happened_at, staff_id, staff_name, "
            "station_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, "
            "$13, $14)",
            [sealed_row(e) for e in entries])
        await conn.execute("INSERT INTO audit.ledger_head (id, seq) VALUES (1, 77)")
    finally:
        await conn.close()
    yield settings, [e.leaf_hash for e in entries]
    await run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_a_ledger_full_before_the_upgrade_is_served_from_its_subtrees_right_after(
        ledger_before_the_subtrees: tuple[AuditSettings, list[bytes]]) -> None:
    settings, leaves = ledger_before_the_subtrees
    await asyncio.to_thread(upgrade, settings, package="daiban_audit", schema=SCHEMA)
    audit: Service[Commands, Queries] = build(settings)
    try:
        conn = await asyncpg.connect(database_url(settings.database_url,
                                                  settings.database_url.rsplit("/", 1)[1]))
        try:
            stored = await conn.fetch("SELECT height, idx, root_hash FROM audit.ledger_subtree "
                                      "ORDER BY height, idx")
        finally:
            await conn.close()
        assert [(merkle.Subtree(r["height"], r["idx"]), bytes(r["root_hash"])) for r in stored] \
            == list(merkle.complete_subtrees(leaves))
        await assert_proofs_are_the_leaves(audit.queries, leaves, [1, 31, 32, 33, 64, 77])
        leaves += await record(audit.commands, 78, 60)
        await assert_proofs_are_the_leaves(audit.queries, leaves, [128, 137])
        verdict = await audit.queries.verify(VerifyLedger())
        assert verdict.ok, verdict.reason
    finally:
        await audit.close()
