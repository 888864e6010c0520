"""Where a worker's Prometheus metrics listen: loopback unless METRICS_HOST says otherwise."""

from __future__ import annotations

import asyncio
import socket

import pytest

from daiban_common.service import run_workers
from daiban_common.settings import CommonSettings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _accepts(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=1):
            return True
    except OSError:
        return False


class ReachableFrom:
    """A worker that records, once, which addresses reach the metrics port, and ends."""

    def __init__(self, port: int, addresses: tuple[str, ...]) -> None:
        self.port = port
        self.addresses = addresses
        self.reached: dict[str, bool] = {}

    async def run(self, stop: asyncio.Event) -> None:
        for address in self.addresses:
            self.reached[address] = await asyncio.to_thread(_accepts, address, self.port)


# 127.0.0.2 is this machine too (all of 127.0.0.0/8 is loopback), but a socket bound to
# 127.0.0.1 does not answer there, while one bound to 0.0.0.0 answers on every address.
ADDRESSES = ("127.0.0.1", "127.0.0.2")


def test_metrics_host_defaults_to_loopback() -> None:
    assert CommonSettings().metrics_host == "127.0.0.1"


async def test_worker_metrics_listen_on_loopback_only_by_default() -> None:
    probe = ReachableFrom(_free_port(), ADDRESSES)
    await run_workers([probe], metrics_port=probe.port,
                      metrics_host=CommonSettings().metrics_host)
    assert probe.reached == {"127.0.0.1": True, "127.0.0.2": False}


async def test_metrics_host_from_the_environment_opens_every_address(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRICS_HOST", "0.0.0.0")  # what a pod sets
    probe = ReachableFrom(_free_port(), ADDRESSES)
    await run_workers([probe], metrics_port=probe.port,
                      metrics_host=CommonSettings().metrics_host)
    assert probe.reached == {"127.0.0.1": True, "127.0.0.2": True}


async def test_run_workers_alone_listens_on_loopback() -> None:
    probe = ReachableFrom(_free_port(), ADDRESSES)
    await run_workers([probe], metrics_port=probe.port)
    assert probe.reached["127.0.0.2"] is False
