"""Pre-review (初审), supplements, withdrawal, and the notices they print."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from daiban_intake.domain.case_errors import NoticeNotFound
from daiban_intake.domain.records import Notice
from daiban_intake.handlers.common import (
    Caller,
    Deps,
    case_to_change,
    matter_of,
    notice_terms,
    prior,
    remember,
)
from daiban_intake.ports import UnitOfWork


@dataclass(frozen=True)
class ReviewCase:
    """The agent checks the papers against the checklist: accept, or one notice of all gaps."""

    number: str
    supplement_by: date | None
    caller: Caller


async def review_case(cmd: ReviewCase, uow: UnitOfWork, *, deps: Deps) -> str:
    """``case.accepted``, or ``case.incomplete`` with a notice; returns the case number."""
    async with uow:
        done = await prior(uow, cmd.caller)
        if done is not None:
            return done
        case = await case_to_change(uow, cmd.number, cmd.caller)
        case.review(await matter_of(uow, case), notice_terms(deps, cmd.caller, cmd.supplement_by),
                    by=cmd.caller.by, at=deps.now())
        await uow.cases.save(case)
        await remember(uow, cmd.caller, case.number)
        await uow.commit()
    return case.number


async def supplement_case(cmd: ReviewCase, uow: UnitOfWork, *, deps: Deps) -> str:
    """``case.supplemented``, then (after a notice) the re-check's outcome."""
    async with uow:
        done = await prior(uow, cmd.caller)
        if done is not None:
            return done
        case = await case_to_change(uow, cmd.number, cmd.caller)
        case.supplement(await matter_of(uow, case),
                        notice_terms(deps, cmd.caller, cmd.supplement_by),
                        by=cmd.caller.by, at=deps.now())
        await uow.cases.save(case)
        await remember(uow, cmd.caller, case.number)
        await uow.commit()
    return case.number


async def withdraw_case(number: str, reason: str, caller: Caller, uow: UnitOfWork, *,
                        deps: Deps) -> None:
    """Withdraw at the resident's wish (``case.withdrawn``)."""
    async with uow:
        case = await case_to_change(uow, number, caller)
        case.withdraw(reason, by=caller.by, at=deps.now())
        await uow.cases.save(case)
        await uow.commit()


async def notice_of(number: str, seq: int, caller: Caller, uow: UnitOfWork) -> Notice:
    """One notice of a case the caller may see."""
    async with uow:
        case = await uow.cases.get(number)
    if case is None or not caller.covers(case.village_code):
        raise NoticeNotFound(f"no case {number} in your jurisdiction")
    found = next((n for n in case.notices if n.seq == seq), None)
    if found is None:
        raise NoticeNotFound(f"case {number} has {len(case.notices)} notice(s); no notice {seq}")
    return found
