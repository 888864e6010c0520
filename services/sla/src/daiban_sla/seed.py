"""SLA's reference data, loaded by ``daiban migrate``: the working-day calendar from the package."""

from __future__ import annotations

from daiban_common.settings import CommonSettings
from daiban_sla import bootstrap
from daiban_sla.adapters.calendar_package import package_years
from daiban_sla.settings import SlaSettings


async def seed(settings: CommonSettings) -> str:
    """Load every year chinese_calendar covers; repeatable, and administrators' years stay.

    Later years come from the State Council's notice through ``PUT /v1/admin/calendar/{year}``.
    """
    assert isinstance(settings, SlaSettings)
    sla = bootstrap.build(settings)
    assert sla.engine is not None
    try:
        changed = await sla.load_package_calendar()
    finally:
        await sla.engine.dispose()
    years = package_years()
    return (f"working-day calendar {years[0]}-{years[-1]} from chinese_calendar: "
            f"{len(changed)} year(s) loaded or updated")
