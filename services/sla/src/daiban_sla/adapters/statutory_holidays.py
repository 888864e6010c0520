"""The statutory holidays of a year from the pinned ``holidays`` package, for the provisional
calendar of a year whose arrangement the State Council has not published (or nobody loaded).

The package knows each year's statutory holidays (法定节假日: 元旦, 春节, 清明节, 劳动节,
端午节, 中秋节, 国庆节) and the days off in lieu the rule gives when one falls on a weekend. It
does not know a future year's make-up working days (调休): the provisional year has none.
"""

from __future__ import annotations

import holidays

from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement

NAME_LENGTH = 50


class HolidaysPackage:
    """``StatutoryHolidays`` from ``holidays.country_holidays("CN")``, named in Chinese."""

    def of_year(self, year: int) -> YearArrangement:
        """The year's statutory holidays; no make-up working day."""
        found = holidays.country_holidays("CN", years=year, language="zh_CN")
        days = [SpecialDay(day, str(name)[:NAME_LENGTH])
                for day, name in sorted(found.items()) if day.year == year]
        return YearArrangement.checked(year, holidays=days, working_days=[])
