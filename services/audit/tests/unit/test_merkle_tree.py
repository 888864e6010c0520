"""The tree hashes as RFC 6962 says, and its proofs check for every size and index."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from daiban_audit.domain import merkle


def leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(f"entry {i}".encode()) for i in range(n)]


def test_hashing_is_rfc_6962s_with_domain_separation() -> None:
    a, b = merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")
    assert a == hashlib.sha256(b"\x00a").digest()
    assert merkle.root([a, b]) == hashlib.sha256(b"\x01" + a + b).digest()
    assert merkle.root([]) == hashlib.sha256(b"").digest()
    # three leaves split 2 + 1: the lone right leaf is not paired with itself
    c = merkle.leaf_hash(b"c")
    assert merkle.root([a, b, c]) == merkle.node_hash(merkle.node_hash(a, b), c)


def test_the_empty_string_leaf_matches_the_rfc_6962_test_vector() -> None:
    # the hash of the empty leaf in the certificate-transparency reference tests
    assert merkle.leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")


@given(st.integers(min_value=1, max_value=40), st.data())
def test_every_inclusion_proof_checks_and_a_wrong_leaf_does_not(n: int, data: st.DataObject
                                                                 ) -> None:
    tree = leaves(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    proof = merkle.inclusion_proof(index, tree)
    root = merkle.root(tree)
    assert merkle.verify_inclusion(index, n, tree[index], proof, root)
    assert not merkle.verify_inclusion(index, n, merkle.leaf_hash(b"forged"), proof, root)
    if n > 1:
        assert not merkle.verify_inclusion((index + 1) % n, n, tree[index], proof, root)


@given(st.integers(min_value=1, max_value=40), st.data())
def test_every_consistency_proof_checks_and_a_rewritten_prefix_does_not(
        n: int, data: st.DataObject) -> None:
    tree = leaves(n)
    m = data.draw(st.integers(min_value=1, max_value=n))
    proof = merkle.consistency_proof(m, tree)
    assert merkle.verify_consistency(m, n, merkle.root(tree[:m]), merkle.root(tree), proof)
    rewritten = [merkle.leaf_hash(b"rewritten"), *tree[1:]]
    if m < n:
        assert not merkle.verify_consistency(m, n, merkle.root(rewritten[:m]),
                                             merkle.root(tree), proof)


@given(st.integers(min_value=0, max_value=40), st.lists(st.integers(min_value=0, max_value=40)))
def test_the_roots_at_many_sizes_in_one_pass_are_the_roots_of_each_prefix(
        n: int, sizes: list[int]) -> None:
    tree = leaves(n)
    kept = [s for s in sizes if s <= n]
    assert merkle.roots_at(tree, kept) == {s: merkle.root(tree[:s]) for s in kept}


@given(st.lists(st.integers(min_value=0, max_value=9), max_size=8))
def test_a_frontier_extended_chunk_by_chunk_gives_the_trees_head(chunks: list[int]) -> None:
    tree = leaves(sum(chunks))
    frontier = merkle.Frontier()
    done = 0
    for chunk in chunks:
        frontier.extend(tree[done:done + chunk])
        done += chunk
        assert frontier.root() == merkle.root(tree[:done])
        again = merkle.Frontier(done, frontier.hashes)  # as stored with a checkpoint
        assert again.root() == frontier.root()
