"""The one shape of every service: what ``bootstrap.build`` returns, and what a service declares
about itself to the ``daiban`` command.

``bootstrap.build(settings, *, uow_factory=None, clock=..., ids=...)`` returns a frozen
``Service``: its commands and queries already bound to their unit of work, clock, ids and
collaborators, its event handlers (contract → handler), and its workers (the outbox relay, the
consumer, and any loop of its own). Routes call ``service.commands.x(cmd)``; ``consumer.py`` and
``service.py`` ask bootstrap for what they run; tests build the same ``Service`` on fakes.

Each service package exposes one ``ServiceSpec`` under the ``daiban.services`` entry-point group;
the ``daiban`` command finds services there, so this library never imports a service.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from fastapi import FastAPI
from prometheus_client import start_http_server
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import AsyncUnitOfWork, MessagingTables
from daiban_common.event_handlers import EventHandlers
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import OutboxRelay
from daiban_common.settings import CommonSettings

log = logging.getLogger(__name__)

SettingsT = TypeVar("SettingsT", bound=CommonSettings)
CommandsT = TypeVar("CommandsT", covariant=True)
QueriesT = TypeVar("QueriesT", covariant=True)
MessageT = TypeVar("MessageT", contravariant=True)
ResultT = TypeVar("ResultT")
UowT = TypeVar("UowT")


class Runnable(Protocol):
    """A long-running loop that ends when ``stop`` is set."""

    def run(self, stop: asyncio.Event) -> Coroutine[Any, Any, None]: ...


@dataclass(frozen=True)
class Service(Generic[CommandsT, QueriesT]):
    """A service, wired: the same fields in every service."""

    name: str
    commands: CommandsT
    """What changes state: a frozen record of bound ``async (command) -> result`` callables."""
    queries: QueriesT
    """What reads state: a frozen record of bound ``async (query) -> result`` callables."""
    event_handlers: EventHandlers
    """What the service does with each event it hears; its queue's bindings derive from it."""
    workers: tuple[Runnable, ...]
    """The loops a worker process runs (none when built on fakes)."""
    engine: AsyncEngine | None
    """The process's connection pool (None when built on fakes)."""

    async def close(self) -> None:
        """Release the pool."""
        if self.engine is not None:
            await self.engine.dispose()


def bound(handler: Callable[[MessageT, UowT], Awaitable[ResultT]],
          uow_factory: Callable[[], UowT]) -> Callable[[MessageT], Awaitable[ResultT]]:
    """A command or query handler with a fresh unit of work for every call (bootstrap binds the
    other collaborators with ``functools.partial`` first)."""

    async def call(message: MessageT) -> ResultT:
        return await handler(message, uow_factory())

    call.__name__ = getattr(handler, "__name__", "handler")
    call.__doc__ = getattr(handler, "__doc__", None)
    return call


DemoLoader = Callable[[Any, Path], Coroutine[Any, Any, str]]
"""Loads the service's part of the demo data from a folder; returns a one-line summary."""
Seeder = Callable[[Any], Coroutine[Any, Any, str]]
"""Loads reference data every installation needs (idempotent); returns a one-line summary."""


@dataclass(frozen=True)
class ServiceSpec(Generic[SettingsT]):
    """One service as the ``daiban`` command sees it: name, schema, settings, and how to build
    its app and its workers (both through its ``bootstrap``)."""

    name: str
    package: str
    schema: str
    settings_type: type[SettingsT]
    build: Callable[[SettingsT], Service[Any, Any]]
    """``bootstrap.build``: the service wired to Postgres and the broker."""
    create_app: Callable[[SettingsT], FastAPI]
    """``app.create_app``: the HTTP process (asks bootstrap)."""
    build_workers: Callable[[SettingsT], Sequence[Runnable]]
    """``consumer.build_workers``: the worker process's loops (asks bootstrap)."""
    publishes: tuple[str, ...] = ()
    load_demo: DemoLoader | None = None
    seed: Seeder | None = None
    append_only: tuple[str, ...] = ()
    """Tables of its schema its database role may only read and insert into."""
    commands: str | None = None
    """Where the service's own ``daiban`` subcommands are: ``module:attribute`` naming a named
    ``typer.Typer`` group, imported only when the command line runs."""

    def settings(self, **values: Any) -> SettingsT:
        """This service's settings: the environment, overridden by ``values``."""
        return self.settings_type(**values)

    def subscribes(self, settings: SettingsT) -> tuple[str, ...]:
        """The routing keys its queue binds, from its event handlers."""
        return self.build(settings).event_handlers.routing_keys


def discover() -> dict[str, ServiceSpec[Any]]:
    """Every installed service, by name."""
    specs: dict[str, ServiceSpec[Any]] = {}
    for ep in entry_points(group="daiban.services"):
        spec = ep.load()
        if not isinstance(spec, ServiceSpec):
            raise TypeError(f"entry point {ep.name} is not a ServiceSpec")
        specs[spec.name] = spec
    return dict(sorted(specs.items()))


def subscriptions(specs: Mapping[str, ServiceSpec[Any]], **values: Any
                  ) -> dict[str, tuple[str, ...]]:
    """What each service's queue binds, with its settings from the environment and ``values``
    (what ``daiban migrate`` declares)."""
    return {name: spec.subscribes(spec.settings(**values)) for name, spec in specs.items()}


async def run_workers(workers: Sequence[Runnable], *, metrics_port: int = 0,
                      metrics_host: str = "127.0.0.1") -> None:
    """Run the loops until SIGINT/SIGTERM, then let each finish its in-flight work.

    With a ``metrics_port``, Prometheus metrics are served on ``metrics_host`` (loopback by
    default; a pod sets ``METRICS_HOST=0.0.0.0`` so that Prometheus can scrape it)."""
    if metrics_port:
        start_http_server(metrics_port, addr=metrics_host)
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
    handlers: EventHandlers,
    uow_factory: Callable[[], AsyncUnitOfWork],
    own_loops: Sequence[Runnable] = (),
    ready: Callable[[], Awaitable[object]] | None = None,
) -> tuple[Runnable, ...]:
    """The outbox relay, the event consumer (if the service hears any event) and the service's
    own loops, the consumer sized so that all of them together never need more connections than
    the pool holds."""
    relay = OutboxRelay(settings, engine=engine, tables=tables, service=service)
    if not handlers.routing_keys:
        return (relay, *own_loops)
    consumer = EventConsumer(
        settings, service=service, handlers=handlers, uow_factory=uow_factory,
        concurrency=consumer_concurrency(settings, loops=1 + len(own_loops)), ready=ready)
    return (relay, consumer, *own_loops)
