"""SLA's sweeper over a million open clocks, when 10,000 of them fall due at the same moment.

A database of its own (``<DATABASE_URL's database>_sla_sweep``, dropped afterwards) gets sla's
schema, the calendar, and one million open clocks written by one ``generate_series`` INSERT:
200,000 cases × 5 clocks (the whole case's and four stages'), all green. 10,000 of them (2,000
cases) pass their deadline at one moment a few seconds ahead; the rest fall due over the next
60 days. A separate process runs the sweeper exactly as sla's worker does (``Sweeper.run``): it
sleeps until that moment, then fires red, escalation and, for the town stages, timeout default.
The figures come from the clock rows (when each level fired) and from the process's
``/proc/<pid>/status`` (VmRSS while idle over the million rows, VmHWM as its peak).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from daiban_common.migrations import upgrade
from daiban_common.service import run_workers
from daiban_sla.adapters.orm import SCHEMA
from daiban_sla.bootstrap import build
from daiban_sla.seed import seed
from daiban_sla.settings import SlaSettings
from daiban_sla.workers import Sweeper

CASES = int(os.environ.get("BENCH_SLA_CASES", "200000"))
DUE_CASES = int(os.environ.get("BENCH_SLA_DUE_CASES", "2000"))
STAGES = ("case", "village", "town", "county", "department")
STALE = int(os.environ.get("BENCH_SLA_STALE", "100000"))
"""Open clocks a calendar change leaves to recompute, in the second measurement."""
LEAD_SECONDS = 12.0
"""How far ahead the moment lies when the sweeper process starts (it imports and warms up)."""

INSERT = """
INSERT INTO sla.clocks (
    case_number, stage, village_code, matter_code, matter_version, budget_days, timeout_default,
    started_at, pauses, paused_days, light, yellow_days, yellow_at, deadline, escalate_at,
    next_due_at, calendar_version, provisional)
SELECT number, stage, village, 'MZ-001', 1, 5, stage = 'town', $1::timestamptz - interval '1 day',
       '[]'::jsonb, 0, 'green', 3,
       CASE WHEN due THEN NULL ELSE later END,
       CASE WHEN due THEN $2::timestamptz - interval '1 millisecond'
            ELSE later + interval '3 days' END,
       CASE WHEN due THEN $2::timestamptz ELSE later + interval '3 days 1 millisecond' END,
       CASE WHEN due THEN $2::timestamptz ELSE later END,
       $3, false
FROM (
    SELECT '110116-' || to_char(date '2026-01-01' + c / 100000, 'YYYYMMDD') || '-'
               || lpad((c % 100000)::text, 6, '0') AS number,
           '110116' || (101 + c % 20)::text || (201 + c % 15)::text AS village,
           c < $4 AS due,
           $1::timestamptz + (1 + c % 60) * interval '1 day' AS later
    FROM generate_series(0, $5 - 1) AS c
) AS cases
CROSS JOIN unnest($6::text[]) AS stage
"""


@dataclass(frozen=True)
class Setup:
    """What it took to get the million clocks in."""

    insert_seconds: float
    count_ms: float
    earliest_ms: float


def _libpq(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(
        hide_password=False)


async def _admin(base: str, sql: str) -> None:
    conn = await asyncpg.connect(_libpq(base, "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _fill(url: str, *, now: datetime, due: datetime) -> Setup:
    conn = await asyncpg.connect(url)
    try:
        version = await conn.fetchval("SELECT version FROM sla.calendar_version")
        started = time.perf_counter()
        await conn.execute(INSERT, now, due, version, DUE_CASES, CASES, list(STAGES))
        await conn.execute("VACUUM ANALYZE sla.clocks")
        inserted = time.perf_counter() - started
        count_ms = await _timed(conn, "SELECT light, count(*) FROM sla.clocks "
                                      "WHERE stopped_at IS NULL GROUP BY light")
        earliest_ms = await _timed(conn, "SELECT min(next_due_at) FROM sla.clocks")
    finally:
        await conn.close()
    return Setup(inserted, count_ms, earliest_ms)


async def _timed(conn: asyncpg.Connection, sql: str) -> float:
    started = time.perf_counter()
    await conn.fetch(sql)
    return (time.perf_counter() - started) * 1000


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def _wait_for_events(url: str, expected: int, *, deadline: float) -> int:
    conn = await asyncpg.connect(url)
    try:
        while True:
            found = await conn.fetchval(
                "SELECT count(*) FROM sla.outbox WHERE event_type LIKE 'sla.%'")
            if found >= expected or time.monotonic() > deadline:
                return int(found)
            await asyncio.sleep(0.1)
    finally:
        await conn.close()


async def _fired_span(url: str) -> tuple[datetime, datetime, int]:
    conn = await asyncpg.connect(url)
    try:
        row = await conn.fetchrow(
            "SELECT min(breached_at), max(greatest(breached_at, escalated_at, timed_out_at)), "
            "count(*) FROM sla.clocks WHERE breached_at IS NOT NULL")
    finally:
        await conn.close()
    assert row is not None
    return row[0], row[1], row[2]


async def _sweep_in_a_process(url: str, *, due: datetime, expected: int) -> dict[str, float]:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.sla_sweep", "sweeper", env=env,
        stdout=asyncio.subprocess.DEVNULL)
    try:
        await asyncio.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds() - 1))
        idle_kb = _status_kb(child.pid, "VmRSS")
        events = await _wait_for_events(url, expected, deadline=time.monotonic() + 300)
        rss_kb = _status_kb(child.pid, "VmRSS")
        recompute = await _recompute(url)
        peak_kb = _status_kb(child.pid, "VmHWM")
    finally:
        child.terminate()
        await child.wait()
    return {"idle_mb": idle_kb / 1024, "peak_mb": peak_kb / 1024, "after_mb": rss_kb / 1024,
            "events": events, "recompute_s": recompute}


async def _recompute(url: str) -> float:
    """Mark STALE open clocks as computed with an older calendar, wake the sweeper, and time
    how long until it has recomputed them all."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "UPDATE sla.clocks SET calendar_version = calendar_version - 1 WHERE (case_number, "
            "stage) IN (SELECT case_number, stage FROM sla.clocks WHERE yellow_at IS NOT NULL "
            "LIMIT $1)", STALE)
        started = time.monotonic()
        await conn.execute("NOTIFY daiban_sla_clocks")
        version = await conn.fetchval("SELECT version FROM sla.calendar_version")
        while await conn.fetchval("SELECT count(*) FROM sla.clocks WHERE calendar_version < $1 "
                                  "AND stopped_at IS NULL", version):
            if time.monotonic() - started > 600:
                return float("nan")
            await asyncio.sleep(0.2)
        return time.monotonic() - started
    finally:
        await conn.close()


async def run() -> str:
    """Fill a database of its own with a million clocks, let 10,000 fall due, and report."""
    base = SlaSettings().database_url
    name = f"{make_url(base).database}_sla_sweep"
    await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _admin(base, f'CREATE DATABASE "{name}"')
    url = _libpq(base, name)
    try:
        settings = SlaSettings(database_url=url, log_level="WARNING")
        await asyncio.to_thread(upgrade, settings, package="daiban_sla", schema=SCHEMA)
        await seed(settings)
        now = datetime.now(UTC)
        setup = await _fill(url, now=now, due=now + timedelta(days=1))
        due = datetime.now(UTC) + timedelta(seconds=LEAD_SECONDS)
        await _move_due(url, due)
        expected = DUE_CASES * len(STAGES) * 2 + DUE_CASES
        process = await _sweep_in_a_process(url, due=due, expected=expected)
        first, last, red = await _fired_span(url)
    finally:
        await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return _report(setup, process, due=due, first=first, last=last, red=red, expected=expected)


async def _move_due(url: str, due: datetime) -> None:
    """The due clocks' moment, set once the slow INSERT is done so the lead time is known."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "UPDATE sla.clocks SET deadline = $1::timestamptz - interval '1 millisecond', "
            "escalate_at = $1, next_due_at = $1 WHERE yellow_at IS NULL", due)
    finally:
        await conn.close()


def _report(setup: Setup, process: dict[str, float], *, due: datetime, first: datetime,
            last: datetime, red: int, expected: int) -> str:
    total = CASES * len(STAGES)
    all_fired = (last - due).total_seconds()
    return (
        "## SLA: a sweep over a million open clocks\n\n"
        f"{total:,} open clocks ({CASES:,} cases × {len(STAGES)}); {red:,} of them "
        f"({DUE_CASES:,} cases) pass their deadline at the same moment. The sweeper runs in a "
        "process of its own, as in sla's worker, batches of 500 clocks per transaction; each "
        "due clock fires red and its escalation, and the town stages their timeout default "
        f"({int(process['events']):,} of {expected:,} expected events in the outbox).\n\n"
        "| first level fired after the moment | all fired after the moment | clocks/s | "
        "sweeper RSS idle over 1M clocks | RSS after the sweep | peak RSS |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"| {(first - due).total_seconds() * 1000:.0f} ms | {all_fired:.1f} s | "
        f"{red / max(all_fired, 1e-9):,.0f} | {process['idle_mb']:.0f} MB | "
        f"{process['after_mb']:.0f} MB | {process['peak_mb']:.0f} MB |\n\n"
        "Writing the million rows (one INSERT … SELECT over generate_series into the table "
        f"and its indexes, then VACUUM ANALYZE) took {setup.insert_seconds:.0f} s. The sweeper's "
        "lookup of the next moment (`min(next_due_at)`, an index edge) takes "
        f"{setup.earliest_ms:.1f} ms; recounting the open clocks by light for the gauge "
        f"(every 30 s) takes {setup.count_ms:.0f} ms. After a calendar change, the same "
        f"sweeper recomputed {STALE:,} open clocks' moments in {process['recompute_s']:.0f} s "
        f"({STALE / process['recompute_s']:,.0f} clocks/s, between its due batches). Memory does "
        "not grow with the open clocks: the sweeper holds one batch at a time.\n"
    )


def _sweeper_process() -> None:
    """The sweeper alone, as sla's worker runs it, until SIGTERM."""
    settings = SlaSettings()
    sweepers = [w for w in build(settings).workers if isinstance(w, Sweeper)]
    asyncio.run(run_workers(sweepers))


if __name__ == "__main__" and sys.argv[1:] == ["sweeper"]:
    _sweeper_process()
