"""Ed25519 signing of checkpoints with ``cryptography``: the key from the settings, or in
development a key file created on first use (refused in production)."""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from daiban_audit.domain.checkpoint import VerifierKey
from daiban_audit.domain.errors import SigningKeyRequired
from daiban_audit.settings import AuditSettings

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class Ed25519CheckpointSigner:
    """Signs checkpoint notes under the log's key name."""

    def __init__(self, private_key: Ed25519PrivateKey, name: str) -> None:
        self._private = private_key
        self.key = VerifierKey(name, private_key.public_key().public_bytes(*_RAW))

    def sign(self, text: bytes) -> bytes:
        return self._private.sign(text)

    @classmethod
    def from_settings(cls, settings: AuditSettings) -> Ed25519CheckpointSigner:
        """The configured key (base64 of the 32-byte seed); the development key file otherwise,
        created on first use; SigningKeyRequired in production without a key."""
        configured = settings.ledger_signing_key
        if configured is not None:
            try:
                seed = base64.b64decode(configured.get_secret_value(), validate=True)
                return cls(Ed25519PrivateKey.from_private_bytes(seed), settings.ledger_origin)
            except (binascii.Error, ValueError) as exc:
                raise SigningKeyRequired("LEDGER_SIGNING_KEY is not the base64 of a 32-byte "
                                         "Ed25519 seed") from exc
        if settings.environment == "production":
            raise SigningKeyRequired("set LEDGER_SIGNING_KEY: the development key is refused "
                                     "in production")
        path = settings.ledger_dev_key_file
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process created it first: use theirs
            else:
                with os.fdopen(fd, "wb") as out:
                    out.write(pem)
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise SigningKeyRequired(f"{path} does not hold an Ed25519 key")
        return cls(loaded, settings.ledger_origin)


def ed25519_signature_check(key: VerifierKey, text: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the key's Ed25519 signature of ``text``."""
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, text)
    except (InvalidSignature, ValueError):
        return False
    return True
