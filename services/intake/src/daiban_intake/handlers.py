"""Intake's commands, one async function each: load → domain → commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from daiban_common.auth import Principal
from daiban_common.contracts import Channel, StaffRef
from daiban_common.contracts.matter import MatterVersion
from daiban_common.pii import IdNumberVault, mask_id_number
from daiban_intake.domain.errors import CaseNotFound, UnknownMatter
from daiban_intake.domain.model import Applicant, Case, ProtectedIdNumber, case_number
from daiban_intake.ports import UnitOfWork

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class SubmitCase:
    """An agent registers a resident's application at a village."""

    matter_code: str
    village_code: str
    channel: Channel
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    by: StaffRef
    idempotency_key: str | None = None
    fingerprint: str = ""


async def submit_case(
    cmd: SubmitCase, uow: UnitOfWork, *, vault: IdNumberVault, now: Callable[[], datetime]
) -> str:
    """Register the case and emit ``case.submitted``; returns the case number."""
    async with uow:
        if cmd.idempotency_key:
            prior = await uow.idempotency.claim(
                principal=cmd.by.staff_id, key=cmd.idempotency_key, fingerprint=cmd.fingerprint)
            if prior is not None:
                return prior
        matter = await uow.matters.published(cmd.matter_code)
        if matter is None:
            raise UnknownMatter(cmd.matter_code)
        at = now()
        sequence = await uow.cases.next_number_sequence(cmd.village_code[:6],
                                                        at.astimezone(CHINA).date())
        case = Case.submit(
            number=case_number(cmd.village_code[:6], at.astimezone(CHINA).date(), sequence),
            matter=matter,
            village_code=cmd.village_code,
            channel=cmd.channel,
            applicant=_applicant(cmd, vault),
            by=cmd.by,
            at=at,
        )
        await uow.cases.add(case)
        if cmd.idempotency_key:
            await uow.idempotency.complete(principal=cmd.by.staff_id, key=cmd.idempotency_key,
                                           result=case.number)
        await uow.commit()
    return case.number


def _applicant(cmd: SubmitCase, vault: IdNumberVault) -> Applicant:
    protected = ProtectedIdNumber(
        sealed=vault.seal(cmd.applicant_id_number),
        lookup_hash=vault.lookup_hash(cmd.applicant_id_number),
        masked=mask_id_number(cmd.applicant_id_number),
    )
    return Applicant(cmd.applicant_name, protected, cmd.applicant_phone)


async def case_for(number: str, principal: Principal, uow: UnitOfWork
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
