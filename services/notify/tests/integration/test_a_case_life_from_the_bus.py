"""A case life published on the real broker, notify's worker running (consumer, relay,
dispatcher) with a real SMTP server and the SMS file: each person hears what the table says,
once, even when an event is delivered twice."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from daiban_common.bus import install_topology
from daiban_common.envelope import Envelope
from daiban_common.outbox import to_message
from daiban_common.sealed_contact import ContactSeal, new_contact_keys
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseRef, CaseSubmittedV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import CaseAssignedV1, CaseHandedOverV1
from daiban_kernel.contracts.sla import SlaEscalatedV1, SlaStartedV1, SlaTimedOutV1, SlaWarningV1
from daiban_kernel.contracts.staff import Duty, StaffCreatedV1, StaffSnapshot
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role
from daiban_notify.bootstrap import build
from daiban_notify.handlers import NoticesOfCase
from daiban_notify.settings import NotifySettings
from tests.support.bus import Running, eventually, publish_raw

from .conftest import Mailbox

pytestmark = pytest.mark.integration

MORNING = datetime(2026, 12, 1, 2, tzinfo=UTC)
"""10:00 in China: no quiet hours, whatever the machine's clock says."""
PRIVATE, PUBLIC = new_contact_keys()
PHONE = "13800138000"


def _staff(staff_id: str, role: Role, place: str, *, partner: str | None = None,
           duty: Duty = Duty.ON_DUTY, email: str | None = None) -> StaffCreatedV1:
    return StaffCreatedV1(snapshot=StaffSnapshot(
        staff_id=staff_id, name="王芳", phone="13912345678", email=email, role=role,
        station_code=f"{place}-01", place_code=place, skills=(), partner_id=partner,
        duty=duty, active=True, version=1))


async def test_a_case_life_reaches_each_person_once(
    env: dict[str, str], tmp_path: Path, smtp: tuple[Mailbox, int], cleanup_namespace: None,
) -> None:
    box, port = smtp
    settings = NotifySettings.model_validate({
        **env, "sms_outbox_file": str(tmp_path / "sms.jsonl"), "smtp_host": "127.0.0.1",
        "smtp_port": port, "contact_private_key": PRIVATE, "contact_key_id": "k1",
        "dispatch_interval_seconds": 0.05, "send_timeout_seconds": 2})
    notify = build(settings, clock=lambda: MORNING)
    await install_topology(settings, {"notify": notify.event_handlers.routing_keys})
    county = "110116"
    town = f"{county}{random.randrange(200, 999)}"
    village = f"{town}201"
    tag = uuid.uuid4().hex[:8]
    agent, clerk, partner = f"agent-{tag}", f"clerk-{tag}", f"partner-{tag}"
    town_sup, county_mail = f"sup-{tag}", f"county-{tag}@huairou.example"
    number = f"110116-20261201-{random.randrange(0, 999_999):06d}"
    ref = CaseRef(case_number=number, village_code=village, matter_code="MZ-001",
                  matter_version=1)
    by = Actor(staff_id=agent, role=Role.VILLAGE_AGENT, place=village)
    applicant = Applicant(name="李林珍", id_number_masked="110105********002X")
    accepted = Envelope.wrap(SlaStartedV1(case=ref, at=MORNING, matter_name="城乡居民养老保险",
                                          limit_working_days=13,
                                          deadline_date=date(2026, 12, 18)),
                             source="/sla")
    events: list[EventData] = [
        _staff(agent, Role.VILLAGE_AGENT, village),
        _staff(clerk, Role.TOWN_CLERK, town, partner=partner, duty=Duty.ABSENT),
        _staff(partner, Role.TOWN_CLERK, town, partner=clerk),
        _staff(town_sup, Role.SUPERVISOR, town),
        _staff(f"csup-{tag}", Role.SUPERVISOR, county, email=county_mail),
        CaseSubmittedV1(case_number=number, matter_code="MZ-001", matter_version=1,
                        village_code=village, channel=Channel.STATION, applicant=applicant,
                        submitted_by=by, submitted_at=MORNING,
                        contact=ContactSeal(PUBLIC, "k1").seal(PHONE)),
    ]
    later: list[EventData] = [
        CaseHandedOverV1(case=ref, flow_version=2, at=MORNING, handover_id="h-1",
                         from_tier=Tier.VILLAGE, to_tier=Tier.TOWN, direction="up", by=by),
        CaseAssignedV1(case=ref, flow_version=3, at=MORNING, tier=Tier.TOWN,
                       station_code=f"{town}-01", reason="partner_cover",
                       assignee=Actor(staff_id=partner, role=Role.TOWN_CLERK, place=town)),
        SlaWarningV1(case=ref, clock_id="c-1", stage=Tier.TOWN, at=MORNING,
                     deadline=MORNING + timedelta(days=2), place_code=town, used_share=0.8),
        SlaTimedOutV1(case=ref, clock_id="c-1", stage=Tier.TOWN, at=MORNING,
                      deadline=MORNING + timedelta(days=2), place_code=town),
        SlaEscalatedV1(case=ref, clock_id="c-0", stage=Tier.VILLAGE, at=MORNING,
                       deadline=MORNING + timedelta(days=2), place_code=village,
                       to_place=county),
    ]
    url, namespace = settings.amqp_url.get_secret_value(), settings.bus_namespace

    def messages(found: list[EventData]) -> list[tuple[Any, str]]:
        return [(to_message(Envelope.wrap(e, source="/test"), {}), e.event_type)
                for e in found]

    async with Running(*notify.workers):
        await publish_raw(url, namespace, *messages(events))
        viewer = Actor(staff_id="viewer", role=Role.SUPERVISOR, place=county)

        async def notices() -> list[tuple[str, str, str]]:
            found = await notify.queries.notices_of_case(NoticesOfCase(viewer, number))
            # other tests' webhook subscriptions hear this case too; they are not its people
            return sorted((d.rule, d.recipient, d.status.value) for d in found
                          if d.rule != "webhook")

        await eventually(notices, within=20, what="the agent's confirmation")
        await publish_raw(url, namespace, (to_message(accepted, {}), accepted.type),
                          (to_message(accepted, {}), accepted.type), *messages(later))

        def sms_lines() -> list[dict[str, Any]]:
            path = tmp_path / "sms.jsonl"
            lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
            return [m for m in map(json.loads, lines) if number in m["text"]]

        async def settled() -> list[tuple[str, str, str]] | None:
            found = await notices()
            done = len(found) == 8 and all(s != "pending" for _, _, s in found)
            return found if done and any(m["To"] == county_mail for m in box.mails) else None

        found = await eventually(settled, within=30, what="every notice of the case life")
    await notify.close()
    assert found == sorted([
        ("submitted_to_agent", agent, "sent"),
        ("accepted_to_resident", f"resident:{number}", "sent"),
        ("handover_to_holder", partner, "sent"),
        ("cover_to_partner", partner, "sent"),
        ("yellow_to_holder", partner, "sent"),
        ("timeout_to_supervisor", f"csup-{tag}", "sent"),
        ("escalated_to_supervisor", f"csup-{tag}", "sent"),
        ("escalated_mail_to_supervisor", f"csup-{tag}", "sent"),
    ])
    (sms,) = sms_lines()
    assert sms["to"] == PHONE
    assert sms["text"].startswith("【代办】李林珍您好")
    assert len([m for m in box.mails if m["To"] == county_mail]) == 1
