"""A resident's phone sealed for notify: only the private key opens it, tampering is refused."""

from pathlib import Path

import pytest

from daiban_common.sealed_contact import (
    ContactKey,
    ContactSeal,
    check_key,
    development_contact_key,
    new_contact_keys,
)
from daiban_common.settings import CommonSettings
from daiban_kernel.contracts.case import SealedContact


def _pair(key_id: str = "k1") -> tuple[ContactSeal, ContactKey]:
    private, public = new_contact_keys()
    return ContactSeal(public, key_id), ContactKey(private, key_id)


def test_a_sealed_phone_opens_with_notifys_key_and_is_not_in_the_clear() -> None:
    seal, key = _pair()
    contact = seal.seal("13800138000")
    assert "13800138000" not in contact.model_dump_json()
    assert key.open(contact) == "13800138000"
    assert key.public_key == seal.public_key


def test_two_seals_of_one_phone_differ() -> None:
    seal, _ = _pair()
    assert seal.seal("13800138000").sealed != seal.seal("13800138000").sealed


def test_another_key_or_a_changed_byte_opens_nothing() -> None:
    seal, key = _pair()
    _, other = _pair()
    contact = seal.seal("13800138000")
    assert other.open(contact) is None
    middle = len(contact.sealed) // 2
    flipped = contact.sealed[:middle] + ("A" if contact.sealed[middle] != "A" else "B") + \
        contact.sealed[middle + 1:]
    assert key.open(SealedContact(key_id="k1", sealed=flipped)) is None
    assert ContactKey(key.private_key, "k2").open(contact) is None


def test_the_development_pair_follows_from_the_development_signing_key(tmp_path: Path) -> None:
    settings = CommonSettings(environment="development", jwt_dev_key_file=tmp_path / "a.pem")
    key = development_contact_key(settings, "k1")
    assert key is not None
    assert (tmp_path / "a.pem").exists()  # created on first use, as for the tokens
    again = development_contact_key(
        CommonSettings(environment="test", jwt_dev_key_file=tmp_path / "a.pem"), "k1")
    assert again == key
    assert again.open(ContactSeal(key.public_key, "k1").seal("13800138000")) == "13800138000"
    other = development_contact_key(
        CommonSettings(environment="development", jwt_dev_key_file=tmp_path / "b.pem"), "k1")
    assert other is not None
    assert other.public_key != key.public_key


def test_production_has_no_development_pair(tmp_path: Path) -> None:
    settings = CommonSettings.model_construct(environment="production",
                                              jwt_dev_key_file=tmp_path / "a.pem")
    assert development_contact_key(settings, "k1") is None
    assert not (tmp_path / "a.pem").exists()


def test_settings_keys_are_32_bytes_of_base64url() -> None:
    private, public = new_contact_keys()
    assert check_key(private) == private
    assert check_key(public) == public
    for bad in ("", "A" * 42, public + "A", public[:-1] + "+", "QUJD"):
        with pytest.raises(ValueError, match="32 bytes"):
            check_key(bad)
