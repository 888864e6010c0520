"""The web front in a real browser: Debian's chromium driven by Playwright, the pages served by
uvicorn on 127.0.0.1, reading the real public APIs of intake, routing and sla on the test's
Postgres.

Between the web front and the services there is no nginx here: the web's HTTP client reaches
their apps in-process, each mounted under the prefix the gateway gives it (``/api/sla``...).
Every case and station a test writes is in a county of its own, so the pages of tests sharing
the database never mix.

``SCREENSHOT_DIR`` (``make screenshots`` sets it to docs/screenshots): where the tests save the
pages they render, as PNG; by default the test's temporary directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from playwright.async_api import Browser, Page, async_playwright
from starlette.applications import Starlette
from starlette.routing import Mount

from daiban_common.auth import issue_dev_token
from daiban_common.db import create_engine, session_factory
from daiban_common.service import discover
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.roles import Role
from daiban_sla import handlers
from daiban_sla.adapters.orm import messaging
from daiban_sla.adapters.statutory_holidays import HolidaysPackage
from daiban_sla.adapters.uow import PostgresUnitOfWork
from daiban_sla.bootstrap import SOURCE, light_policy
from daiban_sla.domain.clock import DELIVERED, Clock, Light
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.settings import SlaSettings
from daiban_web.app import create_app
from daiban_web.settings import WebSettings
from tests.support.browser import CHROMIUM_ARGS, Watched, chromium_path, screenshot_dir
from tests.support.cases import case_submitted
from tests.support.gateway import free_port

TERMS = MatterTerms(code="WEB-001", version=1, name="残疾人证办理", deciding_tier=Tier.TOWN,
                    limit_working_days=10, proxy_allowance_days=3,
                    stage_days={Tier.VILLAGE: 1, Tier.TOWN: 12},
                    timeout_default_stages=frozenset(), published=True)


@dataclass
class Hall:
    """A county of the test's own, whose cases the test writes into sla's database."""

    county: str
    uow_factory: Callable[[], PostgresUnitOfWork]
    settings: SlaSettings
    cases: int = 0

    def village(self, town: int = 1, village: int = 1) -> str:
        return f"{self.county}{town:03d}{village:03d}"

    def _ref(self, village: str) -> CaseRef:
        self.cases += 1
        return CaseRef(case_number=f"{self.county}-20261201-{self.cases:06d}",
                       village_code=village, matter_code=TERMS.code, matter_version=TERMS.version)

    async def _clock(self, ref: CaseRef, stage: Tier | None, at: datetime) -> Clock:
        keeping = handlers.ClockKeeping(handlers.CurrentCalendar(HolidaysPackage(),
                                                                 recheck_seconds=0),
                                        light_policy(self.settings))
        timetable = await keeping.timetable(self.uow_factory())
        return Clock.start(ref, stage, budget=13, timeout_default=False, at=at,
                           timetable=timetable)

    async def delivered(self, applicant: str, *, on_time: bool = True,
                        village: str | None = None) -> CaseRef:
        """A case submitted for ``applicant`` and delivered just now."""
        ref = self._ref(village or self.village())
        now = datetime.now(UTC)
        async with self.uow_factory() as uow:
            await handlers.track_submitted_case(
                case_submitted(ref, applicant, now - timedelta(minutes=10)), uow)
            await uow.commit()
        clock = await self._clock(ref, None, now - timedelta(minutes=5))
        await self._save(replace(clock, stopped_at=now, stop_reason=DELIVERED, on_time=on_time))
        return ref

    async def lit(self, light: Light, village: str) -> CaseRef:
        """A case whose village stage shows ``light``."""
        ref = self._ref(village)
        clock = await self._clock(ref, Tier.VILLAGE, datetime.now(UTC) - timedelta(days=3))
        await self._save(replace(clock, light=light))
        return ref

    async def _save(self, clock: Clock) -> None:
        async with self.uow_factory() as uow:
            case = await uow.cases.lock(clock.case)
            case.accepted_at = case.accepted_at or clock.started_at
            await uow.cases.save(case)
            await uow.clocks.save([clock], wake=False)
            await uow.commit()


@dataclass
class Web:
    """The web front listening on 127.0.0.1, and what the browser asked elsewhere."""

    url: str
    hall: Hall
    browser: Browser
    shots: Path
    api: httpx.AsyncClient
    """The in-process gateway, for what a test sets up through the services' own APIs."""
    services: dict[str, Any] = field(default_factory=dict)
    """Each public service as its app built it (``bootstrap``'s ``Service``), for the events a
    test gives one as its consumer would."""
    watched: Watched = field(default_factory=Watched)

    @property
    def elsewhere(self) -> list[str]:
        return self.watched.elsewhere

    @property
    def failed(self) -> list[str]:
        """Assets (styles, scripts, fragments) a page asked for and did not get."""
        return self.watched.failed

    def admin(self) -> dict[str, str]:
        """The headers of the county's administrator."""
        token = issue_dev_token(self.hall.settings, role=Role.ADMIN, place=self.hall.county)
        return {"Authorization": f"Bearer {token}"}

    async def places(self, names: dict[str, str]) -> None:
        """Register these places of the hall's county (code → name, each after its parent)
        through routing's admin API."""
        for code, name in names.items():
            parent = None if len(code) == 6 else code[:-3]
            created = await self.api.post("/api/routing/v1/admin/places", headers=self.admin(),
                                          json={"code": code, "name": name,
                                                "parent_code": parent,
                                                "distance_km": None if parent is None else "3"})
            assert created.status_code == 201, created.text

    async def station(self, agents: list[str]) -> str:
        """A village station of the hall's county (郑栅子村便民服务室 of 宝山镇), with these
        village agents, registered through routing's admin API; its code."""
        county, headers = self.hall.county, self.admin()
        village = self.hall.village()
        await self.places({county: "示范县", village[:9]: "宝山镇", village: "郑栅子村"})
        for code, name in (("MZ", "示范县民政局"), ("RS", "示范县人社局")):
            created = await self.api.post("/api/routing/v1/admin/departments", headers=headers,
                                          json={"county_code": county, "code": code,
                                                "name": name})
            assert created.status_code == 201, created.text
        station = f"{village}-01"
        created = await self.api.post("/api/routing/v1/admin/stations", headers=headers, json={
            "code": station, "place_code": village, "name": "郑栅子村便民服务室",
            "phone": "010-69641234", "supervision_phone": "010-69641015"})
        assert created.status_code == 201, created.text
        for n, name in enumerate(agents, start=1):
            created = await self.api.post("/api/routing/v1/admin/staff", headers=headers, json={
                "staff_id": f"{county}-{n:04d}", "name": name, "phone": f"1380000{n:04d}",
                "role": "village_agent", "station_code": station,
                "skills": ["MZ", "RS"]})
            assert created.status_code == 201, created.text
        return station

    async def page(self, width: int, height: int) -> Page:
        """A fresh page of this size whose requests may reach 127.0.0.1 only."""
        return await self.watched.page(self.browser, width, height)

    async def screenshot(self, page: Page, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


@pytest.fixture
async def hall(env: dict[str, str]) -> AsyncIterator[Hall]:
    """Sla on the test database, with the matter's name in its read model."""
    settings = SlaSettings.model_validate(env)
    engine = create_engine(settings)
    factory = partial(PostgresUnitOfWork, session_factory(engine), tables=messaging,
                      source=SOURCE)
    async with factory() as uow:
        await uow.matters.keep(TERMS)
        await uow.commit()
    yield Hall(county=f"9{random.randrange(10**5):05d}", uow_factory=factory, settings=settings)
    await engine.dispose()


PUBLIC_SERVICES = ("intake", "routing", "sla")


@pytest.fixture
async def web(hall: Hall, env: dict[str, str], tmp_path: Path) -> AsyncIterator[Web]:
    """The web front on a free port, reading the public services' apps through an in-process
    gateway (each app mounted at ``/api/<service>``, as nginx serves it); chromium ready."""
    specs = discover()
    async with contextlib.AsyncExitStack() as stack:
        mounts, services = [], {}
        for name in PUBLIC_SERVICES:
            spec = specs[name]
            app = spec.create_app(spec.settings_type(**env))
            managed = await stack.enter_async_context(LifespanManager(app))
            mounts.append(Mount(f"/api/{name}", app=managed.app))
            services[name] = app.state.service
        gateway = Starlette(routes=mounts)
        app = create_app(WebSettings.model_validate({**env, "gateway_url": "http://gateway"}),
                         transport=httpx.ASGITransport(app=gateway), refresh_seconds=1)
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning", lifespan="on",
                                               ws="none"))
        serving = asyncio.create_task(server.serve())
        deadline = asyncio.get_running_loop().time() + 20
        while not server.started:
            assert not serving.done(), "the web front did not start"
            assert asyncio.get_running_loop().time() < deadline, "the web front is not up"
            await asyncio.sleep(0.05)
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=chromium_path(),
                                                           args=CHROMIUM_ARGS)
                shots = screenshot_dir(tmp_path)
                api = httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway),
                                        base_url="http://gateway")
                stack.push_async_callback(api.aclose)
                yield Web(f"http://127.0.0.1:{port}/", hall, browser, shots, api, services)
                await browser.close()
        finally:
            server.should_exit = True
            await serving
