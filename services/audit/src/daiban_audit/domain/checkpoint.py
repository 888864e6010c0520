"""A checkpoint: the tree's size and root at a moment, as a C2SP signed note (tlog-checkpoint).

The note's text is three lines and one extension line::

    <origin>
    <tree size, decimal>
    <root hash, standard base64>
    time <the moment, ISO 8601 UTC>

then a blank line and one signature line per key: ``— <key name> <base64(key ID ‖ signature)>``,
the key ID being ``SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ Ed25519 public key)[:4]`` and the signature
Ed25519 over the note text (its final newline included). The verifier key is written
``<name>+<key ID, 8 hex digits>+<base64(0x01 ‖ public key)>`` as Go's ``sumdb/note`` reads it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from daiban_audit.domain.errors import MalformedCheckpoint, MalformedVerifierKey

DASH = "\u2014"
ED25519 = b"\x01"
_NAME = re.compile(r"[^\s+]+")
_SIZE = re.compile(r"0|[1-9][0-9]{0,18}")


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key ID of an Ed25519 key under ``name``."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes) -> str:
    """The key as a note verifier reads it: ``name+hex(key ID)+base64(0x01 ‖ key)``."""
    return (f"{name}+{key_id(name, public_key).hex()}+"
            f"{base64.b64encode(ED25519 + public_key).decode()}")


@dataclass(frozen=True)
class VerifierKey:
    """A public key and the name it signs under."""

    name: str
    public_key: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.public_key)

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        """Read ``name+hex(key ID)+base64(0x01 ‖ key)``; MalformedVerifierKey if it is not."""
        parts = text.strip().split("+", 2)
        if len(parts) != 3 or not _NAME.fullmatch(parts[0]):
            raise MalformedVerifierKey("a verifier key is name+keyid+base64key")
        try:
            raw = base64.b64decode(parts[2], validate=True)
            wanted = bytes.fromhex(parts[1])
        except (binascii.Error, ValueError) as exc:
            raise MalformedVerifierKey(f"not base64 or hex: {exc}") from exc
        if len(raw) != 33 or raw[:1] != ED25519:
            raise MalformedVerifierKey("the key is not an Ed25519 key (0x01 and 32 bytes)")
        key = cls(parts[0], raw[1:])
        if key.id != wanted:
            raise MalformedVerifierKey("the key ID does not belong to this name and key")
        return key


@dataclass(frozen=True)
class Checkpoint:
    """What the log commits to: its size and root hash at a moment."""

    origin: str
    size: int
    root: bytes
    time: datetime

    def text(self) -> str:
        """The note text the signatures cover."""
        moment = self.time.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return (f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"
                f"time {moment}\n")


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: the key's name, its ID and the signature."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        return f"{DASH} {self.name} {base64.b64encode(self.key_id + self.signature).decode()}\n"


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint with its signatures: the note as published."""

    checkpoint: Checkpoint
    signatures: tuple[NoteSignature, ...]

    def note(self) -> str:
        """The whole signed note."""
        return self.checkpoint.text() + "\n" + "".join(s.line() for s in self.signatures)

    def signature_by(self, key: VerifierKey) -> NoteSignature | None:
        """The signature made with this key (same name and key ID), if any."""
        return next((s for s in self.signatures if s.name == key.name and s.key_id == key.id),
                    None)

    @classmethod
    def parse(cls, note: str) -> SignedCheckpoint:
        """Read a signed note; MalformedCheckpoint naming what is wrong if it is not one."""
        if any(ord(c) < 0x20 and c != "\n" for c in note):
            raise MalformedCheckpoint("a note holds no control characters other than newline")
        text, sep, signed = note.rpartition("\n\n")
        if not sep or not text:
            raise MalformedCheckpoint("a note is text, a blank line, then signature lines")
        lines = text.split("\n")
        if len(lines) < 3:
            raise MalformedCheckpoint("a checkpoint begins with origin, tree size and root hash")
        origin, size, root = lines[:3]
        if not origin:
            raise MalformedCheckpoint("the origin line is empty")
        if not _SIZE.fullmatch(size):
            raise MalformedCheckpoint("the tree size is not a decimal number")
        try:
            root_hash = base64.b64decode(root, validate=True)
        except binascii.Error as exc:
            raise MalformedCheckpoint("the root hash is not base64") from exc
        if len(root_hash) != 32:
            raise MalformedCheckpoint("the root hash is not 32 bytes")
        moment = _time(lines[3:])
        signatures = tuple(_signature(line) for line in signed.split("\n") if line)
        if not signatures or not signed.endswith("\n"):
            raise MalformedCheckpoint("a note has at least one signature line, each ending "
                                      "in a newline")
        found = cls(Checkpoint(origin, int(size), root_hash, moment), signatures)
        if found.checkpoint.text() != text + "\n":
            raise MalformedCheckpoint("the text is not one this ledger writes")
        return found


def _time(extensions: list[str]) -> datetime:
    line = next((e for e in extensions if e.startswith("time ")), None)
    if line is None:
        raise MalformedCheckpoint("the checkpoint has no time line")
    try:
        moment = datetime.fromisoformat(line.removeprefix("time "))
    except ValueError as exc:
        raise MalformedCheckpoint("the time line is not an ISO 8601 moment") from exc
    if moment.tzinfo is None:
        raise MalformedCheckpoint("the time line has no time zone")
    return moment


def _signature(line: str) -> NoteSignature:
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != DASH or not _NAME.fullmatch(parts[1]):
        raise MalformedCheckpoint("a signature line is: em dash, key name, base64 signature")
    try:
        raw = base64.b64decode(parts[2], validate=True)
    except binascii.Error as exc:
        raise MalformedCheckpoint("a signature is not base64") from exc
    if len(raw) < 5:
        raise MalformedCheckpoint("a signature is a key ID and the signature bytes")
    return NoteSignature(parts[1], raw[:4], raw[4:])
