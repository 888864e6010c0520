"""MatterRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from daiban_kernel.contracts.matter import Tier
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.ports import UnitOfWork

TERMS = MatterTerms(code="CL-001", version=2, name="残疾人证办理", deciding_tier=Tier.DEPARTMENT,
                    limit_working_days=10, proxy_allowance_days=3,
                    stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.DEPARTMENT: 9},
                    timeout_default_stages=frozenset({Tier.TOWN}), published=True)


async def test_a_kept_version_comes_back_as_kept_and_keeping_it_again_replaces_it(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        await uow.matters.keep(TERMS)
        await uow.matters.keep(replace(TERMS, name="残疾人证"))
        await uow.matters.keep(replace(TERMS, version=3, limit_working_days=8))
        await uow.commit()
    async with units() as uow:
        assert await uow.matters.get("CL-001", 2) == replace(TERMS, name="残疾人证")
        found = await uow.matters.get("CL-001", 3)
        assert found is not None
        assert found.limit_working_days == 8
        assert await uow.matters.get("CL-001", 4) is None


async def test_unpublishing_keeps_the_limits_and_an_unknown_version_is_said_so(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        await uow.matters.keep(TERMS)
        assert await uow.matters.unpublish("CL-001", 2) is True
        assert await uow.matters.unpublish("CL-001", 9) is False
        await uow.commit()
    async with units() as uow:
        assert await uow.matters.get("CL-001", 2) == replace(TERMS, published=False)
