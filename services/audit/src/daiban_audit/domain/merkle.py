"""The Merkle tree over the ledger's entries, hashed as RFC 6962 / RFC 9162 say.

``leaf = SHA-256(0x00 ‖ entry)``, ``node = SHA-256(0x01 ‖ left ‖ right)``; the tree of ``n``
leaves splits at the largest power of two below ``n``. Inclusion and consistency proofs are
built and checked by the algorithms of RFC 9162 §2.1.3 and §2.1.4, so any RFC 6962 client can
check them.

Every perfect subtree (``2**height`` leaves, starting at a multiple of ``2**height``) is stored
once it is complete, so a proof or a tree head needs no leaf but its own: every range of leaves
an RFC 6962 tree hashes is a run of O(log n) such subtrees (``subtrees``), and its hash is theirs
folded from the right (``range_root``). The functions taking ``leaves`` compute the same from
every leaf; they are the reference the stored subtrees are checked against.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    """The hash of one leaf."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


class Subtree(NamedTuple):
    """The perfect subtree of ``2**height`` leaves from leaf ``idx * 2**height`` (height 0: a
    leaf). Ordered by height, then index."""

    height: int
    idx: int

    @property
    def start(self) -> int:
        """Its first leaf (0-based)."""
        return self.idx << self.height

    @property
    def end(self) -> int:
        """One past its last leaf: the tree size at which it is complete."""
        return (self.idx + 1) << self.height


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """The tree head of these leaf hashes."""
    return _range_root(leaves, 0, len(leaves))


def _range_root(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    """The head of the tree of ``leaves[lo:hi]`` (no copy of the leaves)."""
    frontier = Frontier()
    frontier.extend(leaves[i] for i in range(lo, hi))
    return frontier.root()


class Frontier:
    """The right edge of a tree of ``size`` leaves: the roots of its complete subtrees, largest
    first (one per set bit of ``size``). Enough to extend the tree and to give its head without
    the leaves before."""

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves has {size.bit_count()} complete subtrees "
                             f"on its right edge, not {len(hashes)}")
        self.size = size
        heights = [b for b in range(size.bit_length() - 1, -1, -1) if size >> b & 1]
        self._stack: list[tuple[int, bytes]] = list(zip(heights, hashes, strict=True))

    @property
    def hashes(self) -> list[bytes]:
        return [h for _, h in self._stack]

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Append the leaves."""
        self._append(leaves, completed=None)

    def extend_completing(self, leaves: Iterable[bytes]) -> list[tuple[Subtree, bytes]]:
        """Append the leaves; the subtrees of height 1 and more they complete, in the order
        they are completed, with their roots (what an append stores)."""
        completed: list[tuple[Subtree, bytes]] = []
        self._append(leaves, completed=completed)
        return completed

    def _append(self, leaves: Iterable[bytes], *,
                completed: list[tuple[Subtree, bytes]] | None) -> None:
        """Append the leaves, each merged with the equal subtrees before it; the subtrees
        completed go into ``completed`` (None: a tree head only needs the edge)."""
        for leaf in leaves:
            height, digest = 0, leaf
            self.size += 1
            while self._stack and self._stack[-1][0] == height:
                _, left = self._stack.pop()
                height, digest = height + 1, node_hash(left, digest)
                if completed is not None:
                    completed.append((Subtree(height, (self.size >> height) - 1), digest))
            self._stack.append((height, digest))

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        digest = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            digest = node_hash(left, digest)
        return digest


def roots_at(leaves: Sequence[bytes], sizes: Iterable[int]) -> dict[int, bytes]:
    """The tree heads of the first ``size`` leaves for each size (at most ``len(leaves)``), in
    one pass over the leaves."""
    found: dict[int, bytes] = {}
    frontier = Frontier()
    for size in sorted(set(sizes)):
        frontier.extend(leaves[i] for i in range(frontier.size, size))
        found[size] = frontier.root()
    return found


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """The audit path of leaf ``index`` (0-based) in the tree of ``leaves`` (RFC 9162 PATH)."""
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    while hi - lo > 1:  # descend towards the leaf; each sibling subtree's root joins the path
        k = lo + _split(hi - lo)
        if index < k:
            path.append(_range_root(leaves, k, hi))
            hi = k
        else:
            path.append(_range_root(leaves, lo, k))
            lo = k
    return path[::-1]


def consistency_proof(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """The proof that the tree of the first ``m`` leaves is a prefix of the tree of all
    (RFC 9162 PROOF); empty when ``m`` is 0 or all of them."""
    if m == 0 or m == len(leaves):
        return []
    return _subproof(m, leaves, complete=True)


def _subproof(m: int, leaves: Sequence[bytes], *, complete: bool) -> list[bytes]:
    proof: list[bytes] = []
    lo, hi = 0, len(leaves)  # the subtree leaves[lo:hi]; m counts from lo
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(_range_root(leaves, lo + k, hi))
            hi = lo + k
        else:
            proof.append(_range_root(leaves, lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        proof.append(_range_root(leaves, lo, hi))
    return proof[::-1]


def subtrees(lo: int, hi: int) -> list[Subtree]:
    """The perfect subtrees that make up leaves ``[lo, hi)``, largest first: one per set bit of
    ``hi - lo``. ``lo`` is a multiple of a power of two at least ``hi - lo``, as every range an
    RFC 6962 tree hashes is (``[0, n)`` gives the tree's right edge)."""
    found: list[Subtree] = []
    while lo < hi:
        height = (hi - lo).bit_length() - 1
        if lo & ((1 << height) - 1):
            raise ValueError(f"leaves [{lo}, {hi}) are not a range of an RFC 6962 tree")
        found.append(Subtree(height, lo >> height))
        lo += 1 << height
    return found


def range_root(lo: int, hi: int, roots: Mapping[Subtree, bytes]) -> bytes:
    """The head of the tree of leaves ``[lo, hi)`` from the roots of its ``subtrees``."""
    parts = subtrees(lo, hi)
    if not parts:
        return EMPTY_ROOT
    digest = roots[parts[-1]]
    for part in reversed(parts[:-1]):
        digest = node_hash(roots[part], digest)
    return digest


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose heads make up the audit path of leaf ``index`` in the tree of
    ``size`` leaves, in the path's order (RFC 9162 PATH)."""
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = lo + _split(hi - lo)
        if index < k:
            ranges.append((k, hi))
            hi = k
        else:
            ranges.append((lo, k))
            lo = k
    return ranges[::-1]


def consistency_ranges(m: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose heads make up the proof that the tree of ``m`` leaves is a prefix
    of the tree of ``size``, in the proof's order (RFC 9162 PROOF); none when ``m`` is 0 or
    ``size``."""
    if m == 0 or m == size:
        return []
    ranges: list[tuple[int, int]] = []
    lo, hi, complete = 0, size, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        ranges.append((lo, hi))
    return ranges[::-1]


def subtrees_of(ranges: Iterable[tuple[int, int]]) -> set[Subtree]:
    """Every subtree whose root the heads of these ranges need."""
    return {s for lo, hi in ranges for s in subtrees(lo, hi)}


def complete_subtrees(leaves: Sequence[bytes]) -> Iterator[tuple[Subtree, bytes]]:
    """Every complete subtree of height 1 and more of the tree of ``leaves`` with its root,
    by height, then index (one height held at a time)."""
    level: Sequence[bytes] = leaves
    height = 0
    while len(level) > 1:
        height += 1
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        for index, digest in enumerate(level):
            yield Subtree(height, index), digest


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes],
                     expected_root: bytes) -> bool:
    """Whether ``proof`` shows ``leaf`` at ``index`` in the tree of ``size`` with this root
    (RFC 9162 §2.1.3.2)."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == expected_root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """Whether ``proof`` shows the tree of ``first`` leaves is a prefix of the tree of
    ``second`` (RFC 9162 §2.1.4.2)."""
    if first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first tree is a node of the second
        path = [first_root, *path]
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root
