"""Audit's ledger: events per second into it, and proof sizes and times at a million entries.

A database of its own (``<DATABASE_URL's database>_ledger``, dropped afterwards) gets audit's
schema. ``BENCH_LEDGER_EVENTS`` events (default 50,000) are appended through audit's own
command (``record_batch``: one transaction, one multi-row INSERT per batch of
``BENCH_LEDGER_BATCH``, default 500) by ``BENCH_LEDGER_WRITERS`` concurrent writers (default 4),
and one at a time as the consumer appends them. The tree is then filled to
``BENCH_LEDGER_SIZE`` entries (default 1,000,000) by one ``generate_series`` INSERT (leaf hashes of
synthetic entries: the proofs' cost depends on the size, not the content) and the checkpoint, an
inclusion proof and a consistency proof are timed there, each with the proof's size.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import asyncpg

from daiban_audit.adapters.orm import SCHEMA
from daiban_audit.bootstrap import Commands, Queries, build
from daiban_audit.domain import merkle
from daiban_audit.handlers import (
    ConsistencyBetween,
    InclusionOf,
    IssueCheckpoint,
    RecordBatch,
    VerifyLedger,
)
from daiban_audit.settings import AuditSettings
from daiban_common.envelope import Envelope
from daiban_common.migrations import upgrade
from daiban_common.service import Service
from daiban_kernel.clock import Clock, system_clock
from tests.support.databases import database_url, run_admin_sql

EVENTS = int(os.environ.get("BENCH_LEDGER_EVENTS", "50000"))
BATCH = int(os.environ.get("BENCH_LEDGER_BATCH", "500"))
WRITERS = int(os.environ.get("BENCH_LEDGER_WRITERS", "4"))
SINGLE = int(os.environ.get("BENCH_LEDGER_SINGLE", "2000"))
SIZE = int(os.environ.get("BENCH_LEDGER_SIZE", "1000000"))
TITLE = "## The ledger: ingest and proofs"
T = TypeVar("T")


def _event(n: int) -> Envelope:
    return Envelope(id=f"bench-{n}", source="/daiban/routing", type="case.assigned",
                    subject=f"110116-20261125-{n % 999999 + 1:06d}", placecode="110116104201",
                    dataschema="urn:daiban:schema:case.assigned:v1",
                    time=datetime(2026, 11, 25, tzinfo=UTC),
                    data={"flow_version": n % 9 + 1, "tier": "village",
                          "station_code": "110116104201-01", "reason": "initial",
                          "assignee": {"staff_id": "110116-0001", "role": "village_agent",
                                       "place": "110116104201", "name": "王芳"}})


async def _fill_to(url: str, size: int) -> None:
    """Synthetic entries after the real ones, up to ``size``."""
    conn = await asyncpg.connect(url)
    try:
        start = await conn.fetchval("SELECT seq FROM audit.ledger_head WHERE id = 1")
        await conn.execute(
            "INSERT INTO audit.ledger (seq, event_id, event_type, source, occurred_at, data, "
            "leaf_hash) SELECT g, 'fill-' || g, 'bench.fill', '/bench', now(), '{}'::jsonb, "
            "sha256(('\\x00'::bytea) || convert_to('fill ' || g, 'UTF8')) "
            "FROM generate_series($1::bigint + 1, $2::bigint) g", start, size)
        await conn.execute("UPDATE audit.ledger_head SET seq = $1 WHERE id = 1", size)
    finally:
        await conn.close()


async def _timed(call: Awaitable[T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = await call
    return time.perf_counter() - started, result


@asynccontextmanager
async def own_audit(suffix: str, *, clock: Clock = system_clock, **settings: object
                    ) -> AsyncIterator[tuple[Service[Commands, Queries], str]]:
    """Audit built on a database of its own (``<DATABASE_URL's database>_<suffix>``, made anew
    with audit's schema and dropped afterwards) with a signing key of its own, and the
    database's URL."""
    base = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/daiban")
    name = f"{base.rsplit('/', 1)[1]}_{suffix}"
    url = database_url(base, name)
    await run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await run_admin_sql(base, f'CREATE DATABASE "{name}"')
    keys = Path(tempfile.mkdtemp(prefix=f"daiban-{suffix}-bench-"))
    audit_settings = AuditSettings.model_validate(
        {"database_url": url, "ledger_dev_key_file": str(keys / "key.pem"), **settings})
    try:
        await asyncio.to_thread(upgrade, audit_settings, package="daiban_audit", schema=SCHEMA)
        audit = build(audit_settings, clock=clock)
        try:
            yield audit, url
        finally:
            await audit.close()
    finally:
        await run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(keys, ignore_errors=True)


async def run() -> str:
    async with own_audit("ledger", db_pool_size=WRITERS + 2) as (audit, url):
        return await _measure(audit, url)


async def _measure(audit: Service[Commands, Queries], url: str) -> str:
    commands, queries = audit.commands, audit.queries
    per_writer = EVENTS // WRITERS // BATCH

    async def writer(w: int) -> None:
        for b in range(per_writer):
            first = (w * per_writer + b) * BATCH
            await commands.record_batch(RecordBatch([_event(n) for n in
                                                     range(first, first + BATCH)]))

    started = time.perf_counter()
    await asyncio.gather(*(writer(w) for w in range(WRITERS)))
    batched_seconds = time.perf_counter() - started
    batched = per_writer * WRITERS * BATCH
    started = time.perf_counter()
    for n in range(batched, batched + SINGLE):
        await commands.record_batch(RecordBatch([_event(n)]))
    single_seconds = time.perf_counter() - started
    verify_seconds, _ = await _timed(queries.verify(VerifyLedger()))
    real = batched + SINGLE

    await _fill_to(url.replace("postgresql+asyncpg", "postgresql"), SIZE)
    checkpoint_seconds, signed = await _timed(commands.issue_checkpoint(
        IssueCheckpoint(1, 1, force=True)))
    inclusion_seconds, inclusion = await _timed(queries.inclusion_proof(
        InclusionOf(seq=SIZE // 3)))
    consistency_seconds, consistency = await _timed(queries.consistency_proof(
        ConsistencyBetween(SIZE // 2 + 1, SIZE)))
    if signed is None:
        raise RuntimeError("the forced checkpoint was not issued")
    ok = merkle.verify_inclusion(inclusion.seq - 1, inclusion.size,
                                 inclusion.leaf_hash, inclusion.path,
                                 signed.checkpoint.root)
    path = len(inclusion.path)
    cpath = len(consistency.path)
    return (f"{TITLE}\n\n"
            f"{batched:,} events appended by {WRITERS} writers in batches of {BATCH} "
            f"(`record_batch`, one INSERT a batch): **{batched / batched_seconds:,.0f} "
            f"events/s**. One event a transaction, as the consumer appends them: "
            f"{SINGLE / single_seconds:,.0f} events/s. Verifying those {real:,} entries "
            f"(every leaf recomputed from its RFC 8785 form): {verify_seconds:.1f} s.\n\n"
            f"At {SIZE:,} entries:\n\n"
            "| operation | time | proof |\n| --- | --- | --- |\n"
            f"| checkpoint (read every leaf hash, root, sign, store) | "
            f"{checkpoint_seconds:.2f} s | the note, {len(signed.note())} bytes |\n"
            f"| inclusion proof of entry {SIZE // 3:,} | {inclusion_seconds:.2f} s | "
            f"{path} hashes, {path * 32} bytes (checks: {ok}) |\n"
            f"| consistency proof {SIZE // 2 + 1:,} → {SIZE:,} | {consistency_seconds:.2f} s | "
            f"{cpath} hashes, {cpath * 32} bytes |\n\n"
            "Proofs are computed from the stored leaf hashes of the whole tree on each request "
            "(no stored inner nodes): their time grows with the log, their size with its "
            "logarithm.\n")


if __name__ == "__main__":
    sys.stdout.write(asyncio.run(run()))
