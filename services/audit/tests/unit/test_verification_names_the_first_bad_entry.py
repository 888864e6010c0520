"""Verification recomputes every leaf and the checkpoints' roots and names the first entry that
does not hold: a changed entry, a removed one, a swapped pair, a re-sealed one."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from daiban_audit.domain import merkle
from daiban_audit.domain.checkpoint import Checkpoint
from daiban_audit.domain.entry import LedgerEntry, Recorded
from daiban_audit.domain.verification import LedgerCheck, Verdict

AT = datetime(2026, 11, 25, tzinfo=UTC)


def recorded(n: int) -> Recorded:
    return Recorded.of_event(event_id=f"e{n}", event_type="case.submitted",
                             source="/daiban/intake", subject=f"110116-20261125-{n:06d}",
                             place="110116104201", occurred_at=AT, data={"n": n})


def ledger(length: int) -> list[LedgerEntry]:
    return [LedgerEntry.sealed(recorded(n), seq=n) for n in range(1, length + 1)]


def checked(entries: list[LedgerEntry], *checkpoints: Checkpoint) -> Verdict:
    check = LedgerCheck()
    check.add(entries)
    return check.verdict(list(checkpoints))


def checkpoint_of(entries: list[LedgerEntry]) -> Checkpoint:
    return Checkpoint("o", len(entries), merkle.root([e.leaf_hash for e in entries]), AT)


def test_an_untouched_ledger_verifies_against_its_checkpoint() -> None:
    entries = ledger(6)
    verdict = checked(entries, checkpoint_of(entries))
    assert verdict.ok
    assert verdict.size == 6
    assert verdict.checkpoints == 1


@given(st.integers(min_value=0, max_value=5))
def test_a_changed_entry_is_named(index: int) -> None:
    entries = ledger(6)
    forged = dataclasses.replace(entries[index].recorded, data={"n": "forged"})
    entries[index] = dataclasses.replace(entries[index], recorded=forged)
    assert checked(entries).first_bad_seq == index + 1


def test_a_column_changed_beside_the_data_is_named() -> None:
    entries = ledger(4)
    moved = dataclasses.replace(entries[2].recorded, flow_version=99)
    entries[2] = dataclasses.replace(entries[2], recorded=moved)
    assert checked(entries).first_bad_seq == 3


@given(st.integers(min_value=0, max_value=4))
def test_a_removed_entry_is_named(index: int) -> None:
    entries = ledger(6)
    entries.pop(index)
    verdict = checked(entries)
    assert verdict.first_bad_seq == index + 1
    assert "missing" in (verdict.reason or "")


def test_a_swapped_pair_is_named_at_the_first_of_the_two() -> None:
    entries = ledger(5)
    a, b = entries[1], entries[2]
    entries[1] = dataclasses.replace(b, seq=2)
    entries[2] = dataclasses.replace(a, seq=3)
    assert checked(entries).first_bad_seq == 2


def test_entries_resealed_after_a_change_still_fail_the_signed_root() -> None:
    entries = ledger(5)
    checkpoint = checkpoint_of(entries)
    entries[3] = LedgerEntry.sealed(dataclasses.replace(entries[3].recorded, data={}), seq=4)
    verdict = checked(entries, checkpoint)
    assert not verdict.ok
    assert verdict.first_bad_seq is None
    assert verdict.bad_checkpoint_size == 5


def test_a_checkpoint_larger_than_the_entries_found_fails() -> None:
    entries = ledger(5)
    checkpoint = checkpoint_of(entries)
    assert checked(entries[:4], checkpoint).bad_checkpoint_size == 5
