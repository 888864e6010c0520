"""The applicant's phone travels in case.submitted sealed for notify alone: with notify's public
key, with the development pair when none is set outside production, and not at all in production
without a key."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from daiban_common.sealed_contact import ContactKey, development_contact_key, new_contact_keys
from daiban_intake import bootstrap
from daiban_intake.handlers import SubmitCase
from daiban_intake.settings import IntakeSettings
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import CaseSubmittedV1

AGENT = Actor(staff_id="agent-7", role="village_agent", place="110116104201")
PHONE = "13812345678"
PRODUCTION = {"environment": "production", "pii_key": "p" * 44,
              "amqp_url": "amqp://daiban:secret@mq:5672/", "jwt_jwks_url": "https://id/jwks",
              "rating_link_secret": "r" * 32}


@pytest.fixture(autouse=True)
def catalogue(uow: Any, terms: Any) -> None:
    uow.matters.versions[("MZ-001", 1)] = terms()
    uow.matters.state["MZ-001"] = (1, True)
    uow.places.village("110116104201", "北宅村")


async def submitted(uow: Any, settings: IntakeSettings, phone: str = PHONE) -> CaseSubmittedV1:
    intake = bootstrap.build(settings, uow_factory=lambda: uow,
                             clock=lambda: datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    await intake.commands.submit_case(SubmitCase(
        matter_code="MZ-001", village_code="110116104201", channel=Channel.STATION,
        applicant_name="李林珍", applicant_id_number="11010519491231002X",
        applicant_phone=phone, by=AGENT))
    (event,) = uow.published
    assert isinstance(event, CaseSubmittedV1)
    return event


async def test_the_phone_is_sealed_to_notifys_key_and_nowhere_in_clear(uow: Any) -> None:
    private, public = new_contact_keys()
    event = await submitted(uow, IntakeSettings(environment="test", contact_public_key=public,
                                                contact_key_id="k7"))
    assert event.contact is not None
    assert event.contact.key_id == "k7"
    assert ContactKey(private, "k7").open(event.contact) == PHONE
    assert ContactKey(new_contact_keys()[0], "k7").open(event.contact) is None
    assert PHONE not in event.model_dump_json()
    assert PHONE[-4:] not in event.model_dump_json()


async def test_without_a_key_outside_production_the_development_pair_seals_it(
    uow: Any, tmp_path: Path,
) -> None:
    settings = IntakeSettings(environment="development", jwt_dev_key_file=tmp_path / "dev.pem")
    event = await submitted(uow, settings)
    notifys = development_contact_key(settings, "k1")
    assert notifys is not None
    assert event.contact is not None
    assert notifys.open(event.contact) == PHONE


def test_in_production_intake_will_not_start_without_notifys_public_key() -> None:
    """A case.submitted without the phone sealed loses it for good: no later key recovers it."""
    with pytest.raises(ValidationError, match="CONTACT_PUBLIC_KEY"):
        IntakeSettings(**PRODUCTION)  # type: ignore[arg-type]
    _, public = new_contact_keys()
    assert IntakeSettings(**PRODUCTION, contact_public_key=public  # type: ignore[arg-type]
                          ).contact_public_key == public


async def test_no_phone_no_contact(uow: Any) -> None:
    _, public = new_contact_keys()
    event = await submitted(uow, IntakeSettings(environment="test", contact_public_key=public),
                            phone="")
    assert event.contact is None


@pytest.mark.parametrize("key", ["not-a-key", "A" * 42, "A" * 44, "A" * 42 + "+/",
                                 "QUJD"])
def test_a_public_key_that_is_not_32_bytes_of_base64url_is_a_settings_error(key: str) -> None:
    with pytest.raises(ValidationError, match="contact_public_key") as refused:
        IntakeSettings(environment="test", contact_public_key=key)
    assert "base64url of 32 bytes" in str(refused.value)


def test_an_empty_public_key_is_none_and_a_key_id_must_fit_the_contract() -> None:
    assert IntakeSettings(environment="test", contact_public_key="").contact_public_key is None
    with pytest.raises(ValidationError, match="contact_key_id"):
        IntakeSettings(environment="test", contact_key_id="key one")
