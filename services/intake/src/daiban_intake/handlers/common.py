"""What every intake command shares: the caller, the wired dependencies, idempotent retries, and
loading a case for change within the caller's jurisdiction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from daiban_common.pii import IdNumberVault
from daiban_intake.domain.case_errors import SupplementDateNotAhead
from daiban_intake.domain.errors import CaseNotFound
from daiban_intake.domain.model import CHINA, Case, NoticeTerms
from daiban_intake.ports import UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import MatterVersion


@dataclass(frozen=True)
class Caller:
    """Who acts (亮明身份), from the token: ``by.place`` bounds what they may touch.

    With ``idempotency_key`` a retry of the same request returns what the first one did."""

    by: Actor
    name: str | None = None
    idempotency_key: str | None = None
    fingerprint: str = ""

    def covers(self, place_code: str) -> bool:
        """Whether the place is the caller's or lies under it."""
        return place_code.startswith(self.by.place)


@dataclass(frozen=True)
class Deps:
    """What intake's commands need besides storage."""

    now: Callable[[], datetime]
    new_id: Callable[[], str]
    vault: IdNumberVault
    attachment_max_bytes: int
    supplement_days: int

    def today(self) -> date:
        """Today in China."""
        return self.now().astimezone(CHINA).date()


async def prior(uow: UnitOfWork, caller: Caller) -> str | None:
    """What the first request under this key created, if this is a retry."""
    if not caller.idempotency_key:
        return None
    return await uow.idempotency.claim(principal=caller.by.staff_id, key=caller.idempotency_key,
                                       fingerprint=caller.fingerprint)


async def remember(uow: UnitOfWork, caller: Caller, result: str) -> None:
    """Record what this request created, for its retries."""
    if caller.idempotency_key:
        await uow.idempotency.complete(principal=caller.by.staff_id,
                                       key=caller.idempotency_key, result=result)


async def case_to_change(uow: UnitOfWork, number: str, caller: Caller) -> Case:
    """The case, held for this transaction; CaseNotFound outside the caller's place."""
    case = await uow.cases.get(number, lock=True)
    if case is None or not caller.covers(case.village_code):
        raise CaseNotFound(f"no case {number} in your jurisdiction")
    return case


async def matter_of(uow: UnitOfWork, case: Case) -> MatterVersion:
    """The matter version the case was opened under."""
    matter = await uow.matters.version(case.matter_code, case.matter_version)
    assert matter is not None, "a case's matter version is never deleted"
    return matter


def notice_terms(deps: Deps, caller: Caller, supplement_by: date | None) -> NoticeTerms:
    """The date to supplement by (the agent's, or ``supplement_days`` from today) and the
    name the notice shows for the agent."""
    today = deps.today()
    if supplement_by is not None and supplement_by <= today:
        raise SupplementDateNotAhead(f"{supplement_by} is not after today ({today})")
    return NoticeTerms(supplement_by=supplement_by or today + timedelta(days=deps.supplement_days),
                       agent_name=caller.name)
