"""Loading a case, or its matter version, within the acting person's jurisdiction.

Outside it a case is reported as not found, never as forbidden: the caller learns nothing of
cases that are not theirs."""

from __future__ import annotations

from daiban_intake.domain.case import Case
from daiban_intake.domain.errors import CaseNotFound, MatterVersionNotFound
from daiban_intake.ports import UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import MatterVersion


async def case_to_change(uow: UnitOfWork, number: str, by: Actor) -> Case:
    """The case, held for this transaction; CaseNotFound outside ``by``'s place."""
    case = await uow.cases.get(number, lock=True)
    if case is None or not by.covers(case.village_code):
        raise CaseNotFound(f"no case {number} in your jurisdiction")
    return case


async def case_to_read(uow: UnitOfWork, number: str, by: Actor) -> Case:
    """The case as ``by`` may see it; CaseNotFound outside their place."""
    case = await uow.cases.get(number)
    if case is None or not by.covers(case.village_code):
        raise CaseNotFound(f"no case {number} in your jurisdiction")
    return case


async def matter_of(uow: UnitOfWork, case: Case) -> MatterVersion:
    """The matter version the case was opened under (versions are never deleted)."""
    matter = await uow.matters.version(case.matter_code, case.matter_version)
    if matter is None:
        raise MatterVersionNotFound(
            f"matter {case.matter_code} has no version {case.matter_version}")
    return matter
