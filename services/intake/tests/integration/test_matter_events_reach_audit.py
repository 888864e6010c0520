"""Every change of the catalogue is an event that travels the outbox to audit's ledger."""

from __future__ import annotations

from typing import Any

import aio_pika
import pytest
from sqlalchemy import select

from daiban_audit import bootstrap as audit_bootstrap
from daiban_audit.adapters.orm import ledger
from daiban_audit.settings import AuditSettings
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import OutboxRelay
from daiban_intake.adapters.orm import messaging as intake_messaging
from tests.support.bus import Running, eventually

pytestmark = pytest.mark.integration


async def queue_declared(amqp_url: str, name: str) -> bool:
    """Whether the broker has this queue (the consumer has bound it)."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        try:
            await channel.declare_queue(name, passive=True)
        except aio_pika.exceptions.ChannelClosed:
            return False
    return True


async def test_every_catalogue_change_is_recorded_in_audits_ledger(
    api: Any, row: Any, prefix: str, department: str, env: dict[str, str],
    namespace: str, cleanup_namespace: None,
) -> None:
    code = f"{prefix}-001"
    terms = {k: v for k, v in row(code, department).items() if k not in ("code", "published")}
    admin = api.auth()
    for method, path, body in [
        ("POST", "/v1/admin/matters", {**terms, "code": code}),
        ("POST", f"/v1/admin/matters/{code}/publish", None),
        ("POST", f"/v1/admin/matters/{code}/versions", {**terms, "name": "低保申请"}),
        ("POST", f"/v1/admin/matters/{code}/unpublish", None),
    ]:
        response = await api.client.request(method, path, json=body, headers=admin)
        assert response.status_code in (200, 201), response.text

    audit_settings = AuditSettings(**env)
    audit = audit_bootstrap.build(audit_settings)
    consumer = EventConsumer(audit_settings, service="audit", handlers=audit.event_handlers,
                             patterns=list(audit_bootstrap.SUBSCRIBES),
                             uow_factory=audit.uow_factory)
    relay = OutboxRelay(api.settings, engine=api.intake.engine, tables=intake_messaging,
                        service="intake")

    async def recorded() -> list[Any]:
        async with audit.engine.connect() as conn:
            return list((await conn.execute(
                select(ledger.c.event_type, ledger.c.data).where(
                    ledger.c.subject == f"matter:{code}").order_by(ledger.c.seq))).all())

    async def five_recorded() -> list[Any] | None:
        rows = await recorded()
        return rows if len(rows) >= 5 else None

    try:
        async with Running(consumer):
            await eventually(lambda: queue_declared(env["amqp_url"], f"{namespace}.audit"),
                             what="audit's queue")
            async with Running(relay):
                rows = await eventually(five_recorded, within=20, what="five matter events")
    finally:
        await audit.engine.dispose()
    # the consumer handles several messages at once, so the ledger's order is not the outbox's
    recorded_events = sorted((r.event_type, _version(r.data)) for r in rows)
    assert recorded_events == [
        ("matter.published", 1), ("matter.published", 2), ("matter.unpublished", 2),
        ("matter.version_created", 1), ("matter.version_created", 2)]
    assert all(r.data["by"]["role"] == "admin" for r in rows)


def _version(data: dict[str, Any]) -> int:
    return int(data["matter"]["version"] if "matter" in data else data["matter_version"])
