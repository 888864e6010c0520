"""Audit's event handler: every event on the exchange goes into the ledger."""

from __future__ import annotations

from typing import Protocol

from daiban_audit.domain.model import LedgerEntry, Recorded
from daiban_common.envelope import Envelope


class LedgerPort(Protocol):
    async def append(self, recorded: Recorded) -> LedgerEntry: ...


class UnitOfWork(Protocol):
    @property
    def ledger(self) -> LedgerPort: ...


async def record_event(envelope: Envelope, uow: UnitOfWork) -> None:
    """Append the event to the ledger as it was published."""
    await uow.ledger.append(Recorded(
        event_id=envelope.id, event_type=envelope.type, source=envelope.source,
        subject=envelope.subject, place=envelope.placecode, occurred_at=envelope.time,
        data=envelope.data,
    ))
