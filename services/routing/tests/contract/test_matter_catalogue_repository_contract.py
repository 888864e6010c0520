"""MatterCatalogueRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from daiban_kernel.contracts.matter import MatterKind, MatterVersion, Tier
from daiban_routing.domain.catalogue import CatalogueEntry
from daiban_routing.ports import UnitOfWork

AT = datetime(2026, 11, 25, 9, tzinfo=UTC)


def matter(code: str) -> MatterVersion:
    return MatterVersion(code=code, version=2, name="城乡低保申请", department_code="MZ",
                         kind=MatterKind.PROXY, deciding_tier=Tier.DEPARTMENT,
                         limit_working_days=20, proxy_allowance_days=3,
                         stage_days={Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.DEPARTMENT: 18},
                         published=True)


async def test_an_entry_is_kept_by_code_and_version_and_saving_it_again_replaces_it(
    units: Callable[[], UnitOfWork],
) -> None:
    code = f"T-{uuid.uuid4().hex[:12]}"
    async with units() as uow:
        assert await uow.matters.get(code, 2) is None
        entry = CatalogueEntry(code, 2)
        entry.publish(matter(code), at=AT)
        await uow.matters.save(entry)
        await uow.commit()
    async with units() as uow:
        kept = await uow.matters.get(code, 2)
        assert kept is not None
        assert (kept.matter, kept.published, kept.changed_at) == (matter(code), True, AT)
        assert await uow.matters.get(code, 1) is None
        kept.withdraw(at=AT.replace(hour=10))
        await uow.matters.save(kept)
        await uow.commit()
    async with units() as uow:
        withdrawn = await uow.matters.get(code, 2)
        assert withdrawn is not None
        assert (withdrawn.matter, withdrawn.published) == (matter(code), False)
