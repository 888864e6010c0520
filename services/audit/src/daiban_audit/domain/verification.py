"""Checking the ledger: every entry against its leaf, the positions against gaps, and the tree
against the signed checkpoints. The first entry that does not hold is named.

An entry is bad when its leaf hash is not ``SHA-256(0x00 ‖ canonical entry)`` (its data, type,
time, place or position changed), when what is read from its data no longer matches its columns,
or when its position is not the next one (an entry before it was removed). Entries re-sealed with
new leaf hashes pass that check but change the tree: the first checkpoint whose root the
recomputed tree does not reproduce is named, with the range of positions it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from daiban_audit.domain import merkle
from daiban_audit.domain.checkpoint import Checkpoint
from daiban_audit.domain.entry import LedgerEntry


@dataclass(frozen=True)
class Verdict:
    """What a check found: ``ok``, or the first bad entry (and/or checkpoint) and why."""

    size: int
    """Entries checked."""
    checkpoints: int
    """Checkpoints whose root the entries reproduce."""
    first_bad_seq: int | None = None
    reason: str | None = None
    bad_checkpoint_size: int | None = None

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and self.bad_checkpoint_size is None


class LedgerCheck:
    """Feed entries in position order (``add``), then ask for the ``verdict`` against the
    checkpoints; keeps only the leaf hashes."""

    def __init__(self) -> None:
        self.leaves: list[bytes] = []
        self._next = 1
        self._bad: tuple[int, str] | None = None

    def add(self, entries: Iterable[LedgerEntry]) -> None:
        for entry in entries:
            if self._bad is None:
                if entry.seq != self._next:
                    self._bad = (self._next, f"entry {self._next} is missing (the next entry "
                                             f"found is {entry.seq})"
                                 if entry.seq > self._next else
                                 f"entry {entry.seq} appears again after {self._next - 1}")
                elif not entry.holds():
                    self._bad = (entry.seq, f"entry {entry.seq} does not match its leaf hash "
                                            "or its columns")
            self.leaves.append(entry.leaf_hash)
            self._next = max(self._next, entry.seq) + 1

    def verdict(self, checkpoints: Sequence[Checkpoint]) -> Verdict:
        """The finding, the checkpoints taken smallest first."""
        good = 0
        roots = merkle.roots_at(self.leaves, (c.size for c in checkpoints
                                              if c.size <= len(self.leaves)))
        for checkpoint in sorted(checkpoints, key=lambda c: c.size):
            if checkpoint.size > len(self.leaves):
                return self._found(good, checkpoint, f"the checkpoint of size {checkpoint.size} "
                                   f"commits to more entries than the {len(self.leaves)} found")
            if roots[checkpoint.size] != checkpoint.root:
                return self._found(good, checkpoint, "the entries do not reproduce the root of "
                                   f"the checkpoint of size {checkpoint.size}", earlier=True)
            good += 1
        if self._bad is not None:
            return Verdict(len(self.leaves), good, self._bad[0], self._bad[1])
        return Verdict(len(self.leaves), good)

    def _found(self, good: int, checkpoint: Checkpoint, reason: str, *,
               earlier: bool = False) -> Verdict:
        if self._bad is not None and (not earlier or self._bad[0] <= checkpoint.size):
            return Verdict(len(self.leaves), good, self._bad[0], self._bad[1], checkpoint.size)
        return Verdict(len(self.leaves), good, None, reason, checkpoint.size)
