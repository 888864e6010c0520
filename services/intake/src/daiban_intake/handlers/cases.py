"""Opening a case, taking it over, reading and listing cases."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_common.pii import IdNumberVault, mask_id_number
from daiban_intake.domain.errors import CaseNotFound, GridWorkersReportOnly, UnknownMatter
from daiban_intake.domain.model import CHINA, Applicant, Case, ProtectedIdNumber, case_number
from daiban_intake.handlers.common import Caller, Deps, case_to_change, prior, remember
from daiban_intake.ports import CaseQuery, UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import SpecialGroup
from daiban_kernel.contracts.matter import MatterVersion
from daiban_kernel.roles import Role


@dataclass(frozen=True)
class SubmitCase:
    """A staff member registers a resident's application for a village, by any channel."""

    matter_code: str
    village_code: str
    channel: Channel
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    by: Actor
    idempotency_key: str | None = None
    fingerprint: str = ""
    home_village_code: str | None = None
    special_groups: tuple[SpecialGroup, ...] = ()

    @property
    def caller(self) -> Caller:
        """Who submits, and the retry key."""
        return Caller(by=self.by, idempotency_key=self.idempotency_key,
                      fingerprint=self.fingerprint)


async def submit_case(cmd: SubmitCase, uow: UnitOfWork, *, deps: Deps) -> str:
    """Register the case and emit ``case.submitted``; returns the case number."""
    caller = cmd.caller
    if caller.by.role == Role.GRID_WORKER and cmd.channel is not Channel.GRID_REPORT:
        raise GridWorkersReportOnly()
    async with uow:
        done = await prior(uow, caller)
        if done is not None:
            return done
        matter = await uow.matters.published(cmd.matter_code)
        if matter is None:
            raise UnknownMatter(cmd.matter_code)
        at = deps.now()
        day = at.astimezone(CHINA).date()
        sequence = await uow.cases.next_number_sequence(cmd.village_code[:6], day)
        case = Case.submit(
            number=case_number(cmd.village_code[:6], day, sequence), matter=matter,
            village_code=cmd.village_code, channel=cmd.channel,
            applicant=_applicant(cmd, deps.vault), by=caller.by, at=at)
        await uow.cases.add(case)
        await remember(uow, caller, case.number)
        await uow.commit()
    return case.number


def _applicant(cmd: SubmitCase, vault: IdNumberVault) -> Applicant:
    protected = ProtectedIdNumber(
        sealed=vault.seal(cmd.applicant_id_number),
        lookup_hash=vault.lookup_hash(cmd.applicant_id_number),
        masked=mask_id_number(cmd.applicant_id_number),
    )
    return Applicant(cmd.applicant_name, protected, cmd.applicant_phone,
                     home_village_code=cmd.home_village_code or cmd.village_code,
                     special_groups=tuple(dict.fromkeys(cmd.special_groups)))


async def take_over_case(number: str, caller: Caller, uow: UnitOfWork) -> None:
    """The caller becomes the case's first-inquiry owner (首问负责)."""
    async with uow:
        case = await case_to_change(uow, number, caller)
        case.take_over(caller.by)
        await uow.cases.save(case)
        await uow.commit()


async def case_for(number: str, principal: Actor, uow: UnitOfWork
                   ) -> tuple[Case, MatterVersion]:
    """A case the caller may see, with the matter version it was opened under.

    A case outside the caller's place is reported as not found."""
    async with uow:
        case = await uow.cases.get(number)
        if case is None or not principal.covers(case.village_code):
            raise CaseNotFound(f"no case {number} in your jurisdiction")
        matter = await uow.matters.version(case.matter_code, case.matter_version)
    assert matter is not None, "a case's matter version is never deleted"
    return case, matter


async def list_cases(query: CaseQuery, uow: UnitOfWork, *, before: str | None, limit: int
                     ) -> tuple[list[Case], bool]:
    """A page of cases and whether more follow."""
    async with uow:
        found = await uow.cases.page(query, before=before, limit=limit + 1)
    return found[:limit], len(found) > limit
