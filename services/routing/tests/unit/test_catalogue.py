"""The matter catalogue's read model: every published version kept, late events ignored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from daiban_kernel.contracts.matter import (
    MatterKind,
    MatterPublishedV1,
    MatterUnpublishedV1,
    MatterVersion,
    Tier,
)
from daiban_routing.handlers.catalogue import record_published_matter, record_unpublished_matter

T0 = datetime(2026, 11, 25, 9, tzinfo=UTC)


def matter(version: int) -> MatterVersion:
    return MatterVersion(code="MZ-001", version=version, name="城乡低保申请", department_code="MZ",
                         kind=MatterKind.PROXY, deciding_tier=Tier.DEPARTMENT,
                         limit_working_days=20, proxy_allowance_days=3,
                         stage_days={Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.DEPARTMENT: 18},
                         published=True)


async def test_every_published_version_is_kept(uow: Any) -> None:
    await record_published_matter(MatterPublishedV1(matter=matter(1)), uow, at=T0)
    await record_published_matter(MatterPublishedV1(matter=matter(2)), uow,
                                  at=T0 + timedelta(days=1))
    assert sorted(uow.matters.rows) == [("MZ-001", 1), ("MZ-001", 2)]
    assert all(entry.published for entry in uow.matters.rows.values())


async def test_a_withdrawal_stays_when_the_publication_arrives_late(uow: Any) -> None:
    await record_unpublished_matter(MatterUnpublishedV1(code="MZ-001", matter_version=1), uow,
                                    at=T0 + timedelta(hours=1))
    await record_published_matter(MatterPublishedV1(matter=matter(1)), uow, at=T0)
    entry = uow.matters.rows[("MZ-001", 1)]
    assert entry.published is False
    assert entry.matter == matter(1)


async def test_a_later_republication_wins_over_an_earlier_withdrawal(uow: Any) -> None:
    await record_published_matter(MatterPublishedV1(matter=matter(1)), uow, at=T0)
    await record_unpublished_matter(MatterUnpublishedV1(code="MZ-001", matter_version=1), uow,
                                    at=T0 + timedelta(hours=1))
    await record_published_matter(MatterPublishedV1(matter=matter(1)), uow,
                                  at=T0 + timedelta(hours=2))
    assert uow.matters.rows[("MZ-001", 1)].published is True
