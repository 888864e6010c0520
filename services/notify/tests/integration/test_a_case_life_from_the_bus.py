"""A whole case life published on the real broker as its owners publish it, notify's worker
running (consumer, relay, dispatcher) with a real SMTP server, the SMS file and a real HTTP
receiver that verifies Standard Webhooks signatures: each person hears exactly the messages of
the table, with the case number, the matter's name and the dates; an event delivered twice is
heard once; the receiver down for a while, then up, gets every message exactly once."""

from __future__ import annotations

import hmac
import json
import random
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from daiban_common.bus import install_topology
from daiban_common.envelope import Envelope
from daiban_common.outbox import to_message
from daiban_common.sealed_contact import ContactSeal, new_contact_keys
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.clock import Clock
from daiban_kernel.contracts.case import (
    Applicant,
    CaseAcceptedV1,
    CaseRatedV1,
    CaseRef,
    CaseSubmittedV1,
    ComplaintFiledV1,
)
from daiban_kernel.contracts.matter import MatterKind, MatterPublishedV1, MatterVersion, Tier
from daiban_kernel.contracts.relay import (
    CaseAssignedV1,
    CaseDecidedV1,
    CaseHandedOverV1,
    CaseResultDeliveredV1,
    Delivery,
    Outcome,
)
from daiban_kernel.contracts.sla import (
    SlaBreachedV1,
    SlaEscalatedV1,
    SlaStartedV1,
    SlaTimedOutV1,
    SlaWarningV1,
)
from daiban_kernel.contracts.staff import Duty, StaffCreatedV1, StaffSnapshot
from daiban_kernel.events import EventData
from daiban_kernel.rating_link import verify_rating_link
from daiban_kernel.roles import Role
from daiban_notify.bootstrap import build
from daiban_notify.domain.delivery import Delivery as Notice
from daiban_notify.handlers import NoticesOfCase, SubscribeWebhook
from daiban_notify.settings import NotifySettings
from tests.support.bus import Running, eventually, publish_raw

from .conftest import Mailbox, Received, Receiver

pytestmark = pytest.mark.integration

MORNING = datetime(2026, 12, 1, 2, tzinfo=UTC)
"""10:00 in China: no quiet hours, whatever the machine's clock says."""
HOUR = timedelta(hours=1)


def from_morning() -> Clock:
    """A clock that starts at ``MORNING`` and runs as the machine's does (retries fall due)."""
    start = time.monotonic()
    return lambda: MORNING + timedelta(seconds=time.monotonic() - start)
PRIVATE, PUBLIC = new_contact_keys()
PHONE, STAFF_PHONE = "13800138000", "13912345678"
MATTER_NAME = "城乡居民基本养老保险待遇申领"
WEBHOOK_TYPES = ("case.accepted", "sla.started", "case.handed_over", "case.assigned",
                 "sla.warning", "sla.breached", "sla.escalated", "sla.timed_out",
                 "case.decided", "case.result_delivered", "case.rated", "complaint.filed")


def _staff(staff_id: str, name: str, role: Role, place: str, *, partner: str | None = None,
           duty: Duty = Duty.ON_DUTY, email: str | None = None) -> StaffCreatedV1:
    return StaffCreatedV1(snapshot=StaffSnapshot(
        staff_id=staff_id, name=name, phone=STAFF_PHONE, email=email, role=role,
        station_code=f"{place}-01", place_code=place, skills=(), partner_id=partner,
        duty=duty, active=True, version=1))


def _verified(secret: dict[str, str]) -> Any:
    """The Standard Webhooks signature recomputed with the subscription's secret; the sender's
    clock starts at ``MORNING``, so the timestamp is checked against that hour instead of the
    library's five minutes around the machine's time."""
    def check(got: Received) -> int:
        if "secret" not in secret:
            return 401
        stamp = datetime.fromtimestamp(int(got.headers["webhook-timestamp"]), UTC)
        expected = Webhook(secret["secret"]).sign(got.headers["webhook-id"], stamp,
                                                  got.body.decode())
        signed = any(hmac.compare_digest(expected, given)
                     for given in got.headers["webhook-signature"].split())
        return 204 if signed and MORNING <= stamp < MORNING + HOUR else 401

    return check


async def test_a_whole_case_life_reaches_each_person_exactly_as_the_table_says(
    env: dict[str, str], tmp_path: Path, smtp: tuple[Mailbox, int], cleanup_namespace: None,
) -> None:
    box, port = smtp
    settings = NotifySettings.model_validate({
        **env, "sms_outbox_file": str(tmp_path / "sms.jsonl"), "smtp_host": "127.0.0.1",
        "smtp_port": port, "contact_private_key": PRIVATE, "contact_key_id": "k1",
        "dispatch_interval_seconds": 0.05, "send_timeout_seconds": 2,
        "retry_first_seconds": 0.05, "retry_longest_seconds": 0.5,
        "retry_max_attempts": 100})
    notify = build(settings, clock=from_morning())
    await install_topology(settings, {"notify": notify.event_handlers.routing_keys})
    county = f"1101{random.randrange(20, 99)}"  # a county of its own: no other test's staff
    town, tag = f"{county}104", uuid.uuid4().hex[:8]
    village = f"{town}201"
    agent, clerk, partner, coord = (f"{who}-{tag}" for who in ("agent", "clerk", "partner",
                                                               "coord"))
    town_sup, county_sup = f"tsup-{tag}", f"csup-{tag}"
    town_mail, county_mail = f"town-{tag}@huairou.example", f"county-{tag}@huairou.example"
    number = f"{county}-20261201-{random.randrange(0, 999_999):06d}"
    code = f"T{tag.upper()}-001"
    ref = CaseRef(case_number=number, village_code=village, matter_code=code, matter_version=1)
    by = Actor(staff_id=agent, role=Role.VILLAGE_AGENT, place=village, name="张秀英")
    coordinator = Actor(staff_id=coord, role=Role.COUNTY_COORDINATOR, place=county)
    applicant = Applicant(name="李林珍", id_number_masked="110105********002X")
    deadline = datetime(2026, 12, 18, 15, 59, 59, 999_000, tzinfo=UTC)  # 23:59:59.999 in China

    def handed(v: int, up: tuple[Tier, Tier], direction: str = "up") -> CaseHandedOverV1:
        return CaseHandedOverV1(case=ref, flow_version=v, at=MORNING, handover_id=f"h-{v}",
                                from_tier=up[0], to_tier=up[1], direction=direction, by=by)

    def clock(kind: type[Any], stage: Tier | None, place: str, **more: Any) -> Any:
        return kind(case=ref, clock_id=f"{number}/{stage or 'case'}", stage=stage, at=MORNING,
                    deadline=deadline, place_code=place, **more)

    people: list[EventData] = [
        _staff(agent, "张秀英", Role.VILLAGE_AGENT, village),
        _staff(clerk, "王芳", Role.TOWN_CLERK, town, partner=partner, duty=Duty.ABSENT),
        _staff(partner, "刘洋", Role.TOWN_CLERK, town, partner=clerk),
        _staff(town_sup, "陈静", Role.SUPERVISOR, town, email=town_mail),
        _staff(coord, "赵磊", Role.COUNTY_COORDINATOR, county),
        _staff(county_sup, "孙伟", Role.SUPERVISOR, county, email=county_mail),
        MatterPublishedV1(matter=MatterVersion(
            code=code, version=1, name=MATTER_NAME, department_code="RS", kind=MatterKind.PROXY,
            deciding_tier=Tier.COUNTY, limit_working_days=10, proxy_allowance_days=3,
            stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.COUNTY: 7}, published=True)),
        CaseSubmittedV1(case_number=number, matter_code=code, matter_version=1,
                        village_code=village, channel=Channel.STATION, applicant=applicant,
                        submitted_by=by, submitted_at=MORNING,
                        contact=ContactSeal(PUBLIC, "k1").seal(PHONE)),
    ]
    started = SlaStartedV1(case=ref, at=MORNING, matter_name=MATTER_NAME,
                           limit_working_days=13, deadline_date=date(2026, 12, 18))
    to_the_town: list[EventData] = [
        CaseAcceptedV1(case=ref, channel=Channel.STATION, applicant=applicant, by=by,
                       at=MORNING),
        started,
        handed(2, (Tier.VILLAGE, Tier.TOWN)),
        CaseAssignedV1(case=ref, flow_version=3, at=MORNING, tier=Tier.TOWN,
                       station_code=f"{town}-01", reason="partner_cover",
                       assignee=Actor(staff_id=partner, role=Role.TOWN_CLERK, place=town)),
    ]
    to_the_county: list[EventData] = [
        clock(SlaTimedOutV1, Tier.TOWN, town),
        handed(4, (Tier.TOWN, Tier.COUNTY)),
        CaseAssignedV1(case=ref, flow_version=5, at=MORNING, tier=Tier.COUNTY,
                       station_code=f"{county}-01", reason="initial", assignee=coordinator),
    ]
    to_the_end: list[EventData] = [
        clock(SlaWarningV1, Tier.COUNTY, county, used_share=0.8),
        clock(SlaBreachedV1, None, county),
        clock(SlaEscalatedV1, Tier.TOWN, town, to_place=county),
        CaseDecidedV1(case=ref, flow_version=6, at=MORNING, tier=Tier.COUNTY,
                      outcome=Outcome.APPROVED, by=coordinator),
        handed(7, (Tier.COUNTY, Tier.VILLAGE), "down"),
        CaseResultDeliveredV1(case=ref, flow_version=8, at=MORNING, delivery=Delivery.COLLECTED,
                              delivered_on=date(2026, 12, 1), by=by),
        CaseRatedV1(case=ref, stars=1, comment="跑了三趟", at=MORNING),
        ComplaintFiledV1(complaint_id=f"cp-{tag}", case_number=number, place_code=village,
                         summary="多次跑腿", at=MORNING),
    ]
    url, namespace = settings.amqp_url.get_secret_value(), settings.bus_namespace
    viewer = Actor(staff_id="viewer", role=Role.SUPERVISOR, place=county)

    async def publish(*found: EventData) -> None:
        envelopes = [Envelope.wrap(e, source="/test") for e in found]
        await publish_raw(url, namespace, *((to_message(e, {}), e.type) for e in envelopes))

    async def notices() -> list[Notice]:
        found = await notify.queries.notices_of_case(NoticesOfCase(viewer, number))
        return [d for d in found if d.rule != "webhook"]

    async def settled(count: int) -> list[Notice] | None:
        found = await notices()
        return found if len(found) >= count and all(
            d.status.value != "pending" for d in found) else None

    secret: dict[str, str] = {}
    with Receiver(_verified(secret)) as receiver:
        subscription = await notify.commands.subscribe_webhook(SubscribeWebhook(
            Actor(staff_id="admin-1", role=Role.ADMIN, place=county), receiver.url,
            WEBHOOK_TYPES))
        secret["secret"] = subscription.secret
        receiver.down = True
        async with Running(*notify.workers):
            await publish(*people)
            await eventually(lambda: settled(1), within=20, what="the agent's confirmation")
            twice = Envelope.wrap(started, source="/daiban/sla")  # redelivered: heard once
            await publish_raw(url, namespace, *((to_message(twice, {}), twice.type),) * 2)
            await publish(*[e for e in to_the_town if e is not started])
            await eventually(lambda: settled(4), within=20, what="the case at the town")
            await publish(*to_the_county)
            await eventually(lambda: settled(7), within=20, what="the case at the county")
            await publish(*to_the_end)
            found = await eventually(lambda: settled(18), within=30, what="every notice")

            async def each_hook_refused() -> bool:
                tried = [d for d in await notify.queries.notices_of_case(
                    NoticesOfCase(viewer, number))
                    if d.recipient == f"webhook:{subscription.id}" and d.attempts]
                return len(tried) == 15

            await eventually(each_hook_refused, within=20, what="each webhook tried while down")
            assert receiver.requests == []  # down all along: nothing has arrived yet
            receiver.down = False

            async def every_webhook() -> list[Received] | None:
                arrived = len(receiver.requests) >= 15 and any(
                    m["To"] == town_mail for m in box.mails)
                return receiver.requests if arrived else None

            await eventually(every_webhook, within=30, what="every webhook once the receiver "
                                                             "is up")

            async def hooks_recorded() -> list[Notice] | None:
                # the receiver answers before the dispatcher records the outcome: wait for it
                hooks = [d for d in await notify.queries.notices_of_case(
                    NoticesOfCase(viewer, number)) if d.recipient == f"webhook:{subscription.id}"]
                return hooks if all(d.status.value != "pending" for d in hooks) else None

            hooks = await eventually(hooks_recorded, within=30, what="each webhook's outcome")
            found = await notices()
    await notify.close()
    # the receiver refused each while down; each was retried, then taken once
    assert all(d.status.value == "sent" and len(d.attempts) >= 2 for d in hooks), hooks

    heard = sorted((d.recipient, d.rule, d.channel.value, d.status.value) for d in found)
    resident = f"resident:{number}"
    assert heard == sorted([
        (agent, "submitted_to_agent", "inbox", "sent"),
        (resident, "accepted_to_resident", "sms", "sent"),
        (partner, "handover_to_holder", "inbox", "sent"),  # the absent clerk's A/B partner
        (partner, "cover_to_partner", "inbox", "sent"),
        (county_sup, "timeout_to_supervisor", "inbox", "sent"),
        (coord, "handover_to_holder", "inbox", "sent"),
        (coord, "assigned_to_holder", "inbox", "sent"),
        (coord, "yellow_to_holder", "inbox", "sent"),
        (county_sup, "red_to_supervisor", "inbox", "sent"),
        (county_sup, "red_sms_to_supervisor", "sms", "sent"),
        (county_sup, "escalated_to_supervisor", "inbox", "sent"),
        (county_sup, "escalated_mail_to_supervisor", "email", "sent"),
        (resident, "decided_to_resident", "sms", "sent"),
        (resident, "ready_to_resident", "sms", "sent"),
        (resident, "rate_to_resident", "sms", "sent"),
        (agent, "back_to_agent", "inbox", "sent"),
        (town_sup, "bad_rating_to_supervisor", "inbox", "sent"),
        (town_sup, "complaint_to_supervisor", "inbox", "sent"),
        (town_sup, "complaint_mail_to_supervisor", "email", "sent"),
    ])
    text = {(d.recipient, d.rule): d.text for d in found}
    for d in found:  # an e-mail's first line is its subject
        assert number in d.subject + d.text, (d.rule, d.text)
    for (_, rule), said in text.items():
        if rule not in {"submitted_to_agent", "complaint_to_supervisor",
                        "complaint_mail_to_supervisor"}:
            assert MATTER_NAME in said, (rule, said)
    assert text[(resident, "accepted_to_resident")] == (
        f"【代办】李林珍您好，您委托代办的“{MATTER_NAME}”已受理，案件编号{number}，"
        "承诺13个工作日内办结，办结期限2026年12月18日。")
    assert text[(partner, "cover_to_partner")].startswith("【AB岗顶岗】刘洋：")
    assert text[(coord, "yellow_to_holder")].startswith("【黄灯提醒】赵磊：")
    assert "截止2026年12月18日" in text[(coord, "yellow_to_holder")]
    assert "截止2026年12月18日" in text[(county_sup, "red_to_supervisor")]
    assert "审批通过" in text[(resident, "decided_to_resident")]
    assert "村便民服务站" in text[(resident, "ready_to_resident")]
    assert "取回" in text[(agent, "back_to_agent")]
    invitation = text[(resident, "rate_to_resident")]
    assert "请您评价" in invitation
    token = invitation.rsplit(f"{settings.public_base_url}/rate/", 1)[1]
    assert verify_rating_link(token, secret=settings.rating_link_key,
                              today=date(2026, 12, 31)).case_number == number
    assert "1星评价：“跑了三趟”" in text[(town_sup, "bad_rating_to_supervisor")]
    assert "多次跑腿" in text[(town_sup, "complaint_to_supervisor")]

    path = tmp_path / "sms.jsonl"
    sms = [m for m in map(json.loads, path.read_text(encoding="utf-8").splitlines())
           if number in m["text"]]
    assert sorted(m["to"] for m in sms) == sorted([PHONE, PHONE, PHONE, PHONE, STAFF_PHONE])
    assert len({m["id"] for m in sms}) == 5
    mails = Counter(m["To"] for m in box.mails)
    assert (mails[town_mail], mails[county_mail]) == (1, 1)

    ids = Counter(r.headers["webhook-id"] for r in receiver.requests)
    assert set(ids.values()) == {1}
    assert sorted(json.loads(r.body)["type"] for r in receiver.requests) == sorted(
        [*WEBHOOK_TYPES[:2], "case.handed_over", "case.handed_over", "case.handed_over",
         "case.assigned", "case.assigned", *WEBHOOK_TYPES[4:]])
