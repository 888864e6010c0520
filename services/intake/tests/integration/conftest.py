"""Intake's app on the real database, a client for it, and matters of a test's own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import func, select

from daiban_common.auth import issue_dev_token
from daiban_common.envelope import Envelope
from daiban_common.inbox import EventConsumer
from daiban_common.service import Service
from daiban_intake.adapters.orm import messaging
from daiban_intake.app import create_app
from daiban_intake.bootstrap import Commands, Queries
from daiban_intake.settings import IntakeSettings
from daiban_kernel.contracts.place import PlaceCreatedV1, PlaceSnapshot
from daiban_kernel.places import PlaceTier
from daiban_kernel.roles import Role
from tests.support.places import placed

COUNTY = "110116"
ATTACHMENT_LIMIT = 64 * 1024
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(200)


@dataclass
class IntakeClient:
    """The running app, a client, and tokens for any role."""

    client: httpx.AsyncClient
    settings: IntakeSettings
    intake: Service[Commands, Queries]

    def auth(self, role: Role = Role.ADMIN, place: str | None = None, *,
             subject: str | None = None, name: str | None = None) -> dict[str, str]:
        """An ``Authorization`` header for a development token of this role (at the widest
        place of its tier in the county unless ``place`` says)."""
        return {"Authorization": "Bearer " + issue_dev_token(
            self.settings, role=role, place=place or placed(role, COUNTY), subject=subject,
            name=name)}

    def consumer(self) -> EventConsumer:
        """The event consumer the service was built with (its worker's, on this database)."""
        return next(w for w in self.intake.workers if isinstance(w, EventConsumer))

    async def know_village(self, code: str, name: str = "测试村") -> None:
        """Tell intake of a village as routing does (``place.created`` through its consumer),
        for tests that open cases in a village of their own."""
        snapshot = PlaceSnapshot(code=code, name=name, tier=PlaceTier.VILLAGE,
                                 parent_code=code[:9], distance_km=Decimal("1.0"), active=True,
                                 version=1)
        envelope = Envelope.wrap(PlaceCreatedV1(snapshot=snapshot), source="/daiban/routing")
        assert await self.consumer().apply(envelope) == "applied"

    async def outbox_types(self, subject: str) -> list[str]:
        """The types of the events about ``subject`` in intake's outbox, in order."""
        assert self.intake.engine is not None
        outbox = messaging.outbox
        async with self.intake.engine.connect() as conn:
            return list((await conn.execute(
                select(outbox.c.event_type).where(outbox.c.subject == subject)
                .order_by(outbox.c.seq))).scalars())

    async def outbox_data(self, subject: str, event_type: str) -> list[dict[str, Any]]:
        """The data of the events of one type about ``subject`` in intake's outbox."""
        assert self.intake.engine is not None
        outbox = messaging.outbox
        async with self.intake.engine.connect() as conn:
            return [e["data"] for e in (await conn.execute(
                select(outbox.c.envelope).where(outbox.c.subject == subject,
                                                outbox.c.event_type == event_type)
                .order_by(outbox.c.seq))).scalars()]

    async def outbox_count(self, code: str) -> int:
        """How many events about this matter intake's outbox holds."""
        assert self.intake.engine is not None
        outbox = messaging.outbox
        async with self.intake.engine.connect() as conn:
            return int((await conn.execute(select(func.count()).select_from(outbox)
                                           .where(outbox.c.subject == f"matter:{code}")
                                           )).scalar_one())


@pytest.fixture
async def api(env: dict[str, str]) -> AsyncIterator[IntakeClient]:
    """Intake's app in-process, its lifespan running."""
    settings = IntakeSettings.model_validate({**env, "attachment_max_bytes": ATTACHMENT_LIMIT})
    app = create_app(settings)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            yield IntakeClient(client, settings, app.state.service)


@pytest.fixture
def department() -> str:
    """A department code of this test's own, so exports see only this test's matters."""
    return "t" + uuid.uuid4().hex[:10]


@pytest.fixture
def prefix() -> str:
    """A matter-code prefix of this test's own."""
    return "T" + uuid.uuid4().hex[:10].upper()


def matter_row(code: str, department: str, **over: Any) -> dict[str, Any]:
    """A catalogue-file row (JSON) of a county-level matter with two materials."""
    row: dict[str, Any] = {
        "code": code, "name": "最低生活保障申请", "department_code": department,
        "kind": "proxy", "deciding_tier": "department", "limit_working_days": 20,
        "proxy_allowance_days": 5,
        "stage_days": {"village": 2, "town": 3, "county": 2, "department": 18},
        "authorization_required": True, "timeout_default_stages": ["town"],
        "department_fee_yuan": None,
        "materials": [
            {"name": "居民身份证", "form": "original_and_copy", "count": 1, "mandatory": True},
            {"name": "户口簿", "form": "copy", "count": 1, "mandatory": False}],
        "published": True,
    }
    row.update(over)
    return row


@pytest.fixture
def row() -> Any:
    """``matter_row`` as a fixture, for building files."""
    return matter_row


@dataclass
class Desk:
    """A station's desk: the calls an agent makes to take a case, as one-liners for stories."""

    api: IntakeClient

    async def open(self, headers: dict[str, str], *, matter: str, village: str,
                   applicant: dict[str, Any], channel: str = "station",
                   key: str | None = None) -> httpx.Response:
        """POST /v1/cases."""
        extra = {"Idempotency-Key": key} if key else {}
        return await self.api.client.post("/v1/cases", headers={**headers, **extra}, json={
            "matter_code": matter, "village_code": village, "channel": channel,
            "applicant": applicant})

    async def scan(self, headers: dict[str, str], number: str, content: bytes, *,
                   content_type: str, item: int | None = None,
                   key: str | None = None) -> httpx.Response:
        """Upload a scan as the raw body."""
        extra = {"Idempotency-Key": key} if key else {}
        params = {"item": item} if item is not None else {}
        return await self.api.client.post(
            f"/v1/cases/{number}/attachments", params=params, content=content,
            headers={**headers, **extra, "Content-Type": content_type})

    async def provide(self, headers: dict[str, str], number: str, item: int,
                      state: str = "original_seen") -> dict[str, Any]:
        """Scan one paper and mark it; the case after."""
        scanned = await self.scan(headers, number, JPEG, content_type="image/jpeg", item=item)
        assert scanned.status_code == 201, scanned.text
        marked = await self.api.client.put(f"/v1/cases/{number}/materials/{item}",
                                           headers=headers, json={"state": state})
        assert marked.status_code == 200, marked.text
        return dict(marked.json())

    async def post(self, headers: dict[str, str], path: str, body: dict[str, Any] | None = None,
                   ) -> httpx.Response:
        """POST a JSON body to a path of intake."""
        return await self.api.client.post(path, headers=headers, json=body or {})


@pytest.fixture
def desk(api: IntakeClient) -> Desk:
    """The agent's calls, for stories."""
    return Desk(api)
