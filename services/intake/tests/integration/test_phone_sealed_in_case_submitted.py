"""The case.submitted that intake publishes (its outbox row, as the relay sends it) carries the
applicant's phone sealed to notify's key, and the phone nowhere in clear."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from daiban_common.sealed_contact import ContactKey, new_contact_keys
from daiban_intake.adapters.orm import messaging
from daiban_kernel.contracts.case import SealedContact
from daiban_kernel.roles import Role

LAOXIGOU = "110116200202"
PHONE = "13976543210"
PRIVATE, PUBLIC = new_contact_keys()


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    """The settings of the app under test, with notify's public key."""
    return {**env, "contact_public_key": PUBLIC, "contact_key_id": "k2"}


async def test_the_outbox_row_carries_the_phone_sealed_for_notify_alone(
    api: Any,
) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, LAOXIGOU)
    opened = await api.client.post("/v1/cases", headers=agent, json={
        "matter_code": "MZ-002", "village_code": LAOXIGOU, "channel": "station",
        "applicant": {"name": "王井权", "id_number": "110116193403150018", "phone": PHONE}})
    assert opened.status_code == 201, opened.text
    number = opened.json()["number"]
    assert opened.json()["applicant"]["phone_masked"] == "139****3210"
    assert api.intake.engine is not None
    async with api.intake.engine.connect() as conn:
        (envelope,) = (await conn.execute(
            select(messaging.outbox.c.envelope).where(
                messaging.outbox.c.subject == number,
                messaging.outbox.c.event_type == "case.submitted"))).scalars()
    contact = SealedContact.model_validate(envelope["data"]["contact"])
    assert contact.key_id == "k2"
    assert ContactKey(PRIVATE, "k2").open(contact) == PHONE
    assert ContactKey(new_contact_keys()[0], "k2").open(contact) is None
    published = json.dumps(envelope, ensure_ascii=False)
    assert PHONE not in published
    assert PHONE[3:] not in published
