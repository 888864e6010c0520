"""The whole platform as processes: five APIs, five workers (or several of each) and the nginx
gateway.

The processes are the ones ``make run`` starts (``daiban api``/``daiban worker``, the gateway
rendered by scripts/render-gateway.sh), on free ports, with the test database and a bus namespace
of their own. Tests talk to the gateway only.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import pytest
from sqlalchemy import func, select, update

from daiban_common.bus import install_topology
from daiban_common.db import create_engine
from daiban_common.service import discover, subscriptions
from daiban_common.settings import CommonSettings
from tests.support.bus import drop_namespace, eventually
from tests.support.gateway import free_port, nginx_binary, stop, wait_ready
from tests.support.infra import DEMO_DATA, settle_outbox

REPO = Path(__file__).resolve().parents[2]
RETRIES = {"retry_delays_seconds": "0.2,0.5,1,2,5"}
"""A case may be accepted before routing has heard of its new matter: retried, not parked. The
topology is installed with the same delays the processes declare (they must agree)."""


@dataclass(frozen=True)
class Platform:
    """Where the running platform answers: the gateway, and each replica's own ports."""

    gateway: str
    env: dict[str, str]
    api_ports: dict[str, list[int]] = field(default_factory=dict)
    metrics_ports: dict[str, list[int]] = field(default_factory=dict)
    sms_outbox: Path | None = None
    """The file notify's development SMS provider writes each SMS to (the residents' handsets)."""


async def _wait_consuming(amqp_url: str, namespace: str, consumers: dict[str, int]) -> None:
    """Every worker replica consumes its queue, so that no event published after is missed."""
    async def all_consuming() -> bool:
        connection = await aio_pika.connect(amqp_url)
        async with connection:
            for service, expected in consumers.items():
                channel = await connection.channel()
                try:
                    queue = await channel.declare_queue(f"{namespace}.{service}", passive=True)
                except aio_pika.exceptions.ChannelClosed:
                    return False
                if (queue.declaration_result.consumer_count or 0) < expected:
                    return False
        return True

    await eventually(all_consuming, within=60, every=0.3, what="every worker consuming its queue")


async def _wait_drained(env: dict[str, str], namespace: str, consumers: dict[str, int]) -> None:
    """The reference data published again into the new namespace is digested (every outbox
    published, every queue empty twice in a row), so a test's deadlines time its own cases, not
    the platform catching up with its installation."""
    engine = create_engine(CommonSettings(**env))  # type: ignore[arg-type]
    outboxes = [importlib.import_module(f"{spec.package}.adapters.orm")
                .metadata.tables[f"{spec.schema}.outbox"] for spec in discover().values()]
    empty_before = False

    async def drained() -> bool:
        nonlocal empty_before
        async with engine.connect() as conn:
            for outbox in outboxes:
                left = await conn.scalar(select(func.count()).select_from(outbox)
                                         .where(outbox.c.published_at.is_(None)))
                if left:
                    empty_before = False
                    return False
        connection = await aio_pika.connect(env["amqp_url"])
        async with connection:
            channel = await connection.channel()
            for service in consumers:
                queue = await channel.declare_queue(f"{namespace}.{service}", passive=True)
                if queue.declaration_result.message_count:
                    empty_before = False
                    return False
        settled, empty_before = empty_before, True
        return settled

    try:
        await eventually(drained, within=180, every=0.5, what="the reference data digested")
    finally:
        await engine.dispose()


async def _load_demo_county(env: dict[str, str]) -> None:
    """The places and staff the relay assigns to (repeatable)."""
    routing = discover()["routing"]
    assert routing.load_demo is not None
    await routing.load_demo(routing.settings_type(**env), DEMO_DATA)


REFERENCE_DATA = ("matter", "place", "staff", "calendar")
"""The events an installation publishes once (the catalogue, the place tree, the staff, the
working-day calendar); every consumer's read model starts from them."""


async def _settle_outboxes(env: dict[str, str]) -> None:
    """Start the relays on this platform's backlog only: other tests' case events are not its
    own, but the reference data is published again into the platform's new namespace, as it was
    into the installation's queues (consumers that applied it already pass it over)."""
    engine = create_engine(CommonSettings(**env))  # type: ignore[arg-type]
    for spec in discover().values():
        metadata = importlib.import_module(f"{spec.package}.adapters.orm").metadata
        outbox = metadata.tables[f"{spec.schema}.outbox"]
        await settle_outbox(engine, outbox)
        async with engine.begin() as conn:
            await conn.execute(
                update(outbox)
                .where(func.split_part(outbox.c.event_type, ".", 1).in_(REFERENCE_DATA))
                .values(published_at=None))
    await engine.dispose()


_RUNNING: list[str] = []


@contextmanager
def running_platform(migrated: dict[str, str], run_dir: Path, *, replicas: int = 1,
                     settings: dict[str, str] | None = None) -> Iterator[Platform]:
    """Start ``replicas`` of every API and worker, and the web front, behind one gateway; stop
    them after.
    ``settings`` override the processes' environment (e.g. ``{"DB_POOL_SIZE": "4"}``).

    One platform at a time: two would share the outboxes, and one's relays would publish the
    other's events into the wrong namespace."""
    if _RUNNING:
        raise RuntimeError(f"a platform is already running ({_RUNNING[0]}): one at a time")
    services = list(discover())
    api_ports = {name: [free_port() for _ in range(replicas)] for name in services}
    metrics_ports = {name: [free_port() for _ in range(replicas)] for name in services}
    gateway_port = free_port()
    web_port = free_port()
    namespace = f"e2e{os.getpid()}x{replicas}"
    env = {**os.environ, **{k.upper(): v for k, v in migrated.items()},
           "BUS_NAMESPACE": namespace, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING",
           **{k.upper(): v for k, v in RETRIES.items()},
           "GATEWAY_PORT": str(gateway_port), "WEB_PORT": str(web_port),
           "SMS_OUTBOX_FILE": str(run_dir / "sms-outbox.jsonl"),
           **{f"{name.upper()}_PORT": ",".join(map(str, ports))
              for name, ports in api_ports.items()},
           **(settings or {})}
    asyncio.run(_load_demo_county(migrated))
    asyncio.run(_settle_outboxes(migrated))
    # as `daiban migrate` does at installation: every queue exists before any process publishes
    topology = CommonSettings(**{**migrated, **RETRIES, "bus_namespace": namespace})  # type: ignore[arg-type]
    bindings = subscriptions(discover(), **{**migrated, **RETRIES, "bus_namespace": namespace})
    asyncio.run(install_topology(topology, bindings))
    subprocess.run([str(REPO / "scripts/render-gateway.sh"), str(run_dir)], env=env,
                   check=True, capture_output=True)
    logs = (run_dir / "processes.log").open("wb")
    daiban = [sys.executable, "-m", "daiban_common.cli"]
    launches: list[tuple[list[str], dict[str, str]]] = [
        ([*daiban, "api", name, "--port", str(port), "--root-path", f"/api/{name}"], {})
        for name in services for port in api_ports[name]]
    launches += [([*daiban, "worker", name], {"METRICS_PORT": str(port)})
                 for name in services for port in metrics_ports[name]]
    launches.append(([sys.executable, "-m", "daiban_web", "--port", str(web_port),
                      "--gateway", f"http://127.0.0.1:{gateway_port}"], {}))
    launches.append(([nginx_binary(), "-p", f"{run_dir}/", "-c", f"{run_dir}/nginx.conf",
                      "-e", "stderr"], {}))
    processes = [subprocess.Popen(c, env={**env, **extra}, cwd=REPO, stdout=logs, stderr=logs)
                 for c, extra in launches]
    consumers = {name: replicas for name, keys in bindings.items() if keys}
    _RUNNING.append(run_dir.name)
    try:
        wait_ready([port for ports in api_ports.values() for port in ports], processes,
                   log_file=run_dir / "processes.log")
        asyncio.run(_wait_consuming(migrated["amqp_url"], namespace, consumers))
        asyncio.run(_wait_drained(migrated, namespace, consumers))
        yield Platform(f"http://127.0.0.1:{gateway_port}", {**migrated, "bus_namespace": namespace},
                       api_ports, metrics_ports, Path(env["SMS_OUTBOX_FILE"]))
    finally:
        stop(processes)
        logs.close()
        _RUNNING.clear()
        asyncio.run(drop_namespace(migrated["amqp_url"], namespace))


# Package scope: its relays must not outlive these tests, or they would publish the outbox rows
# of later tests into this platform's namespace.
@pytest.fixture(scope="package")
def platform(migrated: dict[str, str], tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Platform]:
    """One of every API and worker, ready behind the gateway."""
    with running_platform(migrated, tmp_path_factory.mktemp("gateway")) as running:
        yield running
