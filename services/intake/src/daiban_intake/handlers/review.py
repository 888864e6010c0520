"""Pre-review (初审), supplements, withdrawal, and the notices they print."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from daiban_common.idempotency import RetryKey
from daiban_intake.domain.case import Case, NoticeTerms
from daiban_intake.domain.case_history import Notice
from daiban_intake.domain.errors import CaseNotFound, NoticeNotFound, SupplementDateNotAhead
from daiban_intake.handlers.case_loading import case_to_change, case_to_read, matter_of
from daiban_intake.ports import NoticePrinter, UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.china import china_date
from daiban_kernel.clock import Clock


@dataclass(frozen=True)
class ReviewCase:
    """The agent checks the papers against the checklist: accept, or one notice of all gaps.
    The same command carries a supplement."""

    number: str
    supplement_by: date | None
    by: Actor
    retry: RetryKey | None = None


async def review_case(cmd: ReviewCase, uow: UnitOfWork, *, clock: Clock,
                      supplement_days: int) -> str:
    """``case.accepted``, or ``case.incomplete`` with a notice; returns the case number."""
    return await _check(cmd, uow, clock=clock, supplement_days=supplement_days,
                        step=Case.review)


async def supplement_case(cmd: ReviewCase, uow: UnitOfWork, *, clock: Clock,
                          supplement_days: int) -> str:
    """``case.supplemented``, then (after a notice) the re-check's outcome."""
    return await _check(cmd, uow, clock=clock, supplement_days=supplement_days,
                        step=Case.supplement)


CheckStep = Callable[..., None]
"""``Case.review`` or ``Case.supplement``: (case, matter, terms, *, by, at)."""


async def _check(cmd: ReviewCase, uow: UnitOfWork, *, clock: Clock, supplement_days: int,
                 step: CheckStep) -> str:
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return retry.prior
            case = await case_to_change(uow, cmd.number, cmd.by)
            at = clock()
            station = await uow.stations.at(case.village_code)
            step(case, await matter_of(uow, case),
                 notice_terms(cmd, today=china_date(at), supplement_days=supplement_days,
                              station_name=station.name if station else None),
                 by=cmd.by, at=at)
            await uow.cases.save(case)
            retry.record(case.number)
        await uow.commit()
    return case.number


def notice_terms(cmd: ReviewCase, *, today: date, supplement_days: int,
                 station_name: str | None) -> NoticeTerms:
    """The date to supplement by (the agent's, or ``supplement_days`` from today; a further
    notice keeps the first's unless the agent sets one), and the names the notice shows for the
    agent and the station."""
    if cmd.supplement_by is not None and cmd.supplement_by <= today:
        raise SupplementDateNotAhead(f"{cmd.supplement_by} is not after today ({today})")
    return NoticeTerms(supplement_by=cmd.supplement_by or today + timedelta(days=supplement_days),
                       agent_name=cmd.by.name, date_set_by_agent=cmd.supplement_by is not None,
                       station_name=station_name)


@dataclass(frozen=True)
class WithdrawCase:
    """The resident withdraws the case (any time before a decision)."""

    number: str
    reason: str
    by: Actor


async def withdraw_case(cmd: WithdrawCase, uow: UnitOfWork, *, clock: Clock) -> None:
    """Withdraw at the resident's wish (``case.withdrawn``)."""
    async with uow:
        case = await case_to_change(uow, cmd.number, cmd.by)
        case.withdraw(cmd.reason, by=cmd.by, at=clock())
        await uow.cases.save(case)
        await uow.commit()


@dataclass(frozen=True)
class NoticeOf:
    """One notice of a case, as ``by`` may see it."""

    number: str
    seq: int
    by: Actor


@dataclass(frozen=True)
class PrintedNotice:
    """A notice printed as a PDF."""

    id: str
    pdf: bytes


async def notice_of(query: NoticeOf, uow: UnitOfWork) -> Notice:
    """One notice of a case the caller may see."""
    async with uow:
        try:
            case = await case_to_read(uow, query.number, query.by)
        except CaseNotFound as missing:
            raise NoticeNotFound(str(missing)) from missing
    found = next((n for n in case.notices if n.seq == query.seq), None)
    if found is None:
        raise NoticeNotFound(f"case {query.number} has {len(case.notices)} notice(s); "
                             f"no notice {query.seq}")
    return found


async def notice_html(query: NoticeOf, uow: UnitOfWork, *, printer: NoticePrinter) -> str:
    """The notice as a printable HTML page."""
    return printer.html(await notice_of(query, uow))


async def notice_pdf(query: NoticeOf, uow: UnitOfWork, *, printer: NoticePrinter
                     ) -> PrintedNotice:
    """The notice as a PDF in Chinese (printed off the event loop)."""
    notice = await notice_of(query, uow)
    return PrintedNotice(notice.id, await asyncio.to_thread(printer.pdf, notice))
