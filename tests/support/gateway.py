"""The real nginx the gateway tests start: where it is, a free port, and waiting for it; and
the five APIs behind it."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from daiban_common.service import discover

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str:
    """The nginx to run; fails the test when there is none (`make test` installs it)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found is None:
        pytest.fail("nginx is not installed: `make test` installs it (scripts/ensure-nginx.sh)",
                    pytrace=False)
    return found


def wait_listening(port: int, process: subprocess.Popen[bytes], *, within: float = 20) -> None:
    """Return once something accepts on the port; fail if the process exits first."""
    deadline = time.monotonic() + within
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on {port} in time") from None
            time.sleep(0.05)


SERVICES = ("intake", "routing", "sla", "audit", "notify")
PORTAL = "https://portal.example.org"
"""The one browser origin the APIs behind the gateway allow (``CORS_ALLOW_ORIGINS``)."""


@dataclass(frozen=True)
class ApisBehindGateway:
    """The five APIs (no workers) behind the real gateway: where it answers and the settings
    the processes run with (lower-case keys, as ``CommonSettings`` takes them)."""

    url: str
    env: dict[str, str]


@contextmanager
def apis_behind_gateway(env: dict[str, str], run_dir: Path, *,
                        settings: dict[str, str] | None = None) -> Iterator[ApisBehindGateway]:
    """Start ``daiban api`` for every service and nginx rendered as ``make run`` renders it.

    The APIs get no ``--root-path``: the gateway strips ``/api/<service>`` and says it in
    ``X-Forwarded-Prefix``, which alone must make their links valid where the client called.
    ``settings`` are more environment variables of the processes (``CORS_ALLOW_ORIGINS``...)."""
    ports = {name: free_port() for name in SERVICES}
    gateway_port = free_port()
    process_env = {**os.environ, **{k.upper(): v for k, v in env.items()},
                   "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING",
                   "GATEWAY_PORT": str(gateway_port),
                   **{f"{name.upper()}_PORT": str(port) for name, port in ports.items()},
                   **(settings or {})}
    subprocess.run([str(REPO / "scripts/render-gateway.sh"), str(run_dir)], env=process_env,
                   check=True, capture_output=True)
    log = (run_dir / "processes.log").open("wb")
    commands = [[sys.executable, "-m", "daiban_common.cli", "api", name, "--port", str(port)]
                for name, port in ports.items()]
    commands.append([nginx_binary(), "-p", f"{run_dir}/", "-c", f"{run_dir}/nginx.conf",
                     "-e", "stderr"])
    processes = [subprocess.Popen(c, env=process_env, cwd=REPO, stdout=log, stderr=log)
                 for c in commands]
    try:
        wait_ready(ports.values(), processes, log_file=run_dir / "processes.log")
        wait_listening(gateway_port, processes[-1])
        yield ApisBehindGateway(f"http://127.0.0.1:{gateway_port}", env)
    finally:
        stop(processes)
        log.close()


def stop(processes: list[subprocess.Popen[bytes]], *, within: float = 20) -> None:
    """Terminate every process, wait for each, kill those that do not end in time."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_ready(ports: Iterable[int], processes: list[subprocess.Popen[bytes]], *,
               log_file: Path | None = None, within: float = 120) -> None:
    """Every API on ``ports`` answers /readyz 200 (asked directly: the gateway would pick one);
    fails when a process exits first (with the end of ``log_file``)."""
    deadline = time.monotonic() + within
    pending = set(ports)
    while pending:
        for process in processes:
            if process.poll() is not None:
                tail = log_file.read_text(errors="replace")[-4000:] if log_file else ""
                raise RuntimeError(f"{process.args!r} exited with {process.returncode}\n{tail}")
        for port in list(pending):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200:
                    pending.discard(port)
            except httpx.TransportError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"not ready in time: APIs on {sorted(pending)}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def apis(base_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[ApisBehindGateway]:
    """The five APIs behind the gateway on a database and a bus namespace of their own (what
    is written through them, fuzzed admin writes among them, never meets another test's data);
    the demo county's places and staff loaded; ``PORTAL`` the one origin CORS allows."""
    from tests.support.infra import DEMO_DATA, migrate_fresh

    url = make_url(base_env["database_url"])
    private = {**base_env, "bus_namespace": f"gw{os.getpid()}",
               "database_url": url.set(database=f"{url.database}_gateway").render_as_string(
                   hide_password=False)}
    migrate_fresh(private)
    routing = discover()["routing"]
    assert routing.load_demo is not None
    asyncio.run(routing.load_demo(routing.settings_type(**private), DEMO_DATA))
    with apis_behind_gateway(private, tmp_path_factory.mktemp("apis"),
                             settings={"CORS_ALLOW_ORIGINS": f'["{PORTAL}"]'}) as running:
        yield running


@dataclass(frozen=True)
class Answer:
    """One HTTP response as it came off the wire."""

    status: int
    headers: dict[str, str]
    body: bytes

    def problem(self) -> dict[str, Any]:
        """The body as a problem document (fails when it is not one)."""
        assert self.headers.get("content-type") == "application/problem+json", self
        document = json.loads(self.body)
        assert isinstance(document, dict)
        return document


def exchange(port: int, request: bytes, *, timeout: float = 10) -> Answer:
    """Send raw bytes to the gateway on ``port`` (requests no HTTP client would send), read the
    whole answer (the gateway closes or it is complete)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request)
        data = b""
        while not _complete(data):
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines)}
    return Answer(int(status_line.split(" ")[1]), headers, body)


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return bool(sep) and length is not None and len(body) >= int(length[1])


def get(path: str, *headers: str, method: str = "GET", version: str = "HTTP/1.1") -> bytes:
    """A request with a Host header, as bytes (the path is sent as it is)."""
    lines = [f"{method} {path} {version}", "Host: gateway.test", *headers, "", ""]
    return "\r\n".join(lines).encode("latin-1")
