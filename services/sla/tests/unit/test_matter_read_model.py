"""SLA keeps every published matter version's time limits from intake's events."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_kernel.contracts.matter import (
    MatterKind,
    MatterPublishedV1,
    MatterUnpublishedV1,
    MatterVersion,
    Tier,
)
from daiban_sla import handlers
from daiban_sla.domain.errors import MatterVersionNotKnown


def version(n: int, *, limit: int = 20) -> MatterVersion:
    return MatterVersion(
        code="MZ-001", version=n, name="最低生活保障申请", department_code="MZ",
        kind=MatterKind.PROXY, deciding_tier=Tier.DEPARTMENT, limit_working_days=limit,
        proxy_allowance_days=3,
        stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.COUNTY: 1, Tier.DEPARTMENT: limit - 1},
        timeout_default_stages=(Tier.TOWN,), published=True)


async def test_each_published_version_is_kept_with_its_limits(uow: Any) -> None:
    await handlers.keep_published_matter(MatterPublishedV1(matter=version(1)), uow)
    await handlers.keep_published_matter(MatterPublishedV1(matter=version(2, limit=15)), uow)
    first, second = uow.matters.rows[("MZ-001", 1)], uow.matters.rows[("MZ-001", 2)]
    assert (first.limit_working_days, second.limit_working_days) == (20, 15)
    assert second.stage_days[Tier.DEPARTMENT] == 14
    assert second.timeout_default_stages == frozenset({Tier.TOWN})
    assert second.total_working_days == 18
    assert (first.published, second.published) == (True, True)


async def test_hearing_a_publication_twice_keeps_one_version(uow: Any) -> None:
    event = MatterPublishedV1(matter=version(1))
    await handlers.keep_published_matter(event, uow)
    await handlers.keep_published_matter(event, uow)
    assert list(uow.matters.rows) == [("MZ-001", 1)]


async def test_an_unpublished_version_keeps_its_limits_for_open_cases(uow: Any) -> None:
    await handlers.keep_published_matter(MatterPublishedV1(matter=version(1)), uow)
    await handlers.withdraw_unpublished_matter(
        MatterUnpublishedV1(code="MZ-001", matter_version=1), uow)
    kept = uow.matters.rows[("MZ-001", 1)]
    assert (kept.published, kept.limit_working_days) == (False, 20)


async def test_an_unpublish_that_overtook_its_publish_waits_to_be_retried(
    uow: Any,
) -> None:
    with pytest.raises(MatterVersionNotKnown):
        await handlers.withdraw_unpublished_matter(
            MatterUnpublishedV1(code="MZ-001", matter_version=3), uow)
    assert uow.matters.rows == {}
