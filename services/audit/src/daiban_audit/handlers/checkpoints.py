"""Checkpoints of the ledger's Merkle tree, and the proofs that hang from them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import timedelta

from daiban_audit.domain import merkle
from daiban_audit.domain.checkpoint import (
    Checkpoint,
    NoteSignature,
    SignedCheckpoint,
    verifier_key,
)
from daiban_audit.domain.errors import EntryNotFound, NoCheckpointYet, TreeSizeBeyondLog
from daiban_audit.handlers.subtrees import range_heads
from daiban_audit.ports import CheckpointSigner, UnitOfWork
from daiban_kernel.clock import Clock
from daiban_kernel.contracts.ledger import LedgerCheckpointV1
from daiban_kernel.errors import FieldProblem, InvalidInput


@dataclass(frozen=True)
class IssueCheckpoint:
    """Checkpoint the tree when ``every_entries`` entries came since the last checkpoint, or
    ``every_seconds`` passed and any entry came."""

    every_entries: int
    every_seconds: float
    force: bool = False


async def issue_checkpoint(command: IssueCheckpoint, uow: UnitOfWork, *, signer: CheckpointSigner,
                           origin: str, clock: Clock) -> SignedCheckpoint | None:
    """Sign and store a checkpoint of the tree as it is, and publish it; None when not due."""
    now = clock()
    async with uow:
        size = await uow.ledger.size()
        if size == 0:
            return None
        last = await uow.checkpoints.latest()
        if last is not None:
            grown = size - last.checkpoint.size
            due = grown >= command.every_entries or (
                grown > 0 and now - last.checkpoint.time >= timedelta(
                    seconds=command.every_seconds))
            if grown <= 0 or not (due or command.force):
                return None
        edge = merkle.subtrees(0, size)
        [root, *frontier] = await range_heads(uow.ledger, [(0, size)] + [
            (t.start, t.end) for t in edge])
        checkpoint = Checkpoint(origin, size, root, now)
        key = signer.key
        signed = SignedCheckpoint(checkpoint, (NoteSignature(
            key.name, key.id, signer.sign(checkpoint.text().encode())),))
        if not await uow.checkpoints.add(signed, frontier):
            return None
        uow.emit(LedgerCheckpointV1(
            origin=origin, tree_size=size, root_hash=base64.b64encode(checkpoint.root).decode(),
            time=now, note=signed.note(), verifier_key=_verifier(signer)))
        await uow.commit()
    return signed


def _verifier(signer: CheckpointSigner) -> str:
    return verifier_key(signer.key.name, signer.key.public_key)


@dataclass(frozen=True)
class LatestCheckpoint:
    """The checkpoint of the largest tree."""


async def latest_checkpoint(_: LatestCheckpoint, uow: UnitOfWork) -> SignedCheckpoint:
    """The latest signed checkpoint; NoCheckpointYet before the first."""
    async with uow:
        found = await uow.checkpoints.latest()
    if found is None:
        raise NoCheckpointYet("the ledger has not been checkpointed yet")
    return found


@dataclass(frozen=True)
class InclusionOf:
    """The proof that an entry (by position or event id) is in the tree of ``size`` entries
    (default: the latest checkpoint's)."""

    seq: int | None = None
    event_id: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class InclusionProof:
    seq: int
    size: int
    leaf_hash: bytes
    path: list[bytes]
    root: bytes


async def inclusion_proof(query: InclusionOf, uow: UnitOfWork) -> InclusionProof:
    """An RFC 9162 inclusion proof of the entry in the tree of the asked size."""
    async with uow:
        entry = (await uow.ledger.entry(query.seq) if query.seq is not None
                 else await uow.ledger.entry_of_event(query.event_id or ""))
        if entry is None:
            raise EntryNotFound(f"no ledger entry {query.seq or query.event_id}")
        size = query.size
        if size is None:
            latest = await uow.checkpoints.latest()
            size = latest.checkpoint.size if latest else await uow.ledger.size()
        log_size = await uow.ledger.size()
        if size > log_size:
            raise TreeSizeBeyondLog("size", size, log_size)
        if entry.seq > size:
            raise InvalidInput(FieldProblem("size", f"the tree of {size} entries does not hold "
                                                    f"entry {entry.seq}"))
        [root, *path] = await range_heads(
            uow.ledger, [(0, size), *merkle.inclusion_ranges(entry.seq - 1, size)])
    return InclusionProof(entry.seq, size, entry.leaf_hash, path, root)


@dataclass(frozen=True)
class ConsistencyBetween:
    """The proof that the tree of ``first`` entries is a prefix of the tree of ``second``."""

    first: int
    second: int


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    first_root: bytes
    second_root: bytes
    path: list[bytes]


async def consistency_proof(query: ConsistencyBetween, uow: UnitOfWork) -> ConsistencyProof:
    """An RFC 9162 consistency proof between two tree sizes."""
    async with uow:
        log_size = await uow.ledger.size()
        if query.second > log_size:
            raise TreeSizeBeyondLog("second", query.second, log_size)
        if query.first > query.second:
            raise TreeSizeBeyondLog("first", query.first, query.second)
        first_root, second_root, *path = await range_heads(uow.ledger, [
            (0, query.first), (0, query.second),
            *merkle.consistency_ranges(query.first, query.second)])
    return ConsistencyProof(query.first, query.second, first_root, second_root, path)
