"""The years the pinned ``chinese_calendar`` package covers, as year arrangements.

The package is only the source: SLA stores what it reads here as data, like any other year.
It names holidays in English; the calendar shows them in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import chinese_calendar  # type: ignore[import-untyped]  # the package ships no types

from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement

CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_years() -> range:
    """The years the package has the State Council's arrangement for."""
    days = chinese_calendar.holidays
    return range(min(days).year, max(days).year + 1)


def package_arrangements() -> list[YearArrangement]:
    """Each covered year's holidays and make-up working days, checked like an administrator's."""
    return [
        YearArrangement.checked(
            year,
            holidays=_special_days(chinese_calendar.holidays, year),
            working_days=_special_days(chinese_calendar.workdays, year),
        )
        for year in package_years()
    ]


def _special_days(days: Mapping[date, str], year: int) -> list[SpecialDay]:
    return [SpecialDay(day, CHINESE_NAMES[str(name)])
            for day, name in sorted(days.items()) if day.year == year]
