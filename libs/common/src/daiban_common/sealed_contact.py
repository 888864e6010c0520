"""A resident's phone number sealed for notify alone, so that it can travel in ``case.submitted``
on the public exchange (integrators read every event) without anyone else reading it.

Intake holds notify's public key and seals; only notify holds the private key and opens. The
construction is ECIES on X25519: a fresh key pair per message, the shared secret through
HKDF-SHA256 (info ``daiban contact v1``, the key id as salt), AES-256-GCM with the key id as
associated data. ``sealed`` is base64url of ephemeral public key (32) ‖ nonce (12) ‖ ciphertext.

Outside production, a service given no key of its own uses the development pair
(``development_contact_key``), derived from the development signing key that every local process
shares, so that ``make run`` texts residents without any set-up.
"""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from daiban_common.auth import load_dev_key
from daiban_common.settings import CommonSettings
from daiban_kernel.contracts.case import SealedContact

INFO = b"daiban contact v1"
DEVELOPMENT_INFO = b"daiban development contact key v1"
"""The label under which the development pair is derived from the development signing key."""
_RAW = serialization.Encoding.Raw
_KEY = re.compile(r"[A-Za-z0-9_-]{43}=?")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(shared: bytes, key_id: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=key_id.encode(),
                info=INFO).derive(shared)


def check_key(text: str) -> str:
    """``text`` if it is an X25519 key as the settings give it (base64url of 32 bytes), else
    ValueError."""
    if not _KEY.fullmatch(text) or len(_unb64(text.rstrip("="))) != 32:
        raise ValueError("must be an X25519 key: base64url of 32 bytes (43 characters), as "
                         "`daiban contact-keys` prints it")
    return text


def _private_text(private: X25519PrivateKey) -> str:
    return _b64(private.private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                      serialization.NoEncryption()))


def new_contact_keys() -> tuple[str, str]:
    """A fresh (private, public) key pair, base64url, for ``CONTACT_PRIVATE_KEY`` (notify) and
    ``CONTACT_PUBLIC_KEY`` (intake)."""
    private = X25519PrivateKey.generate()
    return (_private_text(private),
            _b64(private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)))


@dataclass(frozen=True)
class ContactSeal:
    """Seals contacts to notify's public key (intake's side)."""

    public_key: str
    key_id: str

    def seal(self, phone: str) -> SealedContact:
        """The phone, sealed."""
        ephemeral = X25519PrivateKey.generate()
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(_unb64(self.public_key)))
        nonce = os.urandom(12)
        plain = json.dumps({"phone": phone}, separators=(",", ":")).encode()
        sealed = AESGCM(_key(shared, self.key_id)).encrypt(nonce, plain, self.key_id.encode())
        public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
        return SealedContact(key_id=self.key_id, sealed=_b64(public + nonce + sealed))


@dataclass(frozen=True)
class ContactKey:
    """Opens contacts sealed to it (notify's side)."""

    private_key: str
    key_id: str

    @property
    def public_key(self) -> str:
        """The public half, for intake."""
        private = X25519PrivateKey.from_private_bytes(_unb64(self.private_key))
        return _b64(private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw))

    def open(self, contact: SealedContact) -> str | None:
        """The phone, or None when sealed to another key or tampered with."""
        if contact.key_id != self.key_id:
            return None
        raw = _unb64(contact.sealed)
        if len(raw) < 32 + 12 + 16:
            return None
        private = X25519PrivateKey.from_private_bytes(_unb64(self.private_key))
        shared = private.exchange(X25519PublicKey.from_public_bytes(raw[:32]))
        try:
            plain = AESGCM(_key(shared, self.key_id)).decrypt(raw[32:44], raw[44:],
                                                              self.key_id.encode())
        except InvalidTag:
            return None
        phone = json.loads(plain).get("phone")
        return phone if isinstance(phone, str) else None


def development_contact_key(settings: CommonSettings, key_id: str) -> ContactKey | None:
    """The development pair, None in production: an X25519 key derived (HKDF-SHA256, label
    ``DEVELOPMENT_INFO``) from the development signing key (``JWT_DEV_KEY_FILE``, created on
    first use), so that intake's and notify's processes on one machine agree on it unasked.
    Notify opens with it, intake seals to its public half."""
    if settings.environment == "production":
        return None
    signing = load_dev_key(settings.jwt_dev_key_file)
    seed = signing.private_numbers().private_value.to_bytes(32, "big")
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=DEVELOPMENT_INFO).derive(seed)
    return ContactKey(_private_text(X25519PrivateKey.from_private_bytes(raw)), key_id)
