"""Webhooks follow Standard Webhooks: a real HTTP receiver verifies each signature with the
subscription's secret; down for a while, then up, it gets every message exactly once."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseAcceptedV1, CaseRef
from daiban_kernel.roles import Role
from daiban_notify.handlers import SubscribeWebhook
from tests.support.bus import eventually

from .conftest import Notify, Received, Receiver, dispatch_all, hear, json_of

ADMIN = Actor(staff_id="admin-1", role=Role.ADMIN, place="110116")
AGENT = Actor(staff_id="agent-1", role=Role.VILLAGE_AGENT, place="110116104201")


def _accepted() -> CaseAcceptedV1:
    number = f"110116-20261201-{random.randrange(0, 999_999):06d}"
    return CaseAcceptedV1(
        case=CaseRef(case_number=number, village_code="110116104201", matter_code="MZ-001",
                     matter_version=1),
        channel=Channel.STATION,
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
        by=AGENT, at=datetime.now(UTC))


def _verifier(secrets: dict[str, str]) -> Callable[[Received], int]:
    def check(got: Received) -> int:
        secret = secrets.get("secret")
        if secret is None:
            return 401
        try:
            Webhook(secret).verify(got.body, got.headers)
        except WebhookVerificationError:
            return 401
        return 204

    return check


async def _subscribe(notify: Notify, url: str) -> str:
    subscription = await notify.commands.subscribe_webhook(SubscribeWebhook(
        ADMIN, url, ("case.accepted",)))
    return subscription.secret


async def test_a_subscribed_event_arrives_signed_with_the_subscriptions_secret(
    notify_factory: Callable[..., Notify],
) -> None:
    notify = notify_factory()
    secrets: dict[str, str] = {}
    with Receiver(_verifier(secrets)) as receiver:
        secrets["secret"] = await _subscribe(notify, receiver.url)
        event = _accepted()
        await hear(notify, event)
        await dispatch_all(notify)
        (got,) = receiver.requests
    body = json_of(got)
    assert (body["type"], body["data"]["case"]["case_number"]) == (
        "case.accepted", event.case.case_number)
    assert got.headers["webhook-signature"].startswith("v1,")


async def test_a_receiver_down_for_a_while_gets_every_message_exactly_once(
    notify_factory: Callable[..., Notify],
) -> None:
    notify = notify_factory()
    secrets: dict[str, str] = {}
    with Receiver(_verifier(secrets)) as receiver:
        secrets["secret"] = await _subscribe(notify, receiver.url)
        receiver.down = True
        events = {uuid.uuid4().hex: _accepted() for _ in range(3)}
        for event_id, event in events.items():
            await hear(notify, event, event_id=event_id)
        for event_id, event in events.items():  # redelivered, and once past a lost inbox row
            await hear(notify, event, event_id=event_id)
            await hear(notify, event, event_id=event_id, inbox=False)
        await dispatch_all(notify)
        await dispatch_all(notify)
        assert receiver.requests == []
        receiver.down = False

        async def all_arrived() -> bool:
            await dispatch_all(notify)
            return len(receiver.requests) >= 3

        await eventually(all_arrived, within=10, what="every webhook after the receiver is up")
        await dispatch_all(notify)
        ids = Counter(r.headers["webhook-id"] for r in receiver.requests)
    assert len(ids) == 3
    assert set(ids.values()) == {1}


async def test_a_signature_made_with_another_secret_is_refused_by_the_receiver(
    notify_factory: Callable[..., Notify],
) -> None:
    notify = notify_factory()
    secrets = {"secret": "whsec_" + "A" * 43 + "="}
    with Receiver(_verifier(secrets)) as receiver:
        await _subscribe(notify, receiver.url)
        await hear(notify, _accepted())
        await dispatch_all(notify)
        assert receiver.requests == []
