"""The ledger's hash chain finds any change, removal or reordering of its entries."""

import dataclasses
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from daiban_audit.domain.model import GENESIS, LedgerEntry, Recorded, first_break, seal


def recorded(n: int) -> Recorded:
    return Recorded(f"e{n}", "case.submitted", "/daiban/intake", f"110116-20261125-{n:06d}",
                    "110116104201", datetime(2026, 11, 25, tzinfo=UTC), {"n": n})


def chain(length: int) -> list[LedgerEntry]:
    entries, prev = [], GENESIS
    for n in range(1, length + 1):
        entry = seal(recorded(n), seq=n, prev_hash=prev)
        entries.append(entry)
        prev = entry.hash
    return entries


def test_an_untouched_chain_verifies() -> None:
    assert first_break(chain(5)) is None


@given(st.integers(min_value=0, max_value=4))
def test_changing_an_entrys_data_breaks_the_chain_at_that_entry(index: int) -> None:
    entries = chain(5)
    entry = entries[index]
    forged = dataclasses.replace(entry.recorded, data={"n": "forged"})
    entries[index] = dataclasses.replace(entry, recorded=forged)
    assert first_break(entries) == entry.seq


@given(st.integers(min_value=0, max_value=3))
def test_removing_an_entry_breaks_the_chain_after_it(index: int) -> None:
    entries = chain(5)
    removed = entries.pop(index)
    assert first_break(entries) == removed.seq + 1


def test_swapping_two_entries_breaks_the_chain() -> None:
    entries = chain(5)
    entries[1], entries[2] = entries[2], entries[1]
    assert first_break(entries) == entries[1].seq


def test_resealing_a_forged_entry_still_breaks_the_next_one() -> None:
    entries = chain(3)
    forged = seal(dataclasses.replace(entries[1].recorded, data={}), seq=2,
                  prev_hash=entries[0].hash)
    entries[1] = forged
    assert first_break(entries) == 3
