"""Proofs and tree heads made of the stored roots of complete subtrees are the very proofs and
heads the leaves give (RFC 6962's, byte for byte), and need only O(log n) of those roots."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daiban_audit.domain import merkle
from daiban_audit.domain.merkle import Subtree
from daiban_audit.domain.verification import SubtreeCheck

MAX = 600


def leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(f"entry {i}".encode()) for i in range(n)]


def stored(tree: list[bytes], chunks: list[int]) -> dict[Subtree, bytes]:
    """What appends in these chunks store: the leaves and every subtree they complete."""
    roots = {Subtree(0, i): leaf for i, leaf in enumerate(tree)}
    frontier = merkle.Frontier()
    done = 0
    for chunk in [*chunks, len(tree)]:
        roots.update(frontier.extend_completing(tree[done:done + chunk]))
        done = min(done + chunk, len(tree))
    return roots


sizes = st.integers(min_value=1, max_value=MAX)
chunkings = st.lists(st.integers(min_value=1, max_value=70), max_size=12)


@given(sizes, chunkings, st.data())
def test_an_inclusion_proof_from_the_stored_subtrees_is_the_one_from_the_leaves(
        n: int, chunks: list[int], data: st.DataObject) -> None:
    tree = leaves(n)
    roots = stored(tree, chunks)
    size = data.draw(st.integers(min_value=1, max_value=n))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    ranges = merkle.inclusion_ranges(index, size)
    path = [merkle.range_root(lo, hi, roots) for lo, hi in ranges]
    assert path == merkle.inclusion_proof(index, tree[:size])
    assert merkle.range_root(0, size, roots) == merkle.root(tree[:size])
    assert len(merkle.subtrees_of([(0, size), *ranges])) <= 2 * size.bit_length()


@given(sizes, chunkings, st.data())
def test_a_consistency_proof_from_the_stored_subtrees_is_the_one_from_the_leaves(
        n: int, chunks: list[int], data: st.DataObject) -> None:
    tree = leaves(n)
    roots = stored(tree, chunks)
    second = data.draw(st.integers(min_value=0, max_value=n))
    first = data.draw(st.integers(min_value=0, max_value=second))
    proof = [merkle.range_root(lo, hi, roots)
             for lo, hi in merkle.consistency_ranges(first, second)]
    assert proof == merkle.consistency_proof(first, tree[:second])
    assert merkle.range_root(0, first, roots) == merkle.root(tree[:first])


@given(st.integers(min_value=0, max_value=2**40))
def test_a_tree_head_needs_one_stored_root_per_set_bit_of_its_size(size: int) -> None:
    edge = merkle.subtrees(0, size)
    assert len(edge) == size.bit_count()
    assert sum(1 << t.height for t in edge) == size
    assert all(a.end == b.start for a, b in pairwise(edge))


@given(st.integers(min_value=1, max_value=2**40), st.data())
def test_a_proof_in_a_huge_tree_reads_a_few_dozen_roots(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    first = data.draw(st.integers(min_value=0, max_value=size))
    inclusion = [(0, size), *merkle.inclusion_ranges(index, size)]
    consistency = [(0, first), (0, size), *merkle.consistency_ranges(first, size)]
    assert len(merkle.subtrees_of(inclusion)) <= 2 * size.bit_length()
    assert len(merkle.subtrees_of(consistency)) <= 3 * size.bit_length()


def test_a_range_no_rfc_6962_tree_hashes_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[1, 3\)"):
        merkle.subtrees(1, 3)


@given(st.integers(min_value=0, max_value=MAX), chunkings)
def test_appends_store_every_complete_subtree_once_whatever_the_chunks(
        n: int, chunks: list[int]) -> None:
    tree = leaves(n)
    completed: list[tuple[Subtree, bytes]] = []
    frontier, done = merkle.Frontier(), 0
    for chunk in [*chunks, n]:
        completed += frontier.extend_completing(tree[done:done + chunk])
        done = min(done + chunk, n)
    assert sorted(completed) == list(merkle.complete_subtrees(tree))
    assert len(completed) == n - n.bit_count()


def check(tree: list[bytes], roots: dict[Subtree, bytes]) -> tuple[Subtree, str] | None:
    found = SubtreeCheck(tree)
    ordered = sorted(roots.items())
    for page in range(0, len(ordered), 7):
        found.add(ordered[page:page + 7])
    return found.finding()


def inner(tree: list[bytes]) -> dict[Subtree, bytes]:
    return dict(merkle.complete_subtrees(tree))


def test_the_stored_subtrees_of_an_untouched_tree_hold() -> None:
    tree = leaves(45)
    assert check(tree, inner(tree)) is None
    assert check(leaves(1), {}) is None


@given(st.integers(min_value=2, max_value=200), st.data())
def test_a_changed_stored_root_is_named_with_the_entries_it_covers(n: int,
                                                                   data: st.DataObject) -> None:
    tree = leaves(n)
    roots = inner(tree)
    forged = data.draw(st.sampled_from(sorted(roots)))
    roots[forged] = merkle.leaf_hash(b"forged")
    found = check(tree, roots)
    assert found is not None
    assert found[0] == forged
    assert f"entries {forged.start + 1}–{forged.end} " in found[1]


def test_a_removed_or_a_foreign_stored_root_is_named() -> None:
    tree = leaves(12)
    roots = inner(tree)
    del roots[Subtree(2, 1)]
    assert check(tree, roots) == (Subtree(2, 1), "the root of entries 5–8 (subtree of height 2, "
                                                 "index 1) is not stored")
    roots = inner(tree)
    del roots[Subtree(3, 0)]  # the last one: nothing stored after it
    assert check(tree, roots) is not None
    roots = inner(tree) | {Subtree(3, 1): merkle.leaf_hash(b"not complete yet")}
    found = check(tree, roots)
    assert found is not None
    assert found[0] == Subtree(3, 1)
    assert "no such complete subtree" in found[1]
    roots = inner(tree) | {Subtree(9, 0): merkle.leaf_hash(b"above the tree")}
    assert check(tree, roots) is not None


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=200))
def test_the_roots_of_entries_appended_after_the_leaves_were_read_are_passed_over(
        read: int, appended: int) -> None:
    tree = leaves(read + appended)
    found = SubtreeCheck(tree[:read])  # the leaves read, then every root stored by then
    ordered = sorted(inner(tree).items())
    for page in range(0, len(ordered), 7):
        found.add(ordered[page:page + 7])
    found.grown_to(len(tree))
    assert found.finding() is None
    assert found.checked == read - read.bit_count()


def test_a_root_beyond_the_ledger_read_after_the_roots_is_still_named() -> None:
    tree = leaves(20)
    found = SubtreeCheck(tree[:12])
    found.add(sorted((inner(tree) | {Subtree(4, 1): merkle.leaf_hash(b"beyond")}).items()))
    found.grown_to(20)
    assert found.finding() == (Subtree(4, 1), "the root of entries 17–32 (subtree of height 4, "
                                              "index 1) is stored, but the tree of the entries "
                                              "has no such complete subtree")
