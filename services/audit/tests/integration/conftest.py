"""Audit's app over a database of the test's own, and SQL run on it as the superuser."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from daiban_audit.app import create_app
from daiban_audit.bootstrap import Commands, Queries
from daiban_audit.settings import AuditSettings
from daiban_common.auth import issue_dev_token
from daiban_common.service import Service
from daiban_kernel.roles import Role
from tests.support.databases import database_url


@dataclass
class AuditApi:
    """Audit's app in-process, a client for it, and the service it serves."""

    app: FastAPI
    settings: AuditSettings
    client: httpx.AsyncClient

    @property
    def service(self) -> Service[Commands, Queries]:
        service: Service[Commands, Queries] = self.app.state.service
        return service

    def auth(self, role: Role = Role.ADMIN, place: str = "110116") -> dict[str, str]:
        """A bearer header for a caller of this role at this place."""
        return {"Authorization": f"Bearer {issue_dev_token(self.settings, role=role, place=place)}"}

    async def superuser_sql(self, *statements: str) -> None:
        """Run statements on the test's database as the superuser, in one transaction."""
        conn = await asyncpg.connect(database_url(self.settings.database_url,
                                                  self.settings.database_url.rsplit("/", 1)[1]))
        try:
            async with conn.transaction():
                for sql in statements:
                    await conn.execute(sql)
        finally:
            await conn.close()


@pytest.fixture
async def audit_api(audit_env: dict[str, str]) -> AsyncIterator[AuditApi]:
    settings = AuditSettings.model_validate(audit_env)
    app = create_app(settings)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://audit")
    yield AuditApi(app, settings, client)
    await client.aclose()
    await app.state.service.close()
