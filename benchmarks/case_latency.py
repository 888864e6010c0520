"""From the POST of a case to its entry in the audit ledger, through outbox, relay, broker, inbox.

The platform runs as it does in production, one process each: intake's API (uvicorn) and the five
workers (relay + consumer). Cases are posted over HTTP by concurrent agents. Latency is the ledger
row's ``recorded_at`` (Postgres clock) minus the case's ``opened_at`` (same machine's clock).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aio_pika
import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_audit.adapters.orm import ledger
from daiban_common.auth import Role, issue_dev_token
from daiban_common.db import create_engine
from daiban_common.migrations import upgrade
from daiban_common.service import discover
from daiban_intake.adapters.orm import cases

CASES = int(os.environ.get("BENCH_CASES", "300"))
CONCURRENCY = 10
SINGLE_CASES = 30
VILLAGE = "110116111201"
BODY = {"matter_code": "MZ-001", "village_code": VILLAGE, "channel": "station",
        "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                      "phone": "13800138000"}}


DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
PORT = int(os.environ.get("BENCH_PORT", "8191"))


def _env(namespace: str, key_file: str) -> dict[str, str]:
    return {"environment": "test", "bus_namespace": namespace, "jwt_dev_key_file": key_file,
            "log_level": "WARNING"}


async def _start(env: dict[str, str]) -> list[asyncio.subprocess.Process]:
    """intake's API and every service's worker, as separate processes."""
    child_env = {**os.environ, **{k.upper(): v for k, v in env.items()}}
    commands = [["api", "intake", "--port", str(PORT)]] + [["worker", s] for s in discover()]
    return [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "daiban_common.cli", *c, env=child_env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL) for c in commands]


async def _ready(client: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("intake did not become ready")


async def _submit_one_by_one(client: httpx.AsyncClient, token: str) -> list[str]:
    """A village agent's pace: one case, then a pause, so nothing queues behind it."""
    numbers: list[str] = []
    for _ in range(SINGLE_CASES):
        response = await client.post("/v1/cases", json=BODY,
                                     headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
        numbers.append(response.json()["number"])
        await asyncio.sleep(0.5)
    return numbers


async def _submit_all(client: httpx.AsyncClient, token: str) -> list[str]:
    numbers: list[str] = []
    queue = list(range(CASES))

    async def agent() -> None:
        while queue:
            queue.pop()
            response = await client.post("/v1/cases", json=BODY,
                                         headers={"Authorization": f"Bearer {token}"})
            response.raise_for_status()
            numbers.append(response.json()["number"])

    await asyncio.gather(*(agent() for _ in range(CONCURRENCY)))
    return numbers


async def _latencies(engine: AsyncEngine, numbers: list[str], deadline: float) -> list[float]:
    query = (select(cases.c.number, cases.c.opened_at, ledger.c.recorded_at)
             .join(ledger, ledger.c.subject == cases.c.number)
             .where(cases.c.number.in_(numbers), ledger.c.event_type == "case.submitted"))
    while True:
        async with engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        if len(rows) == len(numbers) or time.monotonic() > deadline:
            return [(r.recorded_at - r.opened_at).total_seconds() for r in rows]
        await asyncio.sleep(0.2)


async def _drop(namespace: str, amqp_url: str) -> None:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for svc in discover():
            await channel.queue_delete(f"{namespace}.{svc}")
            await channel.queue_delete(f"{namespace}.{svc}.parked")
            for attempt in range(1, 21):
                await channel.queue_delete(f"{namespace}.{svc}.retry.{attempt}")
        await channel.exchange_delete(f"{namespace}.events")
        await channel.exchange_delete(f"{namespace}.parked")
        await channel.exchange_delete(f"{namespace}.retry")


async def run() -> str:
    """Submit the cases, wait for the ledger, and report the latency distribution."""
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as keys:
        env = _env(namespace, f"{keys}/dev.pem")
        specs = discover()
        for spec in specs.values():
            await asyncio.to_thread(upgrade, spec.settings_type(**env), package=spec.package,
                                    schema=spec.schema)
        intake_demo = specs["intake"].load_demo
        assert intake_demo is not None
        await intake_demo(specs["intake"].settings_type(**env), DEMO)  # the cases' matter
        settings = specs["intake"].settings_type(**env)
        token = issue_dev_token(settings, role=Role.VILLAGE_AGENT, place=VILLAGE)
        processes = await _start(env)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}",
                                         timeout=30) as client:
                await _ready(client)
                await asyncio.sleep(2)  # the workers declare their queues
                started = time.perf_counter()
                numbers = await _submit_all(client, token)
                submitted = time.perf_counter() - started
                await asyncio.sleep(3)  # the burst drains
                singles = await _submit_one_by_one(client, token)
            engine = create_engine(settings)
            latencies = sorted(await _latencies(engine, numbers, time.monotonic() + 60))
            single = sorted(await _latencies(engine, singles, time.monotonic() + 60))
            await engine.dispose()
        finally:
            for process in processes:
                process.terminate()
            await asyncio.gather(*(p.wait() for p in processes))
        await _drop(namespace, settings.amqp_url.get_secret_value())
    return _report(latencies, submitted) + _report_single(single)


def _report(latencies: list[float], submitted: float) -> str:
    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return (
        "## A case from POST to the audit ledger\n\n"
        f"{CASES} cases posted by {CONCURRENCY} concurrent agents to intake "
        f"({CASES / submitted:.0f} cases/s accepted); each then travels outbox → relay → "
        "broker → audit's inbox while routing, sla and notify consume it too.\n\n"
        "| cases in the ledger | p50 | p95 | p99 | max |\n| --- | --- | --- | --- | --- |\n"
        f"| {len(latencies)}/{CASES} | {pct(0.5):.0f} ms | {pct(0.95):.0f} ms | "
        f"{pct(0.99):.0f} ms | {max(latencies) * 1000:.0f} ms |\n\n"
        f"Mean {statistics.mean(latencies) * 1000:.0f} ms. One intake API process and five worker "
        "processes share the machine's cores with Postgres, RabbitMQ and the load generator.\n"
    )


def _report_single(latencies: list[float]) -> str:
    ms = [x * 1000 for x in latencies]
    return (
        f"\nOne case at a time ({SINGLE_CASES} cases, 0.5 s apart, as an agent submits them): "
        f"{len(ms)}/{SINGLE_CASES} in the ledger, p50 {ms[len(ms) // 2]:.0f} ms, "
        f"max {max(ms):.0f} ms from the case's commit to its ledger entry.\n"
    )
