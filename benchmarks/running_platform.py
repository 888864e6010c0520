"""The whole platform as `make run` starts it: five APIs, five workers and the nginx gateway.

Each process is the command of deploy/local/Procfile (``daiban api <svc> --root-path
/api/<svc>``, ``daiban worker <svc>`` with ``METRICS_PORT``, nginx on the configuration rendered
by scripts/render-gateway.sh), here on free loopback ports, with a bus namespace and a database of
the benchmark's own. Every process writes its own log file under the run directory, so that
pool timeouts and tracebacks can be counted per process afterwards. Workers can be stopped,
killed and started again one by one (the backlog and fault runs need it).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import asyncpg
import httpx
from sqlalchemy.engine import make_url

from daiban_common.parked import list_parked
from daiban_common.settings import CommonSettings

REPO = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "routing", "sla", "audit", "notify")
DAIBAN = Path(sys.executable).with_name("daiban")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# What the process logs say when something is wrong under load (counted per process).
LOG_SIGNS = {
    "pool timeouts": re.compile(r"QueuePool limit|TimeoutError.*pool|pool.*timed? ?out", re.I),
    "tracebacks": re.compile(r"Traceback \(most recent call last\)"),
    "handler failures": re.compile(r"handler for \S+ \S+ failed"),
    "lock or deadlock errors": re.compile(r"deadlock detected|lock timeout|LockNotAvailable", re.I),
    "broker reconnects": re.compile(r"reconnect|Connection.*(lost|closed|reset)", re.I),
}


def free_port() -> int:
    """A TCP port nothing listens on now (loopback)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found is None:
        raise RuntimeError("nginx is not installed: scripts/ensure-nginx.sh installs it")
    return found


@dataclass
class ProcessUse:
    """CPU seconds and peak resident memory of one process, read from /proc."""

    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0


def process_use(pid: int) -> ProcessUse:
    """utime + stime and VmHWM of a live process; zeros once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return ProcessUse()
    fields = stat.rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    hwm = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return ProcessUse(cpu, int(hwm.group(1)) / 1024 if hwm else 0.0)


@dataclass
class ManagedProcess:
    """One of the platform's processes, restartable under the same name and command."""

    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None
    # CPU of earlier incarnations (a killed and restarted worker), so totals survive restarts
    cpu_before: float = 0.0
    peak_before: float = 0.0
    starts: int = 0

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(self.command, env=self.env, cwd=REPO, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.starts += 1

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen is not None and self.popen.poll() is None else None

    def use(self) -> ProcessUse:
        now = process_use(self.pid) if self.pid else ProcessUse()
        return ProcessUse(self.cpu_before + now.cpu_seconds, max(self.peak_before, now.peak_rss_mb))

    def _retire(self) -> None:
        if self.pid:
            last = process_use(self.pid)
            self.cpu_before += last.cpu_seconds
            self.peak_before = max(self.peak_before, last.peak_rss_mb)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM, the way honcho stops it; SIGKILL if it does not finish in time."""
        if self.popen is None or self.popen.poll() is not None:
            return
        self._retire()
        self.popen.terminate()
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()

    def kill(self) -> None:
        """SIGKILL: the process dies mid-work, as a crash would."""
        if self.popen is None or self.popen.poll() is not None:
            return
        self._retire()
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()

    def log_counts(self) -> dict[str, tuple[int, str]]:
        """How often each sign of trouble appears in the log, and its first line."""
        counts: dict[str, tuple[int, str]] = {}
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return counts
        for sign, pattern in LOG_SIGNS.items():
            hits = [line for line in lines if pattern.search(line)]
            if hits:
                counts[sign] = (len(hits), hits[0][:400])
        return counts


@dataclass
class RunningPlatform:
    """Ports, environment and processes of one started platform."""

    run_dir: Path
    env: dict[str, str]
    namespace: str
    gateway: str
    api_ports: dict[str, int]
    metrics_ports: dict[str, int]
    processes: dict[str, ManagedProcess] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    @property
    def amqp_url(self) -> str:
        return self.env["AMQP_URL"]

    def workers(self) -> list[ManagedProcess]:
        return [self.processes[f"{s}-worker"] for s in SERVICES]

    def stop_workers(self) -> None:
        for worker in self.workers():
            worker.stop()

    def start_workers(self) -> None:
        for worker in self.workers():
            worker.start()

    def use(self) -> dict[str, ProcessUse]:
        return {name: p.use() for name, p in self.processes.items()}

    def log_counts(self) -> dict[str, dict[str, tuple[int, str]]]:
        return {name: p.log_counts() for name, p in self.processes.items()}

    def log_sizes(self) -> dict[str, int]:
        """Where each log ends now: counting later only what a scenario wrote."""
        return {name: _size(p.log_path) for name, p in self.processes.items()}

    def stop(self) -> None:
        for p in self.processes.values():
            if p.popen is not None and p.popen.poll() is None:
                p._retire()
                p.popen.terminate()
        for p in self.processes.values():
            if p.popen is None:
                continue
            try:
                p.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.popen.kill()
                p.popen.wait()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def platform_env(database_url: str, amqp_url: str, run_dir: Path,
                 extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment scripts/run.sh gives every process, with the benchmark's own names."""
    namespace = f"pipe{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(tuple(f"{s.upper()}_" for s in SERVICES))}
    env.update({
        "DATABASE_URL": database_url,
        "AMQP_URL": amqp_url,
        "BUS_NAMESPACE": namespace,
        "ENVIRONMENT": "development",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
        "JWT_DEV_KEY_FILE": str(run_dir / "jwt-dev.pem"),
    })
    env.update(extra or {})
    return env


def prepare(env: Mapping[str, str]) -> None:
    """`daiban migrate` and `daiban demo load`, as scripts/run.sh does before starting."""
    for command in (["migrate"], ["demo", "load", "--directory", str(REPO / "data" / "demo")]):
        done = subprocess.run([str(DAIBAN), *command], env=dict(env), cwd=REPO,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"daiban {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


async def recreate_database(database_url: str) -> None:
    """A fresh database for the run: no earlier run's rows, outboxes or read models."""
    target = make_url(database_url.replace("+asyncpg", ""))
    admin = target.set(database="postgres").render_as_string(hide_password=False)
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{target.database}"')
    finally:
        await conn.close()


async def wait_catalogue(database_url: str, wait: float = 60) -> int:
    """Routing and sla hold every matter intake published (the demo catalogue's events)."""
    conn = await asyncpg.connect(database_url)
    deadline = time.monotonic() + wait
    try:
        published = int(await conn.fetchval(
            "SELECT count(*) FROM intake.matters WHERE published"))
        while True:
            routing = int(await conn.fetchval("SELECT count(DISTINCT code) FROM routing.matters"))
            sla = int(await conn.fetchval("SELECT count(DISTINCT code) FROM sla.matters"))
            if routing >= published and sla >= published:
                return published
            if time.monotonic() > deadline:
                raise RuntimeError(f"the catalogue did not reach routing ({routing}) and sla "
                                   f"({sla}) of {published} published matters")
            await asyncio.sleep(0.2)
    finally:
        await conn.close()


_UNSETTLED = " + ".join(
    f"(SELECT count(*) FROM {svc}.outbox o WHERE o.published_at IS NULL OR (NOT EXISTS "
    f"(SELECT 1 FROM audit.ledger l WHERE l.event_id = o.event_id) "
    f"AND o.envelope->>'type' <> 'ledger.checkpoint'))" for svc in SERVICES)
"""Events not yet published, or published and not in the ledger; audit's own checkpoints are
kept in their table, never appended (each would call for the next one), so they do not count."""


async def wait_settled(database_url: str, wait: float = 120) -> None:
    """Every event written so far (the demo data's) is published and in audit's ledger, so that
    a scenario does not measure the platform digesting its installation."""
    conn = await asyncpg.connect(database_url)
    deadline = time.monotonic() + wait
    try:
        while (left := int(await conn.fetchval(f"SELECT {_UNSETTLED}"))) > 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{left} installation event(s) still not in the ledger")
            await asyncio.sleep(0.5)
    finally:
        await conn.close()


def start(env: dict[str, str], run_dir: Path) -> RunningPlatform:
    """Render the gateway, start the ten service processes and nginx, wait until ready."""
    run_dir.mkdir(parents=True, exist_ok=True)
    api_ports = {s: free_port() for s in SERVICES}
    metrics_ports = {s: free_port() for s in SERVICES}
    gateway_port = free_port()
    env = {**env, "GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(gateway_port),
           **{f"{s.upper()}_PORT": str(p) for s, p in api_ports.items()}}
    gateway_dir = run_dir / "nginx"
    subprocess.run([str(REPO / "scripts" / "render-gateway.sh"), str(gateway_dir)], env=env,
                   cwd=REPO, check=True, capture_output=True)
    platform = RunningPlatform(run_dir, env, env["BUS_NAMESPACE"],
                               f"http://127.0.0.1:{gateway_port}", api_ports, metrics_ports)
    logs = run_dir / "logs"
    logs.mkdir(exist_ok=True)
    for svc in SERVICES:
        platform.processes[f"{svc}-api"] = ManagedProcess(
            f"{svc}-api", [str(DAIBAN), "api", svc, "--host", "127.0.0.1", "--port",
                           str(api_ports[svc]), "--root-path", f"/api/{svc}"],
            env, logs / f"{svc}-api.log")
        platform.processes[f"{svc}-worker"] = ManagedProcess(
            f"{svc}-worker", [str(DAIBAN), "worker", svc],
            {**env, "METRICS_PORT": str(metrics_ports[svc])}, logs / f"{svc}-worker.log")
    platform.processes["gateway"] = ManagedProcess(
        "gateway", [nginx_binary(), "-p", f"{gateway_dir}/", "-c", f"{gateway_dir}/nginx.conf",
                    "-e", "stderr"], env, logs / "gateway.log")
    # Intake's worker last, once the other consumers' queues exist: its relay publishes the demo
    # catalogue's events at once. `daiban migrate` declares the queues (then this waits for
    # nothing); before it did, an event published ahead of a consumer's first start was lost.
    try:
        for p in platform.processes.values():
            if p.name != "intake-worker":
                p.start()
        asyncio.run(wait_queues(platform, [s for s in SERVICES if s != "intake"]))
        platform.processes["intake-worker"].start()
        wait_ready(platform)
    except BaseException:
        platform.stop()
        raise
    return platform


async def wait_queues(platform: RunningPlatform, services: list[str], wait: float = 60
                      ) -> None:
    """Each of these services' workers has declared its queue on the broker."""
    deadline = time.monotonic() + wait
    while True:
        depths = await queue_depths(platform)
        if all(depths.get(s, -1) >= 0 for s in services):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"queues not declared in time: {depths}")
        await asyncio.sleep(0.3)


def wait_ready(platform: RunningPlatform, timeout: float = 90) -> None:
    """Every API answers /readyz through the gateway and every worker serves its metrics."""
    deadline = time.monotonic() + timeout
    pending = {f"/api/{s}/readyz" for s in SERVICES}
    pending |= {f"http://127.0.0.1:{p}/metrics" for p in platform.metrics_ports.values()}
    with httpx.Client(base_url=platform.gateway, timeout=5) as client:
        while pending:
            for p in platform.processes.values():
                if p.popen is not None and p.popen.poll() is not None:
                    raise RuntimeError(f"{p.name} exited with {p.popen.returncode}; "
                                       f"see {p.log_path}")
            for url in list(pending):
                try:
                    if client.get(url).status_code == 200:
                        pending.discard(url)
                except httpx.TransportError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready in time: {sorted(pending)}")
            time.sleep(0.2)


async def wait_workers_ready(platform: RunningPlatform, wait: float = 60) -> None:
    """Every worker serves its metrics again (after a restart)."""
    deadline = time.monotonic() + wait
    async with httpx.AsyncClient(timeout=2) as client:
        for svc in SERVICES:
            while True:
                try:
                    url = f"http://127.0.0.1:{platform.metrics_ports[svc]}/metrics"
                    if (await client.get(url)).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{svc} worker not serving metrics in time")
                await asyncio.sleep(0.2)


async def parked_counts(platform: RunningPlatform) -> dict[str, int]:
    """Messages in each service's parking lot (a passive declare: nothing is created)."""
    counts: dict[str, int] = {}
    connection = await aio_pika.connect(platform.amqp_url, timeout=10)
    async with connection:
        for svc in SERVICES:
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(f"{platform.namespace}.{svc}.parked",
                                                    passive=True)
                counts[svc] = int(queue.declaration_result.message_count or 0)
            except aio_pika.exceptions.ChannelClosed:
                counts[svc] = -1  # the queue does not exist
    return counts


async def parked_examples(platform: RunningPlatform, limit: int = 3) -> dict[str, list[str]]:
    """A few parked messages per service (type, subject, why), left parked: `daiban parked list`."""
    settings = CommonSettings(amqp_url=platform.amqp_url,
                              bus_namespace=platform.namespace)
    found: dict[str, list[str]] = {}
    for svc in SERVICES:
        messages = await list_parked(settings, svc, limit=limit)
        if messages:
            found[svc] = [f"{m.event_type} {m.subject} ({m.reason}, {m.deaths} deaths)"
                          for m in messages]
    return found


async def queue_depths(platform: RunningPlatform) -> dict[str, int]:
    """Messages ready in each service's queue."""
    depths: dict[str, int] = {}
    connection = await aio_pika.connect(platform.amqp_url, timeout=10)
    async with connection:
        for svc in SERVICES:
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(f"{platform.namespace}.{svc}", passive=True)
                depths[svc] = int(queue.declaration_result.message_count or 0)
            except aio_pika.exceptions.ChannelClosed:
                depths[svc] = -1
    return depths


async def drop_namespace(platform: RunningPlatform) -> None:
    """Delete the run's queues and exchanges from the broker."""
    ns = platform.namespace
    queues = [f"{ns}.{svc}{suffix}" for svc in SERVICES
              for suffix in ("", ".parked", *(f".retry.{n}" for n in range(1, 21)))]
    connection = await aio_pika.connect(platform.amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue)
        for exchange in ("events", "parked", "retry"):
            await channel.exchange_delete(f"{ns}.{exchange}")


_SAMPLE = re.compile(r'^(daiban_events_consumed_total)\{([^}]*)\} ([0-9.e+]+)$', re.M)


async def consumed_outcomes(platform: RunningPlatform) -> dict[str, dict[str, float]]:
    """Per service, the workers' ``daiban_events_consumed_total`` summed by outcome."""
    found: dict[str, dict[str, float]] = {}
    async with httpx.AsyncClient(timeout=5) as client:
        for svc, port in platform.metrics_ports.items():
            totals: dict[str, float] = {}
            try:
                text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
            except httpx.TransportError:
                found[svc] = totals
                continue
            for _, labels, value in _SAMPLE.findall(text):
                outcome = re.search(r'outcome="([^"]+)"', labels)
                if outcome:
                    totals[outcome.group(1)] = totals.get(outcome.group(1), 0) + float(value)
            found[svc] = totals
    return found
