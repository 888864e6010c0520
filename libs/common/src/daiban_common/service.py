"""What a service declares about itself, and the worker process that runs its consumer and relay.

Each service package exposes one ``ServiceSpec`` under the ``daiban.services`` entry-point group;
the ``daiban`` command finds services there, so this library never imports a service.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

from fastapi import FastAPI
from prometheus_client import start_http_server
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import MessagingTables
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import OutboxRelay
from daiban_common.settings import CommonSettings

log = logging.getLogger(__name__)


class Runnable(Protocol):
    """A long-running loop that ends when ``stop`` is set."""

    def run(self, stop: asyncio.Event) -> Coroutine[Any, Any, None]: ...


DemoLoader = Callable[[CommonSettings, Path], Coroutine[Any, Any, str]]
"""Loads the service's part of the demo data from a folder; returns a one-line summary."""
Seeder = Callable[[CommonSettings], Coroutine[Any, Any, str]]
"""Loads reference data every installation needs (idempotent); returns a one-line summary."""


@dataclass(frozen=True)
class ServiceSpec:
    """One service: its name, schema, settings, app factory and background loops."""

    name: str
    package: str
    schema: str
    settings_type: type[CommonSettings]
    create_app: Callable[[CommonSettings], FastAPI]
    build_workers: Callable[[CommonSettings], list[Runnable]]
    publishes: tuple[str, ...] = ()
    subscribes: tuple[str, ...] = ()
    load_demo: DemoLoader | None = None
    seed: Seeder | None = None

    def settings(self) -> CommonSettings:
        """Read this service's settings from the environment."""
        return self.settings_type()


def discover() -> dict[str, ServiceSpec]:
    """Every installed service, by name."""
    specs: dict[str, ServiceSpec] = {}
    for ep in entry_points(group="daiban.services"):
        spec = ep.load()
        if not isinstance(spec, ServiceSpec):
            raise TypeError(f"entry point {ep.name} is not a ServiceSpec")
        specs[spec.name] = spec
    return dict(sorted(specs.items()))


async def run_workers(workers: list[Runnable], *, metrics_port: int = 0) -> None:
    """Run the loops until SIGINT/SIGTERM, then let each finish its in-flight work."""
    if metrics_port:
        start_http_server(metrics_port, addr="0.0.0.0")  # noqa: S104 - scraped inside the cluster
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(w.run(stop)) for w in workers]
    done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        if task.exception():
            raise task.exception()  # type: ignore[misc]


def consumer_concurrency(settings: CommonSettings, *, loops: int) -> int:
    """How many messages a worker's consumer may handle at once: at most the prefetch, and never
    more than the pool leaves after the worker's ``loops`` other users of a connection (the
    relay, a sweeper), so that no handler ever waits for a connection another handler holds."""
    return max(1, min(settings.consumer_prefetch, settings.db_pool_size - loops))


def standard_workers(
    settings: CommonSettings,
    *,
    service: str,
    engine: AsyncEngine,
    tables: MessagingTables,
    consumer: EventConsumer | None,
) -> list[Runnable]:
    """The outbox relay, and the event consumer if the service consumes anything."""
    relay = OutboxRelay(settings, engine=engine, tables=tables, service=service)
    return [relay] if consumer is None else [relay, consumer]
