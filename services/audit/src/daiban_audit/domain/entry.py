"""A ledger entry (台账条目): one event as it was published, at its place in the log.

The entry's leaf in the Merkle tree is ``SHA-256(0x00 ‖ canonical)``, where ``canonical`` is the
RFC 8785 (JSON Canonicalization Scheme) form of::

    {"seq": <1-based position>, "id": <event id>, "type": <event type>, "source": <source>,
     "subject": <subject or null>, "place": <place code or null>,
     "time": <event time, ISO 8601 in UTC>, "data": <the event's data>}

The position is part of what is sealed, so an entry moved to another place no longer matches its
leaf. Who, what, when and where (staff, station, flow version) are read from the data again on
every check, so a column changed beside the data is found too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import rfc8785

from daiban_audit.domain import merkle


@dataclass(frozen=True)
class Who:
    """The acting staff member an event names (``by``, else ``assignee``, else ``actor``, else
    the first ``…_by`` that names a staff member), and the station."""

    staff_id: str | None = None
    staff_name: str | None = None
    station_code: str | None = None

    @classmethod
    def named_in(cls, data: dict[str, Any]) -> Who:
        """The person and station an event's data names, if any."""
        named = [k for k in ("by", "assignee", "actor") if k in data] + sorted(
            k for k in data if k.endswith("_by"))
        person = next((data[k] for k in named if isinstance(data[k], dict)
                       and isinstance(data[k].get("staff_id"), str)), None) or {}
        station = data.get("station_code")
        return cls(staff_id=_text(person.get("staff_id")), staff_name=_text(person.get("name")),
                   station_code=_text(station))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _flow_version(data: dict[str, Any]) -> int | None:
    value = data.get("flow_version")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _happened_at(data: dict[str, Any], published: datetime) -> datetime:
    """The time the source gives the change (``at``), else the envelope's time."""
    value = data.get("at")
    if isinstance(value, str):
        try:
            found = datetime.fromisoformat(value)
        except ValueError:
            return published
        return found if found.tzinfo else found.replace(tzinfo=UTC)
    return published


@dataclass(frozen=True)
class Recorded:
    """What happened, as the event said it, and what the ledger reads from it."""

    event_id: str
    event_type: str
    source: str
    subject: str | None
    place: str | None
    occurred_at: datetime
    data: dict[str, Any]
    flow_version: int | None = None
    """The source's own order of the subject's changes (routing's ``flow_version``)."""
    happened_at: datetime | None = None
    """When the change happened by the source's account (``at``), else the event time."""
    who: Who = field(default_factory=Who)

    @classmethod
    def of_event(cls, *, event_id: str, event_type: str, source: str, subject: str | None,
                 place: str | None, occurred_at: datetime, data: dict[str, Any]) -> Recorded:
        """An event as published, with its order and its who/what/when/where read from it."""
        return cls(event_id, event_type, source, subject, place, occurred_at, data,
                   flow_version=_flow_version(data),
                   happened_at=_happened_at(data, occurred_at), who=Who.named_in(data))

    def rederived(self) -> Recorded:
        """The same event with everything read from it read again."""
        return Recorded.of_event(event_id=self.event_id, event_type=self.event_type,
                                 source=self.source, subject=self.subject, place=self.place,
                                 occurred_at=self.occurred_at, data=self.data)

    def canonical(self, seq: int) -> bytes:
        """The bytes the entry's leaf covers (RFC 8785), at position ``seq``."""
        return rfc8785.dumps({
            "seq": seq, "id": self.event_id, "type": self.event_type, "source": self.source,
            "subject": self.subject, "place": self.place,
            "time": self.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "data": self.data,
        })


@dataclass(frozen=True)
class LedgerEntry:
    """One entry of the ledger: its 1-based position, the event, and its stored leaf hash."""

    seq: int
    recorded: Recorded
    leaf_hash: bytes

    @classmethod
    def sealed(cls, recorded: Recorded, *, seq: int) -> LedgerEntry:
        """The entry at position ``seq``, its leaf hash computed."""
        return cls(seq, recorded, merkle.leaf_hash(recorded.canonical(seq)))

    def holds(self) -> bool:
        """Whether the stored leaf hash and everything read from the event still match it."""
        return (merkle.leaf_hash(self.recorded.canonical(self.seq)) == self.leaf_hash
                and self.recorded.rederived() == self.recorded)
