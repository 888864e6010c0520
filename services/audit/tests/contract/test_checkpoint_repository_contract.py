"""CheckpointRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from daiban_audit.domain.checkpoint import Checkpoint, NoteSignature, SignedCheckpoint
from daiban_audit.ports import UnitOfWork

AT = datetime(2026, 11, 25, 1, tzinfo=UTC)


def signed(size: int) -> SignedCheckpoint:
    return SignedCheckpoint(Checkpoint("daiban.local/ledger", size, bytes([size]) * 32, AT),
                            (NoteSignature("daiban.local/ledger", b"\x01\x02\x03\x04",
                                           b"s" * 64),))


async def test_checkpoints_are_kept_once_per_size_and_read_back_as_signed(
        units: Callable[[], UnitOfWork]) -> None:
    async with units() as uow:
        assert await uow.checkpoints.latest() is None
        assert await uow.checkpoints.add(signed(5), [b"a" * 32, b"b" * 32])
        assert await uow.checkpoints.add(signed(2), [b"c" * 32])
        await uow.commit()
    async with units() as uow:
        assert not await uow.checkpoints.add(signed(5), [])
        assert await uow.checkpoints.latest() == signed(5)
        assert await uow.checkpoints.all() == [signed(2), signed(5)]
