"""The rules a year's arrangement must keep before it is loaded; each problem is named."""

from __future__ import annotations

from datetime import date

import pytest

from daiban_kernel.errors import InvalidInput
from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement

NEW_YEAR = SpecialDay(date(2027, 1, 1), "元旦")


def problems(holidays: list[SpecialDay], working_days: list[SpecialDay]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        YearArrangement.checked(2027, holidays=holidays, working_days=working_days)
    return {p.field: p.reason for p in caught.value.problems}


def test_a_valid_arrangement_is_kept_sorted_by_date() -> None:
    later = SpecialDay(date(2027, 10, 1), "国庆节")
    saturday = SpecialDay(date(2027, 9, 25), "国庆节")
    arranged = YearArrangement.checked(2027, holidays=[later, NEW_YEAR], working_days=[saturday])
    assert arranged.holidays == (NEW_YEAR, later)
    assert arranged.working_days == (saturday,)


def test_a_date_outside_the_year_is_named() -> None:
    found = problems([NEW_YEAR, SpecialDay(date(2026, 12, 31), "元旦")],
                     [SpecialDay(date(2028, 1, 8))])
    assert found["holidays.1.date"] == "2026-12-31 is not in 2027"
    assert found["working_days.0.date"] == "2028-01-08 is not in 2027"


def test_a_day_both_holiday_and_working_day_is_named() -> None:
    saturday = date(2027, 2, 6)
    found = problems([NEW_YEAR, SpecialDay(saturday, "春节")], [SpecialDay(saturday, "春节")])
    assert found == {"working_days.0.date": "2027-02-06 is also listed as a holiday "
                                            "(holidays.1); a day is either a day off or a "
                                            "working day"}


def test_a_make_up_working_day_on_a_weekday_is_named() -> None:
    found = problems([NEW_YEAR], [SpecialDay(date(2027, 2, 8), "春节")])
    assert list(found) == ["working_days.0.date"]
    assert "Monday" in found["working_days.0.date"]
    assert "Saturday or Sunday" in found["working_days.0.date"]


def test_a_day_listed_twice_is_named_at_its_second_place() -> None:
    found = problems([NEW_YEAR, NEW_YEAR], [])
    assert found == {"holidays.1.date": "2027-01-01 is listed twice (also holidays.0)"}


def test_a_year_without_holidays_is_refused() -> None:
    assert "holidays" in problems([], [])


def test_every_problem_is_named_at_once() -> None:
    found = problems([SpecialDay(date(2026, 1, 1), "元旦")],
                     [SpecialDay(date(2027, 3, 3)), SpecialDay(date(2027, 3, 3))])
    assert set(found) == {"holidays.0.date", "working_days.0.date", "working_days.1.date"}


def test_the_working_days_of_a_year_are_its_weekdays_plus_make_up_days_minus_holidays() -> None:
    arranged = YearArrangement.checked(
        2027, holidays=[NEW_YEAR, SpecialDay(date(2027, 1, 2), "元旦")],
        working_days=[SpecialDay(date(2027, 1, 9))])
    ordinals = arranged.working_ordinals()
    assert len(ordinals) == 261 - 1 + 1  # 2027 has 261 weekdays; 01-02 is a Saturday anyway
    assert date(2027, 1, 1).toordinal() not in ordinals
    assert date(2027, 1, 9).toordinal() in ordinals
    assert ordinals == sorted(ordinals)
