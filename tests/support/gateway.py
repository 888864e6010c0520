"""The real nginx the gateway tests start: where it is, a free port, and waiting for it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


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
