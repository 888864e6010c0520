"""The heads of ranges of the ledger's tree, read from the stored subtree roots: O(log n) hashes
for a proof or a tree head, whatever the size of the log."""

from __future__ import annotations

from collections.abc import Sequence

from daiban_audit.domain import merkle
from daiban_audit.ports import LedgerRepository


async def range_heads(ledger: LedgerRepository, ranges: Sequence[tuple[int, int]]
                      ) -> list[bytes]:
    """The head of each leaf range ``[lo, hi)``, in the given order, from one read of the
    stored roots of their subtrees (a root not stored, from the subtree's leaves)."""
    wanted = merkle.subtrees_of(ranges)
    roots = await ledger.subtree_roots(wanted)
    for missing in wanted - roots.keys():
        roots[missing] = merkle.root(await ledger.leaf_hashes(missing.end, after=missing.start))
    return [merkle.range_root(lo, hi, roots) for lo, hi in ranges]
