"""Checking the ledger: every entry against its leaf, the positions against gaps, and the tree
against the signed checkpoints. The first entry that does not hold is named.

An entry is bad when its leaf hash is not ``SHA-256(0x00 ‖ canonical entry)`` (its data, type,
time, place or position changed), when what is read from its data no longer matches its columns,
or when its position is not the next one (an entry before it was removed). Entries re-sealed with
new leaf hashes pass that check but change the tree: the first checkpoint whose root the
recomputed tree does not reproduce is named, with the range of positions it covers.

The stored roots of the complete subtrees, which proofs are made of, are checked against the
leaf hashes: the first one (by height, then index) changed, missing or not of this tree is named.
The roots are read after the entries, so those of entries appended meanwhile are passed over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

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
    bad_subtree: merkle.Subtree | None = None
    """The first stored subtree root that the leaf hashes do not reproduce."""

    @property
    def ok(self) -> bool:
        return (self.first_bad_seq is None and self.bad_checkpoint_size is None
                and self.bad_subtree is None)

    def with_subtrees(self, check: SubtreeCheck) -> Verdict:
        """This verdict, and the stored subtree the check found bad (its reason only when
        nothing else was found)."""
        found = check.finding()
        if found is None:
            return self
        subtree, reason = found
        return replace(self, bad_subtree=subtree, reason=self.reason if not self.ok else reason)


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


class SubtreeCheck:
    """Feed the stored subtree roots by height, then index (``add``), and ask for the first
    one the leaf hashes do not reproduce (``finding``).

    The roots are read after the leaves, so they may hold roots of entries appended in between:
    a root over entries beyond the leaves checked is set aside, and is a finding only when it
    ends beyond the ledger's size read after the roots (``grown_to``), entries it never held."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self._expected: Iterator[tuple[merkle.Subtree, bytes]] = merkle.complete_subtrees(leaves)
        self._next = next(self._expected, None)
        self._bad: tuple[merkle.Subtree, str] | None = None
        self._checked_size = len(leaves)
        self._ledger_size = len(leaves)
        self._beyond: list[merkle.Subtree] = []
        self.checked = 0

    def add(self, stored: Iterable[tuple[merkle.Subtree, bytes]]) -> None:
        for subtree, digest in stored:
            if self._bad is not None:
                return
            if subtree.end > self._checked_size:
                self._beyond.append(subtree)
            elif self._next is not None and self._next[0] < subtree:
                self._bad = (self._next[0], f"{_named(self._next[0])} is not stored")
            elif self._next is None or self._next[0] != subtree:
                self._bad = (subtree, _not_of_the_tree(subtree))
            elif self._next[1] != digest:
                self._bad = (subtree, f"{_named(subtree)} is not the root of their leaf hashes")
            else:
                self.checked += 1
                self._next = next(self._expected, None)

    def grown_to(self, size: int) -> None:
        """The ledger's size as read after the stored roots: a root set aside that ends within
        it is of entries appended while checking (not checked here)."""
        self._ledger_size = max(self._ledger_size, size)

    def finding(self) -> tuple[merkle.Subtree, str] | None:
        """The first bad subtree and why, or None when every stored root holds."""
        found = self._bad
        if found is None and self._next is not None:
            found = self._next[0], f"{_named(self._next[0])} is not stored"
        foreign = next((t for t in self._beyond if t.end > self._ledger_size), None)
        if foreign is not None and (found is None or foreign < found[0]):
            return foreign, _not_of_the_tree(foreign)
        return found


def _not_of_the_tree(subtree: merkle.Subtree) -> str:
    return f"{_named(subtree)} is stored, but the tree of the entries has no such complete subtree"


def _named(subtree: merkle.Subtree) -> str:
    return (f"the root of entries {subtree.start + 1}–{subtree.end} (subtree of height "
            f"{subtree.height}, index {subtree.idx})")
