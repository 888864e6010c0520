"""SLA built on the in-memory unit of work at a fixed moment, and the calendar of the years the
package covers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from daiban_common.service import Service
from daiban_sla.adapters.calendar_package import package_arrangements
from daiban_sla.bootstrap import Commands, Queries, build
from daiban_sla.domain.working_calendar import WorkingCalendar
from daiban_sla.domain.year_arrangement import YearArrangement
from daiban_sla.handlers import TakePackageYears
from daiban_sla.settings import SlaSettings
from tests.support.fakes import Moment

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)

Sla = Service[Commands, Queries]




@pytest.fixture
def moment() -> Moment:
    """The time the service sees, NOW until a test moves it."""
    return Moment(NOW)


@pytest.fixture
def sla(uow: Any, moment: Moment) -> Sla:
    """SLA wired to the in-memory unit of work; every process check reads the version."""
    settings = SlaSettings.model_validate({"environment": "test", "calendar_recheck_seconds": 0})
    return build(settings, uow_factory=lambda: uow, clock=moment)


@pytest.fixture(scope="session")
def package_years() -> list[YearArrangement]:
    """The arrangements of 2004–2026 as the chinese_calendar package has them."""
    return package_arrangements()


@pytest.fixture(scope="session")
def package() -> TakePackageYears:
    """The command that loads the package's years."""
    return TakePackageYears(tuple(package_arrangements()))


@pytest.fixture(scope="session")
def calendar(package_years: list[YearArrangement]) -> WorkingCalendar:
    """The working calendar of the years the package covers."""
    return WorkingCalendar(package_years)
