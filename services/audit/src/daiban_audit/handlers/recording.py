"""Audit's event handler: every event on the exchange goes into the ledger, and what the reports
need of it into their read model, in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from daiban_audit.domain.entry import LedgerEntry, Recorded
from daiban_audit.handlers.reports import keep_read_models
from daiban_audit.ports import UnitOfWork
from daiban_common.envelope import Envelope
from daiban_kernel.contracts.ledger import LedgerCheckpointV1

OWN_SOURCE = "/daiban/audit"


def recorded(envelope: Envelope) -> Recorded:
    """The ledger's view of an envelope."""
    return Recorded.of_event(event_id=envelope.id, event_type=envelope.type,
                             source=envelope.source, subject=envelope.subject,
                             place=envelope.placecode, occurred_at=envelope.time,
                             data=envelope.data)


async def record_event(envelope: Envelope, uow: UnitOfWork) -> None:
    """Append the event to the ledger as it was published. The ledger's own checkpoints are
    kept in their table, not appended (each would otherwise call for the next one)."""
    if envelope.type == LedgerCheckpointV1.event_type and envelope.source == OWN_SOURCE:
        return
    await uow.ledger.append([recorded(envelope)])
    await keep_read_models(envelope.type, envelope.data, envelope.time, uow)


@dataclass(frozen=True)
class RecordBatch:
    """Events to append in one transaction, in this order (imports, the benchmark)."""

    events: Sequence[Envelope]


async def record_batch(command: RecordBatch, uow: UnitOfWork) -> list[LedgerEntry]:
    """Append a batch of events with one insert and commit."""
    async with uow:
        entries = await uow.ledger.append([recorded(e) for e in command.events])
        for e in command.events:
            await keep_read_models(e.type, e.data, e.time, uow)
        await uow.commit()
    return entries
