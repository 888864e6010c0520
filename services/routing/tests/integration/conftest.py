"""Routing against the real Postgres: its app over ASGI, a fresh county per test, tokens."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from daiban_common.auth import Role, issue_dev_token
from daiban_common.bus import Topology, connect, declare_service_queues
from daiban_routing.adapters.orm import messaging, places
from daiban_routing.app import create_app
from daiban_routing.settings import RoutingSettings

Client = httpx.AsyncClient
Token = Callable[..., dict[str, str]]


@pytest.fixture
async def routing_app(env: dict[str, str]) -> AsyncIterator[Any]:
    """Routing's app on the test database and namespace."""
    app = create_app(RoutingSettings(**env))
    yield app
    await app.state.routing.engine.dispose()


@pytest.fixture
async def client(routing_app: Any) -> AsyncIterator[Client]:
    """An HTTP client of routing's app."""
    transport = httpx.ASGITransport(app=routing_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://routing") as http:
        yield http


@pytest.fixture
async def county(routing_app: Any) -> str:
    """A 6-digit county code no place in the database has yet (runs never truncate)."""
    async with routing_app.state.routing.engine.connect() as conn:
        while True:
            code = str(random.randint(200_000, 999_999))
            taken = await conn.scalar(select(func.count()).select_from(places)
                                      .where(places.c.code.startswith(code)))
            if not taken:
                return code


@pytest.fixture
def token(env: dict[str, str]) -> Token:
    """Authorization headers for a caller with this role at this place."""
    settings = RoutingSettings(**env)

    def headers(role: Role, place: str, subject: str | None = None) -> dict[str, str]:
        bearer = issue_dev_token(settings, role=role, place=place, subject=subject)
        return {"Authorization": f"Bearer {bearer}"}

    return headers


@pytest.fixture
def outbox_count(routing_app: Any) -> Callable[[str], Awaitable[int]]:
    """How many events routing's outbox holds about places under a code."""
    async def count(prefix: str) -> int:
        outbox = messaging.outbox
        async with routing_app.state.routing.engine.connect() as conn:
            return int(await conn.scalar(
                select(func.count()).select_from(outbox)
                .where(text("envelope->>'placecode' LIKE :p").bindparams(p=prefix + "%"))) or 0)
    return count


@pytest.fixture
def declare(env: dict[str, str]) -> Callable[[str, list[str]], Awaitable[None]]:
    """Declares a service's queue and bindings before its consumer runs, so nothing is missed."""
    settings = RoutingSettings(**env)

    async def declared(service: str, patterns: list[str]) -> None:
        connection = await connect(settings)
        async with connection:
            channel = await connection.channel()
            await declare_service_queues(channel, Topology(settings.bus_namespace, service),
                                         patterns=patterns,
                                         delivery_limit=settings.delivery_limit)

    return declared
