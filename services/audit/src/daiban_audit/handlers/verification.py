"""Verifying the ledger: online, everything in the database; offline, an export against a
checkpoint with nothing but the public key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from daiban_audit.domain import merkle
from daiban_audit.domain.checkpoint import SignedCheckpoint, VerifierKey
from daiban_audit.domain.errors import MalformedCheckpoint, TreeSizeBeyondLog
from daiban_audit.domain.verification import LedgerCheck, SubtreeCheck, Verdict
from daiban_audit.handlers.export import read_export
from daiban_audit.handlers.subtrees import range_heads
from daiban_audit.ports import SignatureCheck, UnitOfWork

PAGE = 5000


@dataclass(frozen=True)
class VerifyLedger:
    """Recompute every leaf, every stored subtree root and every checkpoint's root, and check the
    checkpoints' signatures."""


def _signed_by(checkpoint: SignedCheckpoint, key: VerifierKey, check: SignatureCheck) -> bool:
    signature = checkpoint.signature_by(key)
    return signature is not None and check(key, checkpoint.checkpoint.text().encode(),
                                           signature.signature)


async def verify_ledger(_: VerifyLedger, uow: UnitOfWork, *, key: VerifierKey,
                        check: SignatureCheck) -> Verdict:
    """The first entry that does not hold, or a clean verdict."""
    found = LedgerCheck()
    async with uow:
        checkpoints = await uow.checkpoints.all()
        after = 0
        while page := await uow.ledger.range(after=after, limit=PAGE):
            found.add(page)
            after = page[-1].seq
        subtrees = SubtreeCheck(found.leaves)
        last: merkle.Subtree | None = None
        while stored := await uow.ledger.stored_subtrees(after=last, limit=PAGE):
            subtrees.add(stored)
            last = stored[-1][0]
        # read after the roots, so it counts the entries of every root read (each append
        # commits its roots with its new size)
        subtrees.grown_to(await uow.ledger.size())
    unsigned = next((c for c in checkpoints if not _signed_by(c, key, check)), None)
    verdict = found.verdict([c.checkpoint for c in checkpoints]).with_subtrees(subtrees)
    if unsigned is not None and verdict.ok:
        return Verdict(verdict.size, verdict.checkpoints, None,
                       f"the checkpoint of size {unsigned.checkpoint.size} is not signed by "
                       f"{key.name}", unsigned.checkpoint.size)
    return verdict


def verify_offline(lines: Iterable[str], note: str, key: VerifierKey,
                   check: SignatureCheck) -> Verdict:
    """Check an export against a signed checkpoint and the log's public key alone."""
    checkpoint = SignedCheckpoint.parse(note)
    if not _signed_by(checkpoint, key, check):
        raise MalformedCheckpoint(f"the checkpoint is not signed by {key.name}")
    found = LedgerCheck()
    found.add(read_export(lines))
    return found.verdict([checkpoint.checkpoint])


@dataclass(frozen=True)
class CheckCheckpoint:
    """A checkpoint someone holds (a signed note), to check against the log as it is now."""

    note: str


@dataclass(frozen=True)
class CheckpointFinding:
    """Whether the log's tree of that size has the held root, and the proof that the held tree
    is a prefix of the log's latest checkpoint."""

    size: int
    matches: bool
    latest_size: int
    proof: list[bytes]


async def check_checkpoint(query: CheckCheckpoint, uow: UnitOfWork, *, key: VerifierKey,
                           check: SignatureCheck) -> CheckpointFinding:
    """Parse and check a held checkpoint: MalformedCheckpoint if it is not one signed by the
    log's key, TreeSizeBeyondLog if it claims more entries than the log has."""
    held = SignedCheckpoint.parse(query.note)
    if not _signed_by(held, key, check):
        raise MalformedCheckpoint(f"the checkpoint is not signed by {key.name}")
    size = held.checkpoint.size
    async with uow:
        log_size = await uow.ledger.size()
        if size > log_size:
            raise TreeSizeBeyondLog("checkpoint", size, log_size)
        latest = await uow.checkpoints.latest()
        latest_size = latest.checkpoint.size if latest and latest.checkpoint.size >= size \
            else log_size
        root, *proof = await range_heads(
            uow.ledger, [(0, size), *merkle.consistency_ranges(size, latest_size)])
    return CheckpointFinding(size, root == held.checkpoint.root, latest_size, proof)
