"""Opening a case, taking it over, reading and listing cases."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_common.idempotency import RetryKey
from daiban_common.pii import IdNumberVault, mask_id_number
from daiban_intake.domain.case import Applicant, Case, ProtectedIdNumber
from daiban_intake.domain.errors import GridWorkersReportOnly, UnknownMatter, UnknownVillage
from daiban_intake.handlers.case_loading import case_to_change, case_to_read, matter_of
from daiban_intake.ports import CaseQuery, ContactSealer, UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel, case_number
from daiban_kernel.china import china_date
from daiban_kernel.clock import Clock
from daiban_kernel.contracts.case import SealedContact, SpecialGroup
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
    retry: RetryKey | None = None
    home_village_code: str | None = None
    special_groups: tuple[SpecialGroup, ...] = ()


async def submit_case(cmd: SubmitCase, uow: UnitOfWork, *, clock: Clock,
                      vault: IdNumberVault, contacts: ContactSealer | None) -> str:
    """Register the case and emit ``case.submitted``, the applicant's phone sealed in it for
    notify (no seal, or no phone: no contact); returns the case number."""
    if cmd.by.role == Role.GRID_WORKER and cmd.channel is not Channel.GRID_REPORT:
        raise GridWorkersReportOnly()
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return retry.prior
            await _require_village(uow, cmd.village_code)
            matter = await uow.matters.published(cmd.matter_code)
            if matter is None:
                raise UnknownMatter(cmd.matter_code)
            at = clock()
            day = china_date(at)
            sequence = await uow.cases.next_number_sequence(cmd.village_code[:6], day)
            case = Case.submit(
                number=case_number(cmd.village_code[:6], day, sequence), matter=matter,
                village_code=cmd.village_code, channel=cmd.channel,
                applicant=_applicant(cmd, vault), by=cmd.by, at=at,
                contact=_contact(cmd, contacts))
            await uow.cases.add(case)
            retry.record(case.number)
        await uow.commit()
    return case.number


async def _require_village(uow: UnitOfWork, code: str) -> None:
    place = await uow.places.get(code)
    if place is None:
        raise UnknownVillage(code, "is no village of the division tree")
    if not place.takes_cases:
        raise UnknownVillage(code, f"is {place.name}, which is "
                             + ("not active" if not place.active else f"a {place.tier}"))


def _applicant(cmd: SubmitCase, vault: IdNumberVault) -> Applicant:
    protected = ProtectedIdNumber(
        sealed=vault.seal(cmd.applicant_id_number),
        lookup_hash=vault.lookup_hash(cmd.applicant_id_number),
        masked=mask_id_number(cmd.applicant_id_number),
    )
    return Applicant(cmd.applicant_name, protected, cmd.applicant_phone,
                     home_village_code=cmd.home_village_code or cmd.village_code,
                     special_groups=tuple(dict.fromkeys(cmd.special_groups)))


def _contact(cmd: SubmitCase, contacts: ContactSealer | None) -> SealedContact | None:
    if contacts is None or not cmd.applicant_phone:
        return None
    return contacts.seal(cmd.applicant_phone)


@dataclass(frozen=True)
class TakeOverCase:
    """Another staff member becomes the case's first-inquiry owner (首问负责)."""

    number: str
    by: Actor


async def take_over_case(cmd: TakeOverCase, uow: UnitOfWork, *, clock: Clock) -> None:
    """The caller becomes the case's owner (``case.taken_over``)."""
    async with uow:
        case = await case_to_change(uow, cmd.number, cmd.by)
        case.take_over(cmd.by, at=clock())
        await uow.cases.save(case)
        await uow.commit()


@dataclass(frozen=True)
class CaseOf:
    """One case, as ``by`` may see it."""

    number: str
    by: Actor


@dataclass(frozen=True)
class CaseView:
    """A case with the matter version it was opened under."""

    case: Case
    matter: MatterVersion


async def case_for(query: CaseOf, uow: UnitOfWork) -> CaseView:
    """A case the caller may see; outside their place it is reported as not found."""
    async with uow:
        case = await case_to_read(uow, query.number, query.by)
        return CaseView(case, await matter_of(uow, case))


@dataclass(frozen=True)
class CasesUnder:
    """A page of cases: the filter, where the last page ended, how many."""

    query: CaseQuery
    before: str | None
    limit: int


@dataclass(frozen=True)
class CasesFound:
    """A page of cases and whether more follow."""

    items: list[Case]
    more: bool


async def list_cases(query: CasesUnder, uow: UnitOfWork) -> CasesFound:
    """A page of cases, newest first."""
    async with uow:
        found = await uow.cases.page(query.query, before=query.before, limit=query.limit + 1)
    return CasesFound(found[:query.limit], len(found) > query.limit)
