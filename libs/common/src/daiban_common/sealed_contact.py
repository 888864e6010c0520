"""A resident's phone number sealed for notify alone, so that it can travel in ``case.submitted``
on the public exchange (integrators read every event) without anyone else reading it.

Intake holds notify's public key and seals; only notify holds the private key and opens. The
construction is ECIES on X25519: a fresh key pair per message, the shared secret through
HKDF-SHA256 (info ``daiban contact v1``, the key id as salt), AES-256-GCM with the key id as
associated data. ``sealed`` is base64url of ephemeral public key (32) ‖ nonce (12) ‖ ciphertext.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from daiban_kernel.contracts.case import SealedContact

INFO = b"daiban contact v1"
_RAW = serialization.Encoding.Raw


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(shared: bytes, key_id: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=key_id.encode(),
                info=INFO).derive(shared)


def new_contact_keys() -> tuple[str, str]:
    """A fresh (private, public) key pair, base64url, for ``CONTACT_PRIVATE_KEY`` (notify) and
    ``CONTACT_PUBLIC_KEY`` (intake)."""
    private = X25519PrivateKey.generate()
    return (_b64(private.private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                       serialization.NoEncryption())),
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
