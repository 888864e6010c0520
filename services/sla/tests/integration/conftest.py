"""A database of each test's own for the calendar, SLA's app over it, and queues declared ahead.

The calendar is global state: a year is loaded or it is not, and random ids cannot keep tests
apart. So each calendar test gets a copy of a template database, made once per session, with
sla's schema at head and 2004–2026 loaded by ``seed``; 2027 is never loaded there.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from daiban_common.auth import Role, issue_dev_token
from daiban_common.bus import Topology, connect, declare_service_queues
from daiban_common.contracts.case import CaseRef
from daiban_common.contracts.matter import Tier
from daiban_common.migrations import upgrade
from daiban_common.settings import CommonSettings
from daiban_sla.adapters.orm import SCHEMA
from daiban_sla.app import create_app
from daiban_sla.bootstrap import Sla, build
from daiban_sla.domain.clock import Clock
from daiban_sla.domain.matters import MatterTerms
from daiban_sla.seed import seed
from daiban_sla.settings import SlaSettings
from daiban_sla.sweeper import Sweeper


def _url(base: str, database: str) -> str:
    return make_url(base).set(drivername="postgresql", database=database).render_as_string(
        hide_password=False)


async def _admin(base: str, sql: str) -> None:
    conn = await asyncpg.connect(_url(base, "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _prepare_template(settings: SlaSettings) -> None:
    await seed(settings)
    engine = create_async_engine(settings.database_url)
    async with engine.begin() as conn:  # the template's own load events belong to no test
        await conn.execute(text(f"UPDATE {SCHEMA}.outbox SET published_at = now()"))
    await engine.dispose()


@pytest.fixture(scope="session")
def sla_template(migrated: dict[str, str]) -> Iterator[str]:
    """The name of a database with sla's schema and the package's years, to copy per test."""
    base, name = migrated["database_url"], f"daiban_sla_template_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(base, f'CREATE DATABASE "{name}"'))
    settings = SlaSettings(**{**migrated, "database_url": _url(base, name)})
    upgrade(settings, package="daiban_sla", schema=SCHEMA)
    asyncio.run(_prepare_template(settings))
    yield name
    asyncio.run(_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def sla_env(env: dict[str, str], sla_template: str) -> AsyncIterator[dict[str, str]]:
    """Settings for one test whose sla database has 2004–2026 loaded and nothing else."""
    base, name = env["database_url"], f"daiban_sla_{uuid.uuid4().hex[:12]}"
    await _admin(base, f'CREATE DATABASE "{name}" TEMPLATE "{sla_template}"')
    yield {**env, "database_url": _url(base, name)}
    await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class SlaApi:
    """SLA's app in-process and a client for it."""

    app: FastAPI
    settings: SlaSettings
    client: httpx.AsyncClient

    def auth(self, role: Role = Role.ADMIN) -> dict[str, str]:
        """A bearer header for a caller of this role in 怀柔区."""
        token = issue_dev_token(self.settings, role=role, place="110116")
        return {"Authorization": f"Bearer {token}"}


async def _open_api(env: dict[str, str], **overrides: object) -> SlaApi:
    settings = SlaSettings(**{**env, **overrides})  # type: ignore[arg-type]
    app = create_app(settings)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sla")
    return SlaApi(app, settings, client)


async def _close_api(api: SlaApi) -> None:
    await api.client.aclose()
    await api.app.state.sla.engine.dispose()


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

    def sweeper(self, *, now: datetime | None = None, **overrides: object) -> Sweeper:
        """A sweeper process of its own (own engine), at a fixed ``now`` if given."""
        settings = SlaSettings(**{**self.settings.model_dump(), **overrides})  # type: ignore[arg-type]
        kwargs = {} if now is None else {"now": lambda: now}
        return Sweeper(settings, build(settings), **kwargs)  # type: ignore[arg-type]

    async def start_clocks(self, refs: list[CaseRef], *, stage: Tier | None, budget: int,
                           at: datetime, timeout_default: bool = False) -> list[Clock]:
        """Clocks started at ``at`` for these (accepted) cases, stored in one transaction."""
        timetable = await self.sla.keeping.timetable()
        clocks = [Clock.start(ref, stage, budget=budget, timeout_default=timeout_default,
                              at=at, timetable=timetable) for ref in refs]
        async with self.sla.uow_factory() as uow:
            for ref in refs:
                case = await uow.cases.lock(ref)
                case.accepted_at = case.accepted_at or at
                await uow.cases.save(case)
            await uow.clocks.save(clocks, wake=True)
            await uow.commit()
        return clocks

    async def outbox(self) -> list[tuple[str, str]]:
        """(clock id, event type) of every sla.* event in the outbox."""
        engine = self.sla.engine
        assert engine is not None
        async with engine.connect() as conn:
            rows = await conn.execute(text(
                "SELECT envelope->'data'->>'clock_id', event_type FROM sla.outbox "
                "WHERE event_type LIKE 'sla.%' ORDER BY seq"))
            return [(r[0], r[1]) for r in rows]

    async def sql(self, statement: str, **params: object) -> None:
        """Run a statement in its own transaction."""
        engine = self.sla.engine
        assert engine is not None
        async with engine.begin() as conn:
            await conn.execute(text(statement), params)


@pytest.fixture
async def sla_db(sla_env: dict[str, str]) -> AsyncIterator[SlaDb]:
    """SLA on the test's own database, with CLOCK_TERMS in its matter read model."""
    settings = SlaSettings(**sla_env)
    sla = build(settings)
    async with sla.uow_factory() as uow:
        await uow.matters.keep(CLOCK_TERMS)
        await uow.commit()
    yield SlaDb(settings, sla)
    assert sla.engine is not None
    await sla.engine.dispose()
