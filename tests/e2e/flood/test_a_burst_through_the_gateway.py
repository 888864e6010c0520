"""A busy hour through the gateway on small pools: every case gets its clocks and its ledger
entries, nothing is parked, and no process waits for a pool connection.

The pools are small on purpose (``DB_POOL_SIZE=4``): a consumer's concurrency is capped below its
pool, and no handler holds one connection while it waits for a second, so a burst from many
agents at once cannot wedge a worker (it did, with sla reading the calendar through a second
connection inside its handlers while holding the case's row lock)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks.county_agents import CaseRun, demo_county, take_application, tokens
from daiban_common.settings import CommonSettings
from tests.e2e.conftest import Platform, running_platform
from tests.support.audit import queue_declared

pytestmark = pytest.mark.integration

AGENTS = 16
CASES = 96
POOL = {"DB_POOL_SIZE": "4", "CONSUMER_PREFETCH": "8"}
WEDGE_SIGNS = ("QueuePool limit", "connection timed out", "TimeoutError", "parking ")


@pytest.fixture(scope="module")
def small_pools(migrated: dict[str, str], tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[tuple[Platform, Path]]:
    """The whole platform with four connections per process."""
    run_dir = tmp_path_factory.mktemp("flood")
    with running_platform(migrated, run_dir, settings=POOL) as running:
        yield running, run_dir


async def _burst(platform: Platform) -> list[CaseRun]:
    county = demo_county()
    headers = tokens(CommonSettings(**platform.env), county)  # type: ignore[arg-type]
    runs = [CaseRun(county.agents[n % len(county.agents)],
                    county.matters[n % len(county.matters)]) for n in range(CASES)]
    queue = list(runs)
    async with httpx.AsyncClient(base_url=platform.gateway, timeout=60) as client:
        async def agent() -> None:
            while queue:
                run = queue.pop()
                await take_application(client, run, headers.agent[run.agent.staff_id])

        await asyncio.gather(*(agent() for _ in range(AGENTS)))
    return runs


async def _settled(platform: Platform, runs: list[CaseRun], *, within: float
                   ) -> dict[str, str]:
    """The cases still without their clocks or their ledger entries when the deadline passes,
    with what was last seen of each."""
    county = demo_county()
    headers = tokens(CommonSettings(**platform.env), county)  # type: ignore[arg-type]
    pending = {run.number: run for run in runs}
    seen: dict[str, str] = {}
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=platform.gateway, timeout=30) as client:
        while pending and time.monotonic() < deadline:
            for number, run in list(pending.items()):
                auth = headers.agent[run.agent.staff_id]
                clocks = await client.get(f"/api/sla/v1/cases/{number}/clocks", headers=auth)
                ledger = await client.get("/api/audit/v1/ledger",
                                          params={"subject": number}, headers=auth)
                types = ({e["type"] for e in ledger.json().get("items", [])}
                         if ledger.status_code == 200 else set())
                timed = clocks.status_code == 200 and bool(clocks.json().get("clocks"))
                if timed and {"case.submitted", "case.accepted", "case.routed"} <= types:
                    del pending[number]
                else:
                    seen[number] = f"clocks {clocks.status_code} {clocks.text[:120]}; " \
                                   f"ledger {ledger.status_code} {sorted(types)}"
            await asyncio.sleep(0.5)
    return {number: seen.get(number, "") for number in sorted(pending)}


@pytest.mark.timeout(600)
def test_a_burst_of_cases_from_sixteen_agents_gets_every_clock_and_ledger_entry(
    small_pools: tuple[Platform, Path],
) -> None:
    platform, run_dir = small_pools
    runs = asyncio.run(_burst(platform))
    assert [r.error for r in runs if r.error] == []
    assert asyncio.run(_settled(platform, runs, within=240)) == {}

    namespace = platform.env["bus_namespace"]
    for service in ("intake", "routing", "sla", "audit", "notify"):
        parked = asyncio.run(_parked(platform.env["amqp_url"], f"{namespace}.{service}.parked"))
        assert parked == 0, service
    log = (run_dir / "processes.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if any(s in line for s in WEDGE_SIGNS)] == []


async def _parked(amqp_url: str, queue: str) -> int:
    import aio_pika

    assert await queue_declared(amqp_url, queue)
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        return int(declared.declaration_result.message_count or 0)
