"""A case's trace follows it from the HTTP request through the outbox into every consumer."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from opentelemetry.trace import SpanKind

from daiban_audit.settings import AuditSettings
from daiban_common.auth import issue_dev_token
from daiban_common.outbox import OutboxRelay
from daiban_intake.adapters.orm import messaging as intake_messaging
from daiban_intake.app import create_app
from daiban_intake.settings import IntakeSettings
from daiban_kernel.roles import Role
from tests.support.audit import audit_consumer
from tests.support.bus import Running, eventually
from tests.support.infra import settle_outbox
from tests.support.tracing import span_exporter

pytestmark = pytest.mark.integration

CASE = {"matter_code": "MZ-001", "village_code": "110116104201", "channel": "home_visit",
        "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                      "phone": "13800138000"}}


async def test_the_consumers_span_is_a_child_of_the_submitting_request(
    env: dict[str, str], cleanup_namespace: None
) -> None:
    exporter = span_exporter()
    intake_settings = IntakeSettings(**env)
    app = create_app(intake_settings)
    token = issue_dev_token(intake_settings, role=Role.VILLAGE_AGENT, place="110116104201")
    consumer, audit_engine = audit_consumer(AuditSettings.model_validate(env))
    relay = OutboxRelay(intake_settings, engine=app.state.service.engine,
                        tables=intake_messaging, service="intake")
    await settle_outbox(app.state.service.engine, intake_messaging.outbox)
    async with Running(consumer):
        await asyncio.sleep(0.5)
        exporter.clear()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            response = await client.post("/v1/cases", json=CASE,
                                         headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 201, response.text
        number = response.json()["number"]
        request_span = next(s for s in exporter.get_finished_spans()
                            if s.kind == SpanKind.SERVER)
        async with Running(relay):
            async def consumer_span() -> object:
                return next((s for s in exporter.get_finished_spans()
                             if s.kind == SpanKind.CONSUMER
                             and s.attributes.get("cloudevents.event_subject") == number),
                            None)
            span = await eventually(consumer_span, what="the audit consumer's span")
    assert span.context.trace_id == request_span.context.trace_id  # type: ignore[attr-defined]
    assert span.parent is not None  # type: ignore[attr-defined]
    await audit_engine.dispose()
    await app.state.service.engine.dispose()
