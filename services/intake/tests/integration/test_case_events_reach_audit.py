"""A case's events travel intake's outbox to audit's ledger (OutboxRelay → broker → audit)."""

from __future__ import annotations

from typing import Any

import aio_pika
import pytest
from sqlalchemy import select

from daiban_audit import bootstrap as audit_bootstrap
from daiban_audit.adapters.orm import ledger
from daiban_audit.settings import AuditSettings
from daiban_common.auth import Role
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import OutboxRelay
from daiban_intake.adapters.orm import messaging as intake_messaging
from tests.support.bus import Running, eventually

pytestmark = pytest.mark.integration

VILLAGE = "110116107202"
RESIDENT = {"name": "王玉华", "id_number": "11010519491231002X", "phone": "13800138000"}
EXPECTED = ["case.accepted", "case.incomplete", "case.submitted", "case.supplemented",
            "case.withdrawn", "complaint.filed"]


async def queue_declared(amqp_url: str, name: str) -> bool:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        try:
            await channel.declare_queue(name, passive=True)
        except aio_pika.exceptions.ChannelClosed:
            return False
    return True


async def test_a_cases_intake_events_are_recorded_in_audits_ledger(
    api: Any, desk: Any, env: dict[str, str], namespace: str, cleanup_namespace: None,
) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = (await desk.open(agent, matter="MZ-004", village=VILLAGE, applicant=RESIDENT,
                              channel="phone")).json()["number"]
    for item in (1, 2, 4):
        await desk.provide(agent, number, item)
    assert (await desk.post(agent, f"/v1/cases/{number}/review")).json()["status"] == \
        "incomplete"
    await desk.provide(agent, number, 3)
    assert (await desk.post(agent, f"/v1/cases/{number}/supplement")).json()["status"] == \
        "accepted"
    await desk.post(agent, f"/v1/cases/{number}/withdraw", {"reason": "家属已代为到镇上办理"})
    filed = await desk.post(agent, "/v1/complaints", {"case_number": number,
                                                      "summary": "电话预约后代办员迟到"})
    assert filed.status_code == 201, filed.text

    audit_settings = AuditSettings(**env)
    audit = audit_bootstrap.build(audit_settings)
    consumer = EventConsumer(audit_settings, service="audit", handlers=audit.event_handlers,
                             patterns=list(audit_bootstrap.SUBSCRIBES),
                             uow_factory=audit.uow_factory)
    relay = OutboxRelay(api.settings, engine=api.intake.engine, tables=intake_messaging,
                        service="intake")

    async def recorded() -> list[str] | None:
        async with audit.engine.connect() as conn:
            types = sorted((await conn.execute(select(ledger.c.event_type).where(
                ledger.c.subject == number))).scalars())
        return types if len(types) >= len(EXPECTED) else None

    try:
        async with Running(consumer):
            await eventually(lambda: queue_declared(env["amqp_url"], f"{namespace}.audit"),
                             what="audit's queue")
            async with Running(relay):
                types = await eventually(recorded, within=20, what="the case's events")
    finally:
        await audit.engine.dispose()
    assert types == EXPECTED
