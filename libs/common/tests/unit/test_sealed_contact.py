"""A resident's phone sealed for notify: only the private key opens it, tampering is refused."""

from daiban_common.sealed_contact import ContactKey, ContactSeal, new_contact_keys
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
