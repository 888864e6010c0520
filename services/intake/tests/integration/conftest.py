"""Intake's app on the real database, a client for it, and matters of a test's own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import func, select

from daiban_common.auth import Role, issue_dev_token
from daiban_intake.adapters.orm import messaging
from daiban_intake.app import create_app
from daiban_intake.bootstrap import Intake
from daiban_intake.settings import IntakeSettings

COUNTY = "110116"


@dataclass
class IntakeClient:
    """The running app, a client, and tokens for any role."""

    client: httpx.AsyncClient
    settings: IntakeSettings
    intake: Intake

    def auth(self, role: Role = Role.ADMIN, place: str = COUNTY) -> dict[str, str]:
        """An ``Authorization`` header for a development token of this role."""
        return {"Authorization": "Bearer " + issue_dev_token(self.settings, role=role,
                                                             place=place)}

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
    settings = IntakeSettings(**env)
    app = create_app(settings)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            yield IntakeClient(client, settings, app.state.intake)


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
