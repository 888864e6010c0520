"""Loading years: by an administrator, from the package, and each process's copy of the calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from daiban_kernel.contracts.calendar import CalendarSource, CalendarYearLoadedV1
from daiban_kernel.errors import InvalidInput
from daiban_sla.adapters.statutory_holidays import HolidaysPackage
from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement
from daiban_sla.handlers import (
    ArrangeYear,
    CurrentCalendar,
    LoadedYears,
    TakePackageYears,
    WorkingDaysAfter,
    YearOf,
)

from .conftest import Sla

NEW_YEAR = SpecialDay(date(2027, 1, 1), "元旦")
SPRING = SpecialDay(date(2027, 2, 8), "春节")
MAKE_UP_SATURDAY = SpecialDay(date(2027, 1, 9), "元旦")


def arrange(*holidays: SpecialDay, working: tuple[SpecialDay, ...] = ()) -> ArrangeYear:
    return ArrangeYear(year=2027, holidays=holidays, working_days=working, by="admin-1")


def loaded_events(uow: Any) -> list[CalendarYearLoadedV1]:
    return [e for e in uow.committed if isinstance(e, CalendarYearLoadedV1)]


async def test_an_administrators_year_is_loaded_with_an_event_carrying_its_days(
    sla: Sla, uow: Any,
) -> None:
    done = await sla.commands.arrange_year(arrange(NEW_YEAR, working=(MAKE_UP_SATURDAY,)))
    assert (done.created, done.changed, done.year.revision) == (True, True, 1)
    [event] = loaded_events(uow)
    assert (event.year, event.revision) == (2027, 1)
    assert (event.source, event.loaded_by) == (CalendarSource.ADMIN, "admin-1")
    assert [(d.date, d.name) for d in event.holidays] == [(date(2027, 1, 1), "元旦")]
    assert [d.date for d in event.working_days] == [date(2027, 1, 9)]
    assert event.subject() == "calendar:2027"


async def test_the_changing_process_answers_from_the_new_year_at_once(sla: Sla) -> None:
    after_friday = WorkingDaysAfter(date(2027, 1, 8), 1)
    with pytest.raises(CalendarYearNotLoaded):
        await sla.queries.add_working_days(after_friday)
    await sla.commands.arrange_year(arrange(NEW_YEAR, working=(MAKE_UP_SATURDAY,)))
    assert await sla.queries.add_working_days(after_friday) == date(2027, 1, 9)


async def test_replacing_a_year_moves_its_revision_on_and_publishes_again(
    sla: Sla, uow: Any,
) -> None:
    await sla.commands.arrange_year(arrange(NEW_YEAR))
    done = await sla.commands.arrange_year(arrange(NEW_YEAR, SPRING))
    assert (done.created, done.changed, done.year.revision) == (False, True, 2)
    assert [e.revision for e in loaded_events(uow)] == [1, 2]
    assert await sla.queries.add_working_days(WorkingDaysAfter(date(2027, 2, 5), 1)) == date(
        2027, 2, 9)


async def test_loading_the_same_arrangement_again_changes_nothing(sla: Sla, uow: Any) -> None:
    await sla.commands.arrange_year(arrange(NEW_YEAR))
    version = uow.calendar.committed_version
    done = await sla.commands.arrange_year(arrange(NEW_YEAR))
    assert (done.created, done.changed, done.year.revision) == (False, False, 1)
    assert len(loaded_events(uow)) == 1
    assert uow.calendar.committed_version == version


async def test_a_broken_arrangement_changes_nothing(sla: Sla, uow: Any) -> None:
    with pytest.raises(InvalidInput):
        await sla.commands.arrange_year(arrange(NEW_YEAR, working=(SPRING,)))  # a Monday
    assert (uow.calendar.committed, uow.committed) == ({}, [])


async def test_the_package_loads_its_years_once_and_again_changes_nothing(
    sla: Sla, uow: Any, package: TakePackageYears,
) -> None:
    assert await sla.commands.take_package_years(package) == list(range(2004, 2027))
    assert len(loaded_events(uow)) == 23
    assert await sla.commands.take_package_years(package) == []
    assert len(loaded_events(uow)) == 23
    assert [y.year for y in await sla.queries.calendar_years(LoadedYears())] == list(
        range(2004, 2027))


async def test_the_package_never_replaces_a_year_an_administrator_loaded(
    sla: Sla, uow: Any, package: TakePackageYears,
) -> None:
    corrected = ArrangeYear(year=2026, holidays=(SpecialDay(date(2026, 1, 1), "元旦"),),
                            working_days=(), by="admin-1")
    await sla.commands.arrange_year(corrected)
    changed = await sla.commands.take_package_years(package)
    assert 2026 not in changed
    year = await sla.queries.calendar_year(YearOf(2026))
    assert year.source is CalendarSource.ADMIN
    assert year.arrangement.holidays == (SpecialDay(date(2026, 1, 1), "元旦"),)


async def test_an_administrator_may_correct_a_year_the_package_loaded(
    sla: Sla, uow: Any, package: TakePackageYears,
) -> None:
    await sla.commands.take_package_years(package)
    package_2026 = await sla.queries.calendar_year(YearOf(2026))
    again = ArrangeYear(year=2026, holidays=package_2026.arrangement.holidays,
                        working_days=package_2026.arrangement.working_days, by="admin-1")
    done = await sla.commands.arrange_year(again)
    assert (done.changed, done.year.source, done.year.revision) == (True, CalendarSource.ADMIN, 2)


async def test_reading_a_year_that_is_not_loaded_names_it(sla: Sla) -> None:
    with pytest.raises(CalendarYearNotLoaded) as caught:
        await sla.queries.calendar_year(YearOf(2031))
    assert caught.value.year == 2031


class Monotonic:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_another_process_sees_a_change_once_its_recheck_interval_has_passed(
    sla: Sla, uow: Any,
) -> None:
    monotonic = Monotonic()
    other = CurrentCalendar(HolidaysPackage(), recheck_seconds=5, monotonic=monotonic)
    assert (await other.get(uow)).exact.years == frozenset()
    await sla.commands.arrange_year(arrange(NEW_YEAR))
    monotonic.now = 4.9
    assert (await other.get(uow)).exact.years == frozenset()
    monotonic.now = 5.0
    assert (await other.get(uow)).exact.years == frozenset({2027})


async def test_a_process_rebuilds_only_when_the_version_moved(uow: Any) -> None:
    calendar = CurrentCalendar(HolidaysPackage(), recheck_seconds=0)
    first = await calendar.get(uow)
    assert await calendar.get(uow) is first
    uow.calendar.committed_version += 1
    assert await calendar.get(uow) is not first


async def test_the_provisional_calendar_fills_the_years_after_the_loaded_ones_from_statute(
    uow: Any, sla: Sla, package: TakePackageYears,
) -> None:
    await sla.commands.take_package_years(package)
    loaded = await CurrentCalendar(HolidaysPackage(), recheck_seconds=0).get(uow)
    assert loaded.exact.years == frozenset(range(2004, 2027))
    assert loaded.provisional.years == frozenset(range(2004, 2029))
    assert loaded.provisional.is_working_day(date(2027, 1, 1)) is False  # 元旦
    assert loaded.provisional.is_working_day(date(2027, 2, 8)) is False  # 春节
    assert loaded.provisional.is_working_day(date(2027, 1, 4)) is True
    assert loaded.provisional.is_working_day(date(2027, 1, 9)) is False  # no make-up days
    assert loaded.provisional.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)


def test_years_are_equal_when_their_days_and_names_are() -> None:
    a = YearArrangement.checked(2027, holidays=[NEW_YEAR], working_days=[])
    b = YearArrangement.checked(2027, holidays=[SpecialDay(date(2027, 1, 1), "新年")],
                                working_days=[])
    assert a == YearArrangement.checked(2027, holidays=[NEW_YEAR], working_days=[])
    assert a != b
