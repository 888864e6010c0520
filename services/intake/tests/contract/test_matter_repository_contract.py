"""MatterRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pytest

from daiban_intake.domain.errors import MatterAlreadyExists
from daiban_intake.domain.matter import Matter, MatterTerms
from daiban_intake.ports import CatalogueQuery, UnitOfWork
from daiban_kernel.contracts.matter import Material, MaterialForm, MatterKind, Tier


def terms(department: str, name: str = "最低生活保障申请") -> MatterTerms:
    return MatterTerms(
        name=name, department_code=department, kind=MatterKind.PROXY,
        deciding_tier=Tier.DEPARTMENT, limit_working_days=20, proxy_allowance_days=5,
        stage_days={Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.COUNTY: 2, Tier.DEPARTMENT: 18},
        materials=(Material(name="居民身份证", form=MaterialForm.ORIGINAL_AND_COPY, count=1),))


async def test_versions_stay_as_written_and_only_the_current_one_is_published(
    units: Callable[[], UnitOfWork],
) -> None:
    department = "t" + secrets.token_hex(5)
    code = "T" + secrets.token_hex(5).upper()
    async with units() as uow:
        matter = Matter.create(code, terms(department), by=None)
        matter.publish(by=None)
        await uow.matters.add(matter)
        await uow.commit()
    async with units() as uow:
        with pytest.raises(MatterAlreadyExists):
            await uow.matters.add(Matter.create(code, terms(department), by=None))
    async with units() as uow:
        locked = (await uow.matters.get_many([code, "NO-SUCH"]))[code]
        assert locked.change(terms(department, "低保申请"), by=None)
        await uow.matters.save(locked)
        await uow.commit()
    async with units() as uow:
        first = await uow.matters.version(code, 1)
        latest = await uow.matters.latest(code)
        published = await uow.matters.published(code)
        page = await uow.matters.published_page(CatalogueQuery(department_code=department),
                                                after=None, limit=10)
        current = await uow.matters.current(department_code=department)
        assert await uow.matters.version(code, 3) is None
    assert first is not None
    assert latest is not None
    assert published is not None
    assert (first.name, first.published) == ("最低生活保障申请", False)
    assert (latest.version, latest.name, latest.published) == (2, "低保申请", True)
    assert published == latest
    assert [m.code for m in page] == [code]
    assert [(m.code, m.version) for m in current] == [(code, 2)]
