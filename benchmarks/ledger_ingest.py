"""Audit's ledger: events per second into it, and proof sizes and times at 100,000 and a million
entries.

A database of its own (``<DATABASE_URL's database>_ledger``, dropped afterwards) gets audit's
schema. ``BENCH_LEDGER_EVENTS`` events (default 50,000) are appended through audit's own
command (``record_batch``: one transaction, one multi-row INSERT per batch of
``BENCH_LEDGER_BATCH``, default 500) by ``BENCH_LEDGER_WRITERS`` concurrent writers (default 4),
and one at a time as the consumer appends them. The tree is then filled to each of
``BENCH_LEDGER_SIZES`` entries (default 100,000 and 1,000,000) by one ``generate_series`` INSERT
(leaf hashes of synthetic entries: the proofs' cost depends on the size, not the content) and a
COPY of the subtree roots those entries complete (computed as the appends compute them), and at
each size the checkpoint, an inclusion proof and a consistency proof are timed (the median of
``BENCH_LEDGER_ROUNDS`` rounds, default 5), each with the proof's size, beside the same proofs
computed from every leaf hash as they were before the subtree roots were stored.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
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
SIZES = [int(s) for s in os.environ.get("BENCH_LEDGER_SIZES", "100000,1000000").split(",")]
ROUNDS = int(os.environ.get("BENCH_LEDGER_ROUNDS", "5"))
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


async def _fill_to(url: str, size: int) -> float:
    """Synthetic entries after the real ones, up to ``size``, and the roots of the subtrees
    they complete; the seconds it took."""
    started = time.perf_counter()
    conn = await asyncpg.connect(url)
    try:
        start = await conn.fetchval("SELECT seq FROM audit.ledger_head WHERE id = 1")
        await conn.execute(
            "INSERT INTO audit.ledger (seq, event_id, event_type, source, occurred_at, data, "
            "leaf_hash) SELECT g, 'fill-' || g, 'bench.fill', '/bench', now(), '{}'::jsonb, "
            "sha256(('\\x00'::bytea) || convert_to('fill ' || g, 'UTF8')) "
            "FROM generate_series($1::bigint + 1, $2::bigint) g", start, size)
        await conn.execute("UPDATE audit.ledger_head SET seq = $1 WHERE id = 1", size)
        joined = bytes(await conn.fetchval(
            "SELECT string_agg(leaf_hash, ''::bytea ORDER BY seq) FROM audit.ledger"))
        leaves = [joined[i:i + 32] for i in range(0, len(joined), 32)]
        frontier = merkle.Frontier()
        frontier.extend(leaves[:start])
        await conn.copy_records_to_table(
            "ledger_subtree", schema_name="audit", columns=["height", "idx", "root_hash"],
            records=[(t.height, t.idx, h) for t, h in frontier.extend_completing(leaves[start:])])
        await conn.execute("VACUUM ANALYZE audit.ledger")
        await conn.execute("VACUUM ANALYZE audit.ledger_subtree")
    finally:
        await conn.close()
    return time.perf_counter() - started


async def _timed(call: Awaitable[T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = await call
    return time.perf_counter() - started, result


async def _median(call: Callable[[], Awaitable[T]]) -> tuple[float, T]:
    """The median time of ``ROUNDS`` calls, and the last call's result."""
    times: list[float] = []
    for _ in range(ROUNDS):
        took, result = await _timed(call())
        times.append(took)
    return statistics.median(times), result


def _took(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


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
    verify_seconds, verdict = await _timed(queries.verify(VerifyLedger()))
    if not verdict.ok:
        raise RuntimeError(f"the ledger the writers made does not verify: {verdict.reason}")
    real = batched + SINGLE

    rows: list[list[str]] = []
    filled: list[str] = []
    ok = True
    for size in SIZES:
        fill_seconds = await _fill_to(url.replace("postgresql+asyncpg", "postgresql"), size)
        filled.append(f"{size:,} in {fill_seconds:.0f} s")
        row, checks = await _at_size(audit, url, size)
        rows.append(row)
        ok = ok and checks
    subtree_bytes = await _table_bytes(url, "ledger_subtree")
    columns = " | ".join(f"{size:,} entries" for size in SIZES)
    table = [f"| operation | {columns} | proof at {SIZES[-1]:,} |",
             "| --- | " + " | ".join("---" for _ in SIZES) + " | --- |"]
    for n, label in enumerate(OPERATIONS):
        proof = rows[-1][len(OPERATIONS) + n]
        table.append(f"| {label} | " + " | ".join(r[n] for r in rows) + f" | {proof} |")
    return (f"{TITLE}\n\n"
            f"{batched:,} events appended by {WRITERS} writers in batches of {BATCH} "
            f"(`record_batch`, one INSERT a batch, and the subtree roots the batch completes): "
            f"**{batched / batched_seconds:,.0f} events/s**. One event a transaction, as the "
            f"consumer appends them: {SINGLE / single_seconds:,.0f} events/s. Verifying those "
            f"{real:,} entries (every leaf recomputed from its RFC 8785 form, every stored "
            f"subtree root from the leaves): {verify_seconds:.1f} s.\n\n"
            f"Filled with synthetic entries and their subtree roots to {', then '.join(filled)}; "
            f"the median of {ROUNDS} rounds (every proof checks: {ok}):\n\n"
            + "\n".join(table) + "\n\n"
            "Proofs and the checkpoint's root are made of the stored roots of complete subtrees "
            "(`audit.ledger_subtree`): they read O(log n) hashes, so their time hardly grows "
            "with the log. The last two rows compute the same proofs (byte for byte) from every "
            "leaf hash, as audit did before it stored the subtree roots: their time grows with "
            f"the log. At {SIZES[-1]:,} entries the subtree roots take "
            f"{subtree_bytes / 2**20:,.0f} MiB (table and index).\n")


OPERATIONS = (
    "checkpoint (root from the stored subtrees, sign, store)",
    "inclusion proof of entry n/3",
    "consistency proof n/2+1 → n",
    "inclusion proof from every leaf hash (before)",
    "consistency proof from every leaf hash (before)",
)


async def _at_size(audit: Service[Commands, Queries], url: str, size: int
                   ) -> tuple[list[str], bool]:
    """The times of ``OPERATIONS`` at ``size`` entries, then their proofs' sizes; whether
    every proof checks and the stored subtrees' equal the leaves'."""
    commands, queries = audit.commands, audit.queries
    checkpoint_seconds, signed = await _timed(commands.issue_checkpoint(
        IssueCheckpoint(1, 1, force=True)))
    if signed is None:
        raise RuntimeError("the forced checkpoint was not issued")
    seq, first = size // 3, size // 2 + 1
    inclusion_seconds, inclusion = await _median(
        lambda: queries.inclusion_proof(InclusionOf(seq=seq, size=size)))
    consistency_seconds, consistency = await _median(
        lambda: queries.consistency_proof(ConsistencyBetween(first, size)))
    leaves_inclusion_seconds, leaves_path = await _median(
        lambda: _inclusion_from_leaves(url, seq, size))
    leaves_consistency_seconds, leaves_proof = await _median(
        lambda: _consistency_from_leaves(url, first, size))
    checks = (merkle.verify_inclusion(seq - 1, size, inclusion.leaf_hash, inclusion.path,
                                      signed.checkpoint.root)
              and merkle.verify_consistency(first, size, consistency.first_root,
                                            signed.checkpoint.root, consistency.path)
              and inclusion.path == leaves_path and consistency.path == leaves_proof)
    path, cpath = len(inclusion.path), len(consistency.path)
    times = [_took(t) for t in (checkpoint_seconds, inclusion_seconds, consistency_seconds,
                                leaves_inclusion_seconds, leaves_consistency_seconds)]
    proofs = [f"the note, {len(signed.note())} bytes",
              f"{path} hashes, {path * 32} bytes",
              f"{cpath} hashes, {cpath * 32} bytes",
              f"the same {path} hashes: {inclusion.path == leaves_path}",
              f"the same {cpath} hashes: {consistency.path == leaves_proof}"]
    return times + proofs, checks


async def _leaf_hashes(url: str, size: int) -> list[bytes]:
    """Every leaf hash up to ``size``, read as audit read them for a proof before."""
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        joined = bytes(await conn.fetchval(
            "SELECT string_agg(leaf_hash, ''::bytea ORDER BY seq) FROM audit.ledger "
            "WHERE seq <= $1", size))
    finally:
        await conn.close()
    return [joined[i:i + 32] for i in range(0, len(joined), 32)]


async def _inclusion_from_leaves(url: str, seq: int, size: int) -> list[bytes]:
    leaves = await _leaf_hashes(url, size)
    merkle.root(leaves)
    return merkle.inclusion_proof(seq - 1, leaves)


async def _consistency_from_leaves(url: str, first: int, size: int) -> list[bytes]:
    leaves = await _leaf_hashes(url, size)
    merkle.root(leaves[:first])
    merkle.root(leaves)
    return merkle.consistency_proof(first, leaves)


async def _table_bytes(url: str, table: str) -> int:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        return int(await conn.fetchval("SELECT pg_total_relation_size($1::regclass)",
                                       f"audit.{table}"))
    finally:
        await conn.close()


if __name__ == "__main__":
    sys.stdout.write(asyncio.run(run()))
