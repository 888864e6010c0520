"""CalendarRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from daiban_kernel.contracts.calendar import CalendarSource, CalendarYearLoadedV1
from daiban_sla.domain.calendar_year import CalendarYear
from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement
from daiban_sla.ports import UnitOfWork

AT = datetime(2026, 11, 20, 1, tzinfo=UTC)
ARRANGEMENT = YearArrangement.checked(
    2031, holidays=[SpecialDay(date(2031, 1, 1), "元旦")],
    working_days=[SpecialDay(date(2031, 1, 4), "元旦")])


def event_types(committed: object) -> list[str]:
    """The types of what a commit queued (events in the fake, envelopes in Postgres)."""
    assert isinstance(committed, list)
    return [getattr(e, "type", None) or e.event_type for e in committed]


async def test_a_change_moves_the_version_on_at_commit_only(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        before = await uow.calendar.version()
    async with units() as uow:
        await uow.calendar.claim_change()  # left without commit
    async with units() as uow:
        assert await uow.calendar.version() == before
        await uow.calendar.claim_change()
        await uow.commit()
    async with units() as uow:
        assert await uow.calendar.version() == before + 1


async def test_a_loaded_year_is_read_back_with_its_days_and_its_event_is_committed(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        assert await uow.calendar.get(2031) is None
        await uow.calendar.add(CalendarYear.load(ARRANGEMENT, source=CalendarSource.ADMIN,
                                                 by="admin-1", at=AT))
        assert event_types(await uow.commit()) == [CalendarYearLoadedV1.event_type]
    async with units() as uow:
        year = await uow.calendar.get(2031)
        assert year is not None
        assert (year.arrangement, year.source, year.revision, year.loaded_by) == (
            ARRANGEMENT, CalendarSource.ADMIN, 1, "admin-1")
        years = [y.year for y in await uow.calendar.all()]
        assert years == sorted(years)
        assert years[-1] == 2031


async def test_a_replaced_year_keeps_only_its_new_days(units: Callable[[], UnitOfWork]) -> None:
    async with units() as uow:
        await uow.calendar.add(CalendarYear.load(ARRANGEMENT, source=CalendarSource.ADMIN,
                                                 by="admin-1", at=AT))
        await uow.commit()
    replacement = YearArrangement.checked(
        2031, holidays=[SpecialDay(date(2031, 1, 1), "元旦"), SpecialDay(date(2031, 1, 2), "元旦")],
        working_days=[])
    async with units() as uow:
        year = await uow.calendar.get(2031)
        assert year is not None
        assert year.offer(replacement, source=CalendarSource.ADMIN, by="admin-2", at=AT)
        await uow.calendar.save(year)
        assert event_types(await uow.commit()) == [CalendarYearLoadedV1.event_type]
    async with units() as uow:
        found = await uow.calendar.get(2031)
        assert found is not None
        assert (found.arrangement, found.revision, found.loaded_by) == (
            replacement, 2, "admin-2")
