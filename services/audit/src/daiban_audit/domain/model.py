"""The ledger (台账): every event, in order, each entry sealed with the hash of the one before.

Changing, removing or reordering any entry breaks every hash after it, so ``verify`` finds it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class Recorded:
    """What happened, as the event said it."""

    event_id: str
    event_type: str
    source: str
    subject: str | None
    place: str | None
    occurred_at: datetime
    data: dict[str, Any]

    def canonical(self) -> bytes:
        """The bytes the hash covers: stable key order, no whitespace, UTC time."""
        return json.dumps(
            {"id": self.event_id, "type": self.event_type, "source": self.source,
             "subject": self.subject, "place": self.place,
             "time": self.occurred_at.isoformat(), "data": self.data},
            sort_keys=True, ensure_ascii=False, separators=(",", ":"),
        ).encode()


@dataclass(frozen=True)
class LedgerEntry:
    """One sealed entry of the ledger."""

    seq: int
    recorded: Recorded
    prev_hash: str
    hash: str


def seal(recorded: Recorded, *, seq: int, prev_hash: str) -> LedgerEntry:
    """The next entry after one whose hash is ``prev_hash``."""
    digest = hashlib.sha256(prev_hash.encode() + recorded.canonical()).hexdigest()
    return LedgerEntry(seq, recorded, prev_hash, digest)


def first_break(entries: Iterable[LedgerEntry], *, prev_hash: str = GENESIS) -> int | None:
    """The seq of the first entry whose seal does not hold, or None if the chain is intact."""
    for entry in entries:
        if entry.prev_hash != prev_hash or seal(entry.recorded, seq=entry.seq,
                                                prev_hash=prev_hash).hash != entry.hash:
            return entry.seq
        prev_hash = entry.hash
    return None
