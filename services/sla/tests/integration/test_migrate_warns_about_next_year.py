"""``daiban migrate`` (sla's seed hook) warns from 1 November while next year's working-day
arrangement is not loaded; today is the seed's clock, fixed here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from daiban_sla.seed import seed

from .conftest import SlaApi, settings_of

pytestmark = pytest.mark.integration

OCTOBER = datetime(2026, 10, 31, 12, tzinfo=UTC)
NOVEMBER = datetime(2026, 11, 1, 1, tzinfo=UTC)  # 09:00 on 1 November in China


async def test_the_seed_warns_from_the_first_of_november_until_next_year_is_loaded(
    sla_env: dict[str, str], sla_api: SlaApi,
) -> None:
    settings = settings_of(sla_env)
    assert "WARNING" not in await seed(settings, clock=lambda: OCTOBER)
    said = await seed(settings, clock=lambda: NOVEMBER)
    summary, warning = said.splitlines()
    assert summary.startswith("working-day calendar 2004-2026 from chinese_calendar")
    assert warning.startswith("WARNING: the working-day calendar of 2027 is not loaded")
    assert "PUT /v1/admin/calendar/2027" in warning

    put = await sla_api.client.put("/v1/admin/calendar/2027", headers=sla_api.auth(),
                                   json={"holidays": [{"date": "2027-01-01", "name": "元旦"}]})
    assert put.status_code == 201, put.text
    assert "WARNING" not in await seed(settings, clock=lambda: NOVEMBER)
