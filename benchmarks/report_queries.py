"""Audit's reports over a year of a county's cases: the monthly report of a town, the county's
on-time ranking and a year's savings, timed through audit's own queries on Postgres.

A database of its own (``<DATABASE_URL's database>_reports``, dropped afterwards) gets audit's
schema, a county of 16 towns × 17 villages with road distances, and ``BENCH_REPORT_CASES`` case
records (default 100,000) spread over 2026, written by one batched INSERT (the records the read
model keeps from the events: returns, late stages, withdrawals, ratings, complaints, routes to the
town or to a county department). Each query runs ``BENCH_REPORT_ROUNDS`` times (default 3), per
town or once; the table gives the median and the slowest.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import asyncpg

from benchmarks.figures import ms, say, table
from benchmarks.ledger_ingest import own_audit
from daiban_audit.bootstrap import Commands, Queries
from daiban_audit.domain.case_record import CaseRecord, PlaceNode
from daiban_audit.domain.monthly_report import Month
from daiban_audit.handlers import MonthlyReportOf, RankingOf, SavingsOf
from daiban_common.service import Service
from daiban_kernel.actor import Actor
from daiban_kernel.roles import Role

CASES = int(os.environ.get("BENCH_REPORT_CASES", "100000"))
ROUNDS = int(os.environ.get("BENCH_REPORT_ROUNDS", "3"))
TITLE = "## Reports over a year of a county's cases"
COUNTY = "110116"
TOWNS = [f"{COUNTY}{n:03d}" for n in range(101, 117)]
VILLAGES = [f"{t}{n:03d}" for t in TOWNS for n in range(201, 218)]
YEAR = datetime(2025, 12, 31, 16, tzinfo=UTC)
MATTERS = [f"MZ-{n:03d}" for n in range(1, 30)] + [f"T-{n:02d}" for n in range(1, 25)]
WHO = Actor(staff_id="110116-0009", role=Role.SUPERVISOR, place=COUNTY)


def _places() -> list[PlaceNode]:
    rng = random.Random(1)  # noqa: S311 (a repeatable county, not a secret)
    return [PlaceNode(COUNTY, "县", "county", None, None, 1),
            *(PlaceNode(t, t, "town", COUNTY, Decimal(rng.randrange(50, 600)) / 10, 1)
              for t in TOWNS),
            *(PlaceNode(v, v, "village", v[:9], Decimal(rng.randrange(5, 300)) / 10, 1)
              for v in VILLAGES)]


def _record(rng: random.Random, n: int) -> CaseRecord:
    opened = YEAR + timedelta(minutes=rng.randrange(365 * 24 * 60))
    up = rng.random() < 0.6

    def step() -> timedelta:
        return timedelta(hours=rng.randrange(4, 96))

    accepted = opened + step()
    withdrawn = accepted + step() if rng.random() < 0.05 else None
    decided = None if withdrawn or rng.random() < 0.05 else accepted + 3 * step()
    delivered = decided + step() if decided else None
    rated = delivered + step() if delivered and rng.random() < 0.5 else None
    return CaseRecord(
        f"{COUNTY}-{opened:%Y%m%d}-{n:06d}", village_code=rng.choice(VILLAGES),
        matter_code=rng.choice(MATTERS), department_code=rng.choice(["MZ", "YB", "RS"]) if up
        else None, channel="station", agent_id=f"110116-{rng.randrange(300):04d}",
        path=("village", "town", "county", "department") if up else ("village", "town"),
        deciding_tier="department" if up else "town", opened_at=opened, accepted_at=accepted,
        decided_at=decided, delivered_at=delivered, closed_at=delivered or withdrawn,
        withdrawn_at=withdrawn, outcome=None if decided is None else
        rng.choice(["approved"] * 9 + ["rejected"]),
        returns={2: accepted + step()} if rng.random() < 0.1 else {},
        late_stages={"town": accepted + step()} if rng.random() < 0.08 else {},
        stars=rng.randint(1, 5) if rated else None, rated_at=rated,
        complaints={f"q-{n}": rated} if rated and rng.random() < 0.02 else {},
        last_at=rated or delivered or withdrawn or decided or accepted)


async def _load(url: str) -> float:
    rng = random.Random(15)  # noqa: S311 (repeatable cases, not a secret)
    rows = []
    for n in range(1, CASES + 1):
        r = _record(rng, n)
        rows.append((r.case_number, r.village_code, r.opened_at, r.closed_at or r.withdrawn_at,
                     r.last_at, json.dumps(r.to_json())))
    conn = await asyncpg.connect(url)
    try:
        started = time.perf_counter()
        await conn.executemany(
            "INSERT INTO audit.case_record (case_number, village_code, opened_at, ended_at, "
            "last_at, data) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)", rows)
        await conn.executemany(
            "INSERT INTO audit.place_node VALUES ($1, $2, $3, $4, $5, $6)",
            [(p.code, p.name, p.tier, p.parent_code, p.distance_km, p.version)
             for p in _places()])
        await conn.execute("ANALYZE audit.case_record")
        return time.perf_counter() - started
    finally:
        await conn.close()


async def _time(rounds: int, call: Callable[[], Awaitable[object]]) -> list[float]:
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        await call()
        seconds.append(time.perf_counter() - started)
    return seconds


def _row(what: str, seconds: list[float], note: str) -> list[object]:
    return [what, ms(statistics.median(seconds)), ms(max(seconds)), note]


async def _measure(audit: Service[Commands, Queries], url: str) -> str:
    loaded = await _load(url)
    q = audit.queries
    month = Month(2026, 6)
    town_seconds: list[float] = []
    report = None
    for town in TOWNS:
        async def one(town: str = town) -> None:
            nonlocal report
            report = await q.monthly_report(MonthlyReportOf(town, str(month), WHO))
        town_seconds += await _time(ROUNDS, one)
    assert report is not None
    ranking_seconds = await _time(ROUNDS, lambda: q.ranking(RankingOf(COUNTY, str(month), WHO)))
    year_seconds = await _time(ROUNDS, lambda: q.savings(SavingsOf(
        COUNTY, YEAR, YEAR + timedelta(days=365), WHO)))
    saved = await q.savings(SavingsOf(COUNTY, YEAR, YEAR + timedelta(days=365), WHO))
    say(f"reports: {CASES} cases loaded in {loaded:.1f} s")
    return "\n".join([
        TITLE, "",
        f"{CASES:,} case records over 2026 in a county of {len(TOWNS)} towns and "
        f"{len(VILLAGES)} villages (`benchmarks/report_queries.py`), written by one batched "
        f"INSERT in {loaded:.1f} s; each query through audit's own queries on Postgres, "
        f"{ROUNDS} rounds.",
        "",
        table(["query", "median", "slowest", "what it read"], [
            _row(f"monthly report of a town ({month}, each of {len(TOWNS)} towns)",
                 town_seconds, f"{report.total.counts['received']:,} received in the last town"),
            _row(f"on-time ranking of towns and departments ({month})", ranking_seconds,
                 "every case of the county active in the month"),
            _row("savings of the county over the year", year_seconds,
                 f"{saved.total.cases:,} decided cases, {saved.total.km:,.0f} km saved"),
        ]),
        "The savings over a year read every record of the county's year (JSON decoded in "
        "Python); a\nmonth's or a town's report reads only the cases active in it.", ""])


async def run() -> str:
    async with own_audit("reports", clock=lambda: datetime(2026, 12, 1, tzinfo=UTC)) as (
            audit, url):
        return await _measure(audit, url)


if __name__ == "__main__":
    sys.stdout.write(asyncio.run(run()))
