"""Routing against the real Postgres: its app over ASGI, a fresh county per test, tokens."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from daiban_common.auth import issue_dev_token
from daiban_common.bus import Topology, connect, declare_service_queues
from daiban_common.db import session_factory
from daiban_common.envelope import Envelope
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import OutboxRelay, to_message
from daiban_common.service import Service
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseAcceptedV1, CaseRef
from daiban_kernel.contracts.matter import MatterPublishedV1, MatterVersion
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role
from daiban_routing import bootstrap
from daiban_routing.adapters.orm import messaging, places
from daiban_routing.adapters.uow import PostgresUnitOfWork
from daiban_routing.app import create_app
from daiban_routing.demo import load_demo
from daiban_routing.handlers.catalogue import record_published_matter
from daiban_routing.settings import RoutingSettings
from tests.support.bus import Running, eventually, publish_raw
from tests.support.infra import DEMO_DATA, Infra

Client = httpx.AsyncClient
Token = Callable[..., dict[str, str]]
KeepMatter = Callable[[MatterVersion], Awaitable[None]]


def consumer_of(routing: Service[Any, Any]) -> EventConsumer:
    """The event consumer among a service's workers."""
    return next(w for w in routing.workers if isinstance(w, EventConsumer))


async def keep_published_matter(engine: Any, matter: MatterVersion) -> None:
    """Put a matter version in routing's read model, as its ``matter.published`` event would."""
    async with PostgresUnitOfWork(session_factory(engine), tables=messaging,
                                  source=bootstrap.SOURCE) as uow:
        await record_published_matter(MatterPublishedV1(matter=matter), uow,
                                      at=datetime.now(UTC))
        await uow.commit()


@pytest.fixture
async def routing_app(env: dict[str, str]) -> AsyncIterator[Any]:
    """Routing's app on the test database and namespace."""
    app = create_app(RoutingSettings.model_validate(env))
    yield app
    await app.state.service.close()


@pytest.fixture
async def client(routing_app: Any) -> AsyncIterator[Client]:
    """An HTTP client of routing's app."""
    transport = httpx.ASGITransport(app=routing_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://routing") as http:
        yield http


@pytest.fixture
async def county(routing_app: Any) -> str:
    """A 6-digit county code no place in the database has yet (runs never truncate)."""
    async with routing_app.state.service.engine.connect() as conn:
        while True:
            code = str(random.randint(200_000, 999_999))
            taken = await conn.scalar(select(func.count()).select_from(places)
                                      .where(places.c.code.startswith(code)))
            if not taken:
                return code


@pytest.fixture
def token(env: dict[str, str]) -> Token:
    """Authorization headers for a caller with this role at this place."""
    settings = RoutingSettings.model_validate(env)

    def headers(role: Role, place: str, subject: str | None = None, *,
                name: str | None = None) -> dict[str, str]:
        bearer = issue_dev_token(settings, role=role, place=place, subject=subject, name=name)
        return {"Authorization": f"Bearer {bearer}"}

    return headers


@pytest.fixture
def outbox_count(routing_app: Any) -> Callable[[str], Awaitable[int]]:
    """How many events routing's outbox holds about places under a code."""
    async def count(prefix: str) -> int:
        outbox = messaging.outbox
        async with routing_app.state.service.engine.connect() as conn:
            return int(await conn.scalar(
                select(func.count()).select_from(outbox)
                .where(text("envelope->>'placecode' LIKE :p").bindparams(p=prefix + "%"))) or 0)
    return count


@pytest.fixture
def declare(env: dict[str, str]) -> Callable[[str, list[str]], Awaitable[None]]:
    """Declares a service's queue and bindings before its consumer runs, so nothing is missed."""
    settings = RoutingSettings.model_validate(env)

    async def declared(service: str, patterns: list[str]) -> None:
        connection = await connect(settings)
        async with connection:
            channel = await connection.channel()
            await declare_service_queues(channel, Topology(settings.bus_namespace, service),
                                         patterns=patterns,
                                         settings=settings)

    return declared


async def _load_demo_county(settings: RoutingSettings) -> None:
    await load_demo(settings, DEMO_DATA)
    routing = bootstrap.build(settings)
    try:
        for item in json.loads((DEMO_DATA / "matters.json").read_text(encoding="utf-8")):
            await keep_published_matter(routing.engine,
                                        MatterVersion.model_validate({**item, "version": 1}))
    finally:
        await routing.close()


@pytest.fixture(scope="session")
def demo_county(migrated: dict[str, str]) -> str:
    """Huairou as ``load_demo`` loads it, and the demo catalogue in routing's read model (each
    matter at version 1, as intake's demo load publishes it)."""
    asyncio.run(_load_demo_county(RoutingSettings.model_validate(migrated)))
    return "110116"


class Desk:
    """Drives routing as the other services and the staff would: intake's and sla's events on the
    bus, staff commands over HTTP with tokens of the members the case names."""

    def __init__(self, *, client: Client, token: Token, infra: Infra, namespace: str,
                 engine: Any, county: str) -> None:
        self.client, self.token, self.infra, self.namespace = client, token, infra, namespace
        self.engine, self.county = engine, county

    def number(self) -> str:
        """A case number no run has used."""
        return (f"{self.county}-{random.randint(10**7, 10**8 - 1)}-"
                f"{random.randint(0, 999_999):06d}")

    def ref(self, number: str, *, village: str, matter: str) -> CaseRef:
        return CaseRef(case_number=number, village_code=village, matter_code=matter,
                       matter_version=1)

    async def publish(self, data: EventData, *, source: str = "/daiban/intake") -> None:
        """Publish an event as another service does."""
        envelope = Envelope.wrap(data, source=source)
        await publish_raw(self.infra.amqp_url, self.namespace,
                          (to_message(envelope, {}), envelope.type))

    async def accept(self, number: str, *, village: str, matter: str, agent: str) -> None:
        """Intake accepted the case at the village, by this agent."""
        await self.publish(CaseAcceptedV1(
            case=self.ref(number, village=village, matter=matter), channel=Channel.STATION,
            applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
            by=Actor(staff_id=agent, role="village_agent", place=village),
            at=datetime.now(UTC)))

    def watcher(self) -> dict[str, str]:
        """A county supervisor's headers: sees every case of the county."""
        return self.token(Role.SUPERVISOR, self.county, "supervisor")

    async def case(self, number: str) -> dict[str, Any]:
        response = await self.client.get(f"/v1/cases/{number}", headers=self.watcher())
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def until(self, number: str, state: str, **expected: Any) -> dict[str, Any]:
        """The case once it is in ``state`` (and has the expected fields)."""
        async def probe() -> dict[str, Any] | None:
            response = await self.client.get(f"/v1/cases/{number}", headers=self.watcher())
            if response.status_code != 200:
                return None
            found = dict(response.json())
            wanted = found["state"] == state and all(found[k] == v for k, v in expected.items())
            return found if wanted else None
        return await eventually(probe, what=f"case {number} {state} {expected}")

    def holder(self, case: dict[str, Any]) -> dict[str, str]:
        """The headers of the member holding the case."""
        holder = case["holder"]
        return self.member(holder["staff_id"], holder["role"], holder["station_code"])

    def member(self, staff_id: str, role: str, station_code: str) -> dict[str, str]:
        return self.token(Role(role), station_code.rsplit("-", 1)[0], staff_id)

    async def act(self, number: str, path: str, headers: dict[str, str], *,
                  body: dict[str, Any] | None = None, status: int = 200) -> dict[str, Any]:
        """POST a command on the case; asserts the status."""
        response = await self.client.post(f"/v1/cases/{number}{path}", json=body,
                                          headers=headers)
        assert response.status_code == status, response.text
        return dict(response.json())

    async def relay(self, number: str, *, to: str) -> dict[str, Any]:
        """The holder hands the case over, and the next holder acknowledges it."""
        case = await self.case(number)
        handover = await self.act(number, "/handovers", self.holder(case), status=201)
        case = await self.case(number)
        assert case["state"] == f"to_{to}" or handover["direction"] == "down"
        return await self.act(number, f"/handovers/{handover['handover_id']}/acknowledge",
                              self.holder(case))

    async def events(self, number: str) -> list[dict[str, Any]]:
        """What routing's outbox holds about the case, in order (type and data)."""
        outbox = messaging.outbox
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(outbox.c.envelope).where(
                outbox.c.subject == number).order_by(outbox.c.seq))).scalars().all()
        return [{"type": row["type"], **row["data"]} for row in rows]


@pytest.fixture
async def desk(client: Client, token: Token, infra: Infra, namespace: str, routing_app: Any,
               demo_county: str, env: dict[str, str], cleanup_namespace: None,
               declare: Callable[[str, list[str]], Awaitable[None]]) -> AsyncIterator[Desk]:
    """Routing's consumer running on the test's namespace, and a desk to drive the relay."""
    settings = RoutingSettings.model_validate(env)
    routing = bootstrap.build(settings)
    await declare("routing", list(routing.event_handlers.routing_keys))
    async with Running(consumer_of(routing)):
        yield Desk(client=client, token=token, infra=infra, namespace=namespace,
                   engine=routing_app.state.service.engine, county=demo_county)
    await routing.close()


@pytest.fixture
def keep_matter(routing_app: Any) -> KeepMatter:
    """Puts a matter version in routing's read model."""
    return partial(keep_published_matter, routing_app.state.service.engine)


@pytest.fixture
async def outbox_relay(env: dict[str, str], desk: Desk) -> AsyncIterator[None]:
    """Routing's outbox relay, so routing hears its own staff events (A/B cover)."""
    settings = RoutingSettings.model_validate(env)
    relay = OutboxRelay(settings, engine=desk.engine, tables=messaging, service="routing")
    async with Running(relay):
        yield
