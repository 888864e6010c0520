"""A year without its arrangement is an error naming the year, never a guess from weekends."""

from __future__ import annotations

from datetime import date

import pytest

from daiban_kernel.errors import InvalidInput
from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.working_calendar import WorkingCalendar
from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement


def year(y: int) -> YearArrangement:
    return YearArrangement.checked(y, holidays=[SpecialDay(date(y, 1, 1), "元旦")],
                                   working_days=[])


GAPPED = WorkingCalendar([year(2025), year(2026), year(2028)])


def not_loaded(call: object, *args: object) -> int:
    with pytest.raises(CalendarYearNotLoaded) as caught:
        call(*args)  # type: ignore[operator]
    assert str(caught.value.year) in caught.value.detail
    return caught.value.year


def test_a_day_of_an_unloaded_year_has_no_answer() -> None:
    assert not_loaded(GAPPED.is_working_day, date(2027, 3, 1)) == 2027
    assert not_loaded(GAPPED.is_working_day, date(2024, 12, 31)) == 2024


def test_a_count_that_runs_past_the_last_loaded_year_names_the_next_year() -> None:
    assert not_loaded(GAPPED.add_working_days, date(2028, 12, 1), 30) == 2029


def test_a_count_that_crosses_a_gap_names_the_missing_year() -> None:
    assert GAPPED.add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)
    assert not_loaded(GAPPED.add_working_days, date(2026, 12, 30), 2) == 2027
    assert not_loaded(GAPPED.add_working_days, date(2026, 12, 30), 300) == 2027


def test_a_start_in_an_unloaded_year_is_refused_even_for_zero_days() -> None:
    assert not_loaded(GAPPED.add_working_days, date(2027, 5, 6), 0) == 2027


def test_a_count_between_years_needs_every_year_in_between() -> None:
    assert not_loaded(GAPPED.working_days_between, date(2026, 6, 1), date(2028, 6, 1)) == 2027
    assert not_loaded(GAPPED.working_days_between, date(2028, 6, 1), date(2026, 6, 1)) == 2027
    assert GAPPED.working_days_between(date(2025, 6, 1), date(2026, 6, 1)) > 0


def test_an_empty_calendar_knows_no_year() -> None:
    assert not_loaded(WorkingCalendar([]).add_working_days, date(2026, 1, 5), 1) == 2026


def test_a_negative_count_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        GAPPED.add_working_days(date(2026, 3, 2), -1)
