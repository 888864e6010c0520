"""SLA's app over a database of the test's own, SLA wired to it, and queues declared ahead."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.auth import issue_dev_token
from daiban_common.bus import Topology, connect, declare_service_queues
from daiban_common.db import session_factory
from daiban_common.inbox import EventConsumer
from daiban_common.service import Service
from daiban_common.settings import CommonSettings
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.roles import Role
from daiban_sla.adapters.orm import messaging
from daiban_sla.adapters.statutory_holidays import HolidaysPackage
from daiban_sla.adapters.uow import PostgresUnitOfWork
from daiban_sla.app import create_app
from daiban_sla.bootstrap import SOURCE, Commands, Queries, build, light_policy
from daiban_sla.domain.clock import Clock
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.handlers import ClockKeeping, CurrentCalendar
from daiban_sla.settings import SlaSettings
from daiban_sla.workers import Sweeper
from tests.support.places import placed

Sla = Service[Commands, Queries]


def settings_of(env: dict[str, Any], **overrides: object) -> SlaSettings:
    """SLA's settings from a test's environment."""
    return SlaSettings.model_validate({**env, **overrides})


def engine_of(sla: Sla) -> AsyncEngine:
    """The pool of a service built on the database."""
    assert sla.engine is not None
    return sla.engine


def loop_of(sla: Sla, kind: type[Any]) -> Any:
    """The worker loop of a kind among the service's workers."""
    return next(w for w in sla.workers if isinstance(w, kind))


@dataclass
class SlaApi:
    """SLA's app in-process and a client for it."""

    app: FastAPI
    settings: SlaSettings
    client: httpx.AsyncClient

    def auth(self, role: Role = Role.ADMIN) -> dict[str, str]:
        """A bearer header for a caller of this role in 怀柔区, at a place of its tier."""
        token = issue_dev_token(self.settings, role=role, place=placed(role))
        return {"Authorization": f"Bearer {token}"}


async def _open_api(env: dict[str, str], **overrides: object) -> SlaApi:
    settings = settings_of(env, **overrides)
    app = create_app(settings)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sla")
    return SlaApi(app, settings, client)


async def _close_api(api: SlaApi) -> None:
    await api.client.aclose()
    await api.app.state.service.close()


@pytest.fixture
async def sla_api(sla_env: dict[str, str]) -> AsyncIterator[SlaApi]:
    """SLA's app on the test's own database."""
    api = await _open_api(sla_env)
    yield api
    await _close_api(api)


@pytest.fixture
async def other_replica(sla_env: dict[str, str]) -> AsyncIterator[SlaApi]:
    """A second SLA process on the same database, checking the calendar's version on every use."""
    api = await _open_api(sla_env, calendar_recheck_seconds=0)
    yield api
    await _close_api(api)


QueueDeclarer = Callable[[CommonSettings, str, list[str]], Awaitable[None]]


@pytest.fixture
def declare_queues(cleanup_namespace: None) -> QueueDeclarer:
    """Declares a service's queue and bindings before anything is published, as its consumer
    would, so no event goes to an exchange that nobody is bound to yet."""

    async def declare(settings: CommonSettings, service: str, patterns: list[str]) -> None:
        connection = await connect(settings)
        async with connection:
            channel = await connection.channel()
            await declare_service_queues(channel, Topology(settings.bus_namespace, service),
                                         patterns=patterns,
                                         settings=settings)

    return declare


# ------------------------------------------------------------------------------------- clocks

CLOCK_TERMS = MatterTerms(
    code="CL-001", version=2, name="残疾人证办理", deciding_tier=Tier.DEPARTMENT,
    limit_working_days=10, proxy_allowance_days=3,
    stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.COUNTY: 1, Tier.DEPARTMENT: 9},
    timeout_default_stages=frozenset({Tier.TOWN}), published=True)


def case_ref(n: int, *, village: str = "110116111201", day: str = "20260302") -> CaseRef:
    """The n-th case of a village on a day, under CLOCK_TERMS."""
    return CaseRef(case_number=f"{village[:6]}-{day}-{n:06d}", village_code=village,
                   matter_code=CLOCK_TERMS.code, matter_version=CLOCK_TERMS.version)


@dataclass
class SlaDb:
    """SLA wired to the test's own database (calendar 2004–2026 loaded)."""

    settings: SlaSettings
    sla: Sla
    uow_factory: Callable[[], PostgresUnitOfWork]
    services: list[Sla]

    def service(self, now: datetime | None = None, /, **overrides: object) -> Sla:
        """Another SLA process on the database (own pool), at a fixed ``now`` if given."""
        settings = settings_of(self.settings.model_dump(), **overrides)
        built = build(settings) if now is None else build(settings, clock=lambda: now)
        self.services.append(built)
        return built

    def sweeper(self, *, now: datetime | None = None, **overrides: object) -> Sweeper:
        """The sweeper of a process of its own, at a fixed ``now`` if given."""
        found: Sweeper = loop_of(self.service(now, **overrides), Sweeper)
        return found

    def consumer(self) -> EventConsumer:
        """The event consumer of this process."""
        found: EventConsumer = loop_of(self.sla, EventConsumer)
        return found

    async def keeping(self) -> ClockKeeping:
        """What clocks are computed with, its calendar loaded from the database."""
        keeping = ClockKeeping(CurrentCalendar(HolidaysPackage(), recheck_seconds=0),
                               light_policy(self.settings))
        await keeping.timetable(self.uow_factory())
        return keeping

    async def start_clocks(self, refs: list[CaseRef], *, stage: Tier | None, budget: int,
                           at: datetime, timeout_default: bool = False) -> list[Clock]:
        """Clocks started at ``at`` for these (accepted) cases, stored in one transaction."""
        timetable = (await self.keeping()).in_memory()
        clocks = [Clock.start(ref, stage, budget=budget, timeout_default=timeout_default,
                              at=at, timetable=timetable) for ref in refs]
        async with self.uow_factory() as uow:
            for ref in refs:
                case = await uow.cases.lock(ref)
                case.accepted_at = case.accepted_at or at
                await uow.cases.save(case)
            await uow.clocks.save(clocks, wake=True)
            await uow.commit()
        return clocks

    async def outbox(self) -> list[tuple[str, str]]:
        """(clock id, event type) of every sla.* event in the outbox."""
        async with engine_of(self.sla).connect() as conn:
            rows = await conn.execute(text(
                "SELECT envelope->'data'->>'clock_id', event_type FROM sla.outbox "
                "WHERE event_type LIKE 'sla.%' ORDER BY seq"))
            return [(r[0], r[1]) for r in rows]

    async def sql_rows(self, query: str, **params: object) -> list[tuple[Any, ...]]:
        """The rows a query answers."""
        async with engine_of(self.sla).connect() as conn:
            return [tuple(r) for r in await conn.execute(text(query), params)]

    async def sql(self, statement: str, **params: object) -> None:
        """Run a statement in its own transaction."""
        async with engine_of(self.sla).begin() as conn:
            await conn.execute(text(statement), params)


@pytest.fixture
async def sla_db(sla_env: dict[str, str]) -> AsyncIterator[SlaDb]:
    """SLA on the test's own database, with CLOCK_TERMS in its matter read model."""
    settings = settings_of(sla_env)
    sla = build(settings)
    factory = partial(PostgresUnitOfWork, session_factory(engine_of(sla)), tables=messaging,
                      source=SOURCE)
    async with factory() as uow:
        await uow.matters.keep(CLOCK_TERMS)
        await uow.commit()
    db = SlaDb(settings, sla, factory, [])
    yield db
    for service in (sla, *db.services):
        await service.close()
