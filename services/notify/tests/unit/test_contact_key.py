"""The key that opens residents' phones: CONTACT_PRIVATE_KEY, else the development pair outside
production (the one intake seals to when it has no key), else none."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from daiban_common.sealed_contact import ContactSeal, development_contact_key, new_contact_keys
from daiban_notify.bootstrap import contact_key
from daiban_notify.settings import NotifySettings

PRODUCTION = {"environment": "production", "pii_key": "p" * 44,
              "amqp_url": "amqp://daiban:secret@mq:5672/", "jwt_jwks_url": "https://id/jwks",
              "rating_link_secret": "r" * 32, "public_base_url": "https://daiban.example.org",
              "contact_private_key": new_contact_keys()[0]}


def test_the_configured_key_opens_what_its_public_half_sealed() -> None:
    private, public = new_contact_keys()
    key = contact_key(NotifySettings(environment="test", contact_private_key=private,
                                     contact_key_id="k3"))
    assert key is not None
    assert key.open(ContactSeal(public, "k3").seal("13800138000")) == "13800138000"


def test_without_a_key_outside_production_the_development_pair_opens(tmp_path: Path) -> None:
    settings = NotifySettings(environment="development", jwt_dev_key_file=tmp_path / "dev.pem")
    key = contact_key(settings)
    intakes = development_contact_key(settings, "k1")  # what intake seals to unset
    assert key is not None
    assert intakes is not None
    assert key.open(ContactSeal(intakes.public_key, "k1").seal("13800138000")) == "13800138000"


def test_in_production_notify_will_not_start_without_its_contact_key() -> None:
    bare = {k: v for k, v in PRODUCTION.items() if k != "contact_private_key"}
    with pytest.raises(ValidationError, match="CONTACT_PRIVATE_KEY"):
        NotifySettings(**bare)  # type: ignore[arg-type]
    assert contact_key(NotifySettings(**PRODUCTION)) is not None  # type: ignore[arg-type]


def test_a_private_key_that_is_not_32_bytes_of_base64url_is_a_settings_error() -> None:
    with pytest.raises(ValidationError, match="contact_private_key"):
        NotifySettings(environment="test", contact_private_key="short")
    assert NotifySettings(environment="test", contact_private_key="").contact_private_key is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "https://localhost",
                                 "http://daiban.example.org"])
def test_in_production_the_rating_link_address_is_the_countys_https_one(url: str) -> None:
    with pytest.raises(ValidationError, match="PUBLIC_BASE_URL"):
        NotifySettings(**{**PRODUCTION, "public_base_url": url})  # type: ignore[arg-type]
    assert NotifySettings(**PRODUCTION).public_base_url == "https://daiban.example.org"  # type: ignore[arg-type]
