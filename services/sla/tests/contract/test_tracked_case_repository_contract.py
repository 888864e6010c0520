"""TrackedCaseRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_sla.domain.tracked_case import TrackedCase
from daiban_sla.ports import UnitOfWork

REF = CaseRef(case_number="110116-20260302-000001", village_code="110116111201",
              matter_code="CL-001", matter_version=2)
FIRST = datetime(2026, 3, 2, 2, tzinfo=UTC)


async def test_a_case_tracked_twice_keeps_its_first_submission(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        await uow.cases.track(replace(TrackedCase.referred_to(REF), submitted_at=FIRST))
        await uow.cases.track(replace(TrackedCase.referred_to(REF),
                                      submitted_at=datetime(2026, 3, 9, tzinfo=UTC)))
        await uow.commit()
    async with units() as uow:
        found = await uow.cases.get(REF.case_number)
        assert found is not None
        assert (found.submitted_at, found.matter_version, found.accepted_at) == (FIRST, 2, None)
        assert await uow.cases.get("110116-20260302-000099") is None


async def test_locking_an_unheard_of_case_creates_it_and_saving_keeps_its_flow(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        case = await uow.cases.lock(REF)
        assert (case.number, case.village_code, case.flow_version) == (
            REF.case_number, REF.village_code, None)
        case.accepted_at, case.flow_version = FIRST, 3
        case.path = (Tier.VILLAGE, Tier.TOWN)
        case.return_for_correction(Tier.TOWN, 3)
        await uow.cases.save(case)
        await uow.commit()
    async with units() as uow:
        again = await uow.cases.lock(REF)
        assert (again.accepted_at, again.flow_version, again.path) == (
            FIRST, 3, (Tier.VILLAGE, Tier.TOWN))
        assert (again.holding_tier, again.returned_by, again.return_version) == (
            Tier.VILLAGE, Tier.TOWN, 3)
