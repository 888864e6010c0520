"""CaseFileRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable

from daiban_kernel.contracts.matter import Tier
from daiban_notify.domain.case_file import CaseFile
from daiban_notify.ports import UnitOfWork

from .conftest import a_case_number, a_village


async def test_a_case_file_keeps_its_resident_agent_and_holders(
    units: Callable[[], UnitOfWork],
) -> None:
    number = a_case_number()
    case_file = CaseFile(number, a_village(), "MZ-001", 2)
    case_file.submitted(applicant_name="李林珍", agent_id="agent-7", phone="13800138000")
    async with units() as uow:
        assert await uow.cases.get(number) is None
        await uow.cases.save(case_file)
        await uow.commit()
    async with units() as uow:
        found = await uow.cases.get(number)
        assert found == case_file
        assert found is not None
        found.assigned(Tier.VILLAGE, "agent-7")
        found.assigned(Tier.TOWN, "clerk-1")
        await uow.cases.save(found)
        await uow.commit()
    async with units() as uow:
        again = await uow.cases.get(number)
        assert again is not None
        assert (again.holder, again.holders) == (
            "clerk-1", {Tier.VILLAGE: "agent-7", Tier.TOWN: "clerk-1"})
        assert again.resident_phone == "13800138000"


async def test_a_save_from_an_event_that_read_the_file_before_the_submission_blanks_nothing(
    units: Callable[[], UnitOfWork],
) -> None:
    """case.assigned and case.submitted of one case handled at once: each read no row, the
    later save keeps what the earlier one wrote."""
    number = a_case_number()
    village = a_village()
    assigned_first = CaseFile(number, village, "MZ-001", 2)
    assigned_first.assigned(Tier.TOWN, "clerk-1")
    submitted_late = CaseFile(number, village, "MZ-001", 2)
    submitted_late.submitted(applicant_name="李林珍", agent_id="agent-7", phone="13800138000")
    async with units() as uow:
        await uow.cases.save(submitted_late)
        await uow.commit()
    async with units() as uow:
        await uow.cases.save(assigned_first)
        await uow.commit()
    taken = CaseFile(number, village, "MZ-001", 2)
    taken.taken_over("agent-9")
    async with units() as uow:
        await uow.cases.save(taken)
        await uow.commit()
    async with units() as uow:
        found = await uow.cases.get(number)
    assert found is not None
    assert (found.applicant_name, found.agent_id, found.resident_phone) == (
        "李林珍", "agent-7", "13800138000")
    assert (found.holder, found.holders) == ("clerk-1", {Tier.TOWN: "clerk-1"})
    assert found.heard_submission
    assert (found.agent_id, found.owner_id, found.agent) == ("agent-7", "agent-9", "agent-9")
