"""The whole platform as processes: five APIs, five workers and the nginx gateway.

The processes are the ones ``make run`` starts (``daiban api``/``daiban worker``, the gateway
rendered by scripts/render-gateway.sh), on free ports, with the test database and a bus namespace
of their own. Tests talk to the gateway only.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from daiban_common.bus import install_topology
from daiban_common.db import create_engine
from daiban_common.service import discover
from daiban_common.settings import CommonSettings
from tests.support.bus import drop_namespace
from tests.support.infra import DEMO_DATA, settle_outbox

REPO = Path(__file__).resolve().parents[2]
RETRIES = {"retry_delays_seconds": "0.2,0.5,1,2,5"}
"""A case may be accepted before routing has heard of its new matter: retried, not parked. The
topology is installed with the same delays the processes declare (they must agree)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found is None:
        pytest.fail("nginx is not installed: `make test` installs it (scripts/ensure-nginx.sh)",
                    pytrace=False)
    return found


@dataclass(frozen=True)
class Platform:
    """Where the running platform answers."""

    gateway: str
    env: dict[str, str]


def _wait_ready(client: httpx.Client, services: list[str], processes: list[subprocess.Popen[bytes]]
                ) -> None:
    deadline = time.monotonic() + 90
    pending = set(services)
    while pending:
        for p in processes:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args} exited with {p.returncode}")
        for name in list(pending):
            try:
                if client.get(f"/api/{name}/readyz").status_code == 200:
                    pending.discard(name)
            except httpx.TransportError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"not ready in time: {sorted(pending)}")
        time.sleep(0.2)


async def _load_demo_county(env: dict[str, str]) -> None:
    """The places and staff the relay assigns to (repeatable)."""
    routing = discover()["routing"]
    assert routing.load_demo is not None
    await routing.load_demo(routing.settings_type(**env), DEMO_DATA)


async def _settle_outboxes(env: dict[str, str]) -> None:
    """Start the relays on an empty backlog: other tests' rows are not this platform's."""
    engine = create_engine(CommonSettings(**env))  # type: ignore[arg-type]
    for spec in discover().values():
        metadata = importlib.import_module(f"{spec.package}.adapters.orm").metadata
        await settle_outbox(engine, metadata.tables[f"{spec.schema}.outbox"])
    await engine.dispose()


# Package scope: its relays must not outlive these tests, or they would publish the outbox rows
# of later tests into this platform's namespace.
@pytest.fixture(scope="package")
def platform(migrated: dict[str, str], tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Platform]:
    """Start everything, wait until every API is ready through the gateway, stop it after."""
    services = list(discover())
    ports = {name: _free_port() for name in services}
    gateway_port = _free_port()
    namespace = f"e2e{os.getpid()}"
    env = {**os.environ, **{k.upper(): v for k, v in migrated.items()},
           "BUS_NAMESPACE": namespace, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING",
           **{k.upper(): v for k, v in RETRIES.items()},
           "GATEWAY_PORT": str(gateway_port),
           **{f"{name.upper()}_PORT": str(port) for name, port in ports.items()}}
    asyncio.run(_load_demo_county(migrated))
    asyncio.run(_settle_outboxes(migrated))
    # as `daiban migrate` does at installation: every queue exists before any process publishes
    topology = CommonSettings(**{**migrated, **RETRIES, "bus_namespace": namespace})  # type: ignore[arg-type]
    asyncio.run(install_topology(topology, {s.name: s.subscribes for s in discover().values()}))
    run_dir = tmp_path_factory.mktemp("gateway")
    subprocess.run([str(REPO / "scripts/render-gateway.sh"), str(run_dir)], env=env,
                   check=True, capture_output=True)
    logs = (run_dir / "processes.log").open("wb")
    commands = [[sys.executable, "-m", "daiban_common.cli", "api", name, "--port",
                 str(ports[name]), "--root-path", f"/api/{name}"] for name in services]
    commands += [[sys.executable, "-m", "daiban_common.cli", "worker", name]
                 for name in services]
    commands.append([_nginx(), "-p", f"{run_dir}/", "-c", f"{run_dir}/nginx.conf",
                     "-e", "stderr"])
    processes = [subprocess.Popen(c, env=env, cwd=REPO, stdout=logs, stderr=logs)
                 for c in commands]
    gateway = f"http://127.0.0.1:{gateway_port}"
    try:
        with httpx.Client(base_url=gateway, timeout=5) as client:
            _wait_ready(client, services, processes)
        yield Platform(gateway, {**migrated, "bus_namespace": namespace})
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        logs.close()
        asyncio.run(drop_namespace(migrated["amqp_url"], namespace))
