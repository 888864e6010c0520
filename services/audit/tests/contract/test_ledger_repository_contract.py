"""LedgerRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from daiban_audit.domain import merkle
from daiban_audit.domain.entry import Recorded
from daiban_audit.domain.merkle import Subtree
from daiban_audit.ports import UnitOfWork

T0 = datetime(2026, 11, 25, 1, tzinfo=UTC)


def recorded(n: int, *, subject: str = "110116-20261125-000001", place: str = "110116104201",
             staff: str | None = None) -> Recorded:
    data: dict[str, object] = {"n": n, "flow_version": n, "at": T0.isoformat()}
    if staff:
        data["by"] = {"staff_id": staff, "role": "village_agent", "place": place, "name": "王芳"}
    return Recorded.of_event(event_id=f"e{n}", event_type="case.assigned",
                             source="/daiban/routing", subject=subject, place=place,
                             occurred_at=T0 + timedelta(hours=n), data=data)


async def test_appends_take_the_next_positions_and_read_back_as_sealed(
        units: Callable[[], UnitOfWork]) -> None:
    async with units() as uow:
        assert await uow.ledger.size() == 0
        first = await uow.ledger.append([recorded(1), recorded(2)])
        await uow.commit()
    async with units() as uow:
        [third] = await uow.ledger.append([recorded(3, staff="110116-0001")])
        await uow.commit()
    assert [e.seq for e in [*first, third]] == [1, 2, 3]
    async with units() as uow:
        assert await uow.ledger.size() == 3
        found = await uow.ledger.range(after=0, limit=10)
        assert found == [*first, third]
        assert all(e.holds() for e in found)
        assert await uow.ledger.entry(3) == third
        assert await uow.ledger.entry(4) is None
        assert await uow.ledger.entry_of_event("e2") == first[1]
        assert await uow.ledger.entry_of_event("nobody") is None
        assert await uow.ledger.leaf_hashes(2) == [e.leaf_hash for e in first]
        assert await uow.ledger.leaf_hashes(3, after=1) == [first[1].leaf_hash, third.leaf_hash]
        assert await uow.ledger.leaf_hashes(3, after=3) == []
        assert third.leaf_hash == merkle.leaf_hash(third.recorded.canonical(3))
        assert await uow.ledger.range(after=1, limit=1) == [first[1]]


async def test_views_by_subject_staff_and_place_over_a_period(
        units: Callable[[], UnitOfWork]) -> None:
    async with units() as uow:
        await uow.ledger.append([
            recorded(1, staff="110116-0001"),
            recorded(2, subject="110116-20261125-000002", place="110116105201",
                     staff="110116-0002"),
            recorded(3, staff="110116-0001"),
            recorded(4, place="110117104201", staff="110116-0001"),
        ])
        await uow.commit()
    since, until = T0, T0 + timedelta(hours=3, minutes=30)
    async with units() as uow:
        subject = await uow.ledger.of_subject("110116-20261125-000001", limit=10)
        assert [e.seq for e in subject] == [1, 3, 4]
        staff = await uow.ledger.of_staff("110116-0001", since=since, until=until, after=0,
                                          limit=10)
        assert [e.seq for e in staff] == [1, 3]
        assert staff[0].recorded.who.staff_name == "王芳"
        paged = await uow.ledger.of_staff("110116-0001", since=since, until=until, after=1,
                                          limit=10)
        assert [e.seq for e in paged] == [3]
        town = await uow.ledger.under_place("110116104", since=since, until=until, after=0,
                                            limit=10)
        assert [e.seq for e in town] == [1, 3]
        county = await uow.ledger.under_place("110116", since=since,
                                              until=until + timedelta(days=1), after=0, limit=2)
        assert [e.seq for e in county] == [1, 2]


async def test_appends_store_the_root_of_every_subtree_they_complete(
        units: Callable[[], UnitOfWork]) -> None:
    for batch in ([1], [2, 3], [4, 5, 6, 7, 8, 9], [10], [11, 12, 13]):
        async with units() as uow:
            await uow.ledger.append([recorded(n) for n in batch])
            await uow.commit()
    async with units() as uow:
        leaves = await uow.ledger.leaf_hashes(13)
        expected = list(merkle.complete_subtrees(leaves))
        assert await uow.ledger.stored_subtrees(after=None, limit=100) == expected
        assert await uow.ledger.stored_subtrees(after=None, limit=3) == expected[:3]
        assert await uow.ledger.stored_subtrees(after=expected[3][0], limit=100) == expected[4:]
        assert await uow.ledger.stored_subtrees(after=Subtree(3, 0), limit=100) == []
        wanted = {Subtree(0, 0), Subtree(0, 12), Subtree(2, 2), Subtree(3, 0), Subtree(1, 6),
                  Subtree(0, 13), Subtree(4, 0)}
        found = await uow.ledger.subtree_roots(wanted)
        assert found == {Subtree(0, 0): leaves[0], Subtree(0, 12): leaves[12],
                         Subtree(2, 2): merkle.root(leaves[8:12]),
                         Subtree(3, 0): merkle.root(leaves[:8])}
        assert await uow.ledger.subtree_roots(set()) == {}
