"""ComplaintClockRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from daiban_sla.domain.complaint_clock import ComplaintClock
from daiban_sla.ports import UnitOfWork

FILED = datetime(2026, 3, 2, 2, tzinfo=UTC)
CLOCK = ComplaintClock(complaint_id="c0ffee01", place_code="110116111201",
                       case_number="110116-20260302-000001", filed_at=FILED, budget_days=5)


async def test_a_complaint_started_twice_keeps_its_first_filing(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        await uow.complaints.start(replace(CLOCK))
        await uow.complaints.start(replace(CLOCK, filed_at=datetime(2026, 3, 9, tzinfo=UTC),
                                           budget_days=9))
        await uow.commit()
    async with units() as uow:
        found = await uow.complaints.get(CLOCK.complaint_id)
        assert found is not None
        assert (found.place_code, found.case_number, found.filed_at, found.budget_days,
                found.answered_at) == (CLOCK.place_code, CLOCK.case_number, FILED, 5, None)
        assert await uow.complaints.get("c0ffee99") is None


async def test_an_answer_saved_is_kept_and_a_complaint_may_name_no_case(
    units: Callable[[], UnitOfWork],
) -> None:
    answered = datetime(2026, 3, 4, 8, tzinfo=UTC)
    async with units() as uow:
        await uow.complaints.start(replace(CLOCK, complaint_id="c0ffee02", case_number=None,
                                           place_code="110116"))
        await uow.commit()
    async with units() as uow:
        clock = await uow.complaints.get("c0ffee02", lock=True)
        assert clock is not None
        assert clock.answer(answered)
        await uow.complaints.save(clock)
        await uow.commit()
    async with units() as uow:
        again = await uow.complaints.get("c0ffee02")
        assert again is not None
        assert (again.case_number, again.place_code, again.answered_at) == (
            None, "110116", answered)


async def test_due_clocks_are_the_ones_whose_moment_came_earliest_first(
    units: Callable[[], UnitOfWork],
) -> None:
    deadline = datetime(2026, 3, 9, 15, 59, 59, 999_000, tzinfo=UTC)
    async with units() as uow:
        for n, due_at in enumerate((deadline + timedelta(days=1), deadline, None,
                                    deadline + timedelta(days=9))):
            await uow.complaints.start(replace(CLOCK, complaint_id=f"due-{n}", due_at=due_at))
        await uow.commit()
    async with units() as uow:
        due = await uow.complaints.due(deadline + timedelta(days=2), limit=5)
        assert [c.complaint_id for c in due] == ["due-1", "due-0"]
        assert [c.complaint_id for c in await uow.complaints.due(deadline, limit=5)] == ["due-1"]
        assert [c.complaint_id for c in
                await uow.complaints.due(deadline + timedelta(days=2), limit=1)] == ["due-1"]
        fired = due[0]
        fired.overdue_at, fired.due_at = deadline + timedelta(days=2), None
        await uow.complaints.save(fired)
        await uow.commit()
    async with units() as uow:
        again = await uow.complaints.get("due-1")
        assert again is not None
        assert (again.due_at, again.overdue_at) == (None, deadline + timedelta(days=2))
        assert [c.complaint_id for c in
                await uow.complaints.due(deadline + timedelta(days=2), limit=5)] == ["due-0"]
