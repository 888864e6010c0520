"""SLA's reference data, loaded by ``daiban migrate``: the working-day calendar from the package.

Its output also warns, from 1 November on, while next year's arrangement is not loaded.
"""

from __future__ import annotations

from daiban_kernel.clock import Clock, system_clock
from daiban_sla import bootstrap
from daiban_sla.adapters.calendar_package import package_arrangements, package_years
from daiban_sla.handlers import OutlookToday, TakePackageYears
from daiban_sla.settings import SlaSettings


async def seed(settings: SlaSettings, *, clock: Clock = system_clock) -> str:
    """Load every year chinese_calendar covers; repeatable, and administrators' years stay.

    Later years come from the State Council's notice through ``PUT /v1/admin/calendar/{year}``;
    while next year's is due and missing, the summary says so on a line of its own.
    """
    sla = bootstrap.build(settings, clock=clock)
    try:
        changed = await sla.commands.take_package_years(
            TakePackageYears(tuple(package_arrangements())))
        outlook = await sla.queries.calendar_outlook(OutlookToday())
    finally:
        await sla.close()
    years = package_years()
    summary = (f"working-day calendar {years[0]}-{years[-1]} from chinese_calendar: "
               f"{len(changed)} year(s) loaded or updated")
    warning = outlook.warning()
    return summary if warning is None else f"{summary}\n{warning}"
