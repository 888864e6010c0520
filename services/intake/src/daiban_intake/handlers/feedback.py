"""After the result: receipt, rating, and complaints with their answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from daiban_common.idempotency import RetryKey
from daiban_intake.domain.complaint import Complaint
from daiban_intake.domain.errors import ComplaintNotFound
from daiban_intake.handlers.case_loading import case_to_change
from daiban_intake.ports import ComplaintQuery, UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.china import china_date
from daiban_kernel.clock import Clock, Ids
from daiban_kernel.errors import Forbidden


@dataclass(frozen=True)
class SignReceipt:
    """The resident signed for the result (签字) and noted feedback (注明反馈意见)."""

    number: str
    received_on: date | None
    feedback: str | None
    by: Actor
    retry: RetryKey | None = None


async def record_receipt(cmd: SignReceipt, uow: UnitOfWork, *, clock: Clock) -> str:
    """``case.receipt_signed``; the result counts as delivered."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return retry.prior
            case = await case_to_change(uow, cmd.number, cmd.by)
            at = clock()
            case.sign_receipt(received_on=cmd.received_on or china_date(at),
                              feedback=cmd.feedback, by=cmd.by, at=at)
            await uow.cases.save(case)
            retry.record(case.number)
        await uow.commit()
    return case.number


@dataclass(frozen=True)
class RateCase:
    """The resident's rating of the service (好差评)."""

    number: str
    stars: int
    comment: str | None
    by: Actor
    retry: RetryKey | None = None


async def rate_case(cmd: RateCase, uow: UnitOfWork, *, clock: Clock, ids: Ids) -> str:
    """``case.rated``; a bad rating also files a complaint (``complaint.filed``)."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return retry.prior
            case = await case_to_change(uow, cmd.number, cmd.by)
            complaint = case.rate(stars=cmd.stars, comment=cmd.comment, by=cmd.by, at=clock(),
                                  complaint_id=ids())
            await uow.cases.save(case)
            if complaint is not None:
                await uow.complaints.add(complaint)
            retry.record(case.number)
        await uow.commit()
    return case.number


@dataclass(frozen=True)
class FileComplaint:
    """A complaint received directly (hotline, suggestion box, at the window)."""

    place_code: str
    case_number: str | None
    summary: str
    by: Actor
    retry: RetryKey | None = None


async def file_complaint(cmd: FileComplaint, uow: UnitOfWork, *, clock: Clock, ids: Ids) -> str:
    """``complaint.filed``; returns the complaint's id. About a case, the case's village."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return retry.prior
            place = cmd.place_code
            if cmd.case_number is not None:
                place = (await case_to_change(uow, cmd.case_number, cmd.by)).village_code
            elif not cmd.by.covers(place):
                raise Forbidden(f"place {place} is outside your jurisdiction {cmd.by.place}")
            complaint = Complaint.file(id=ids(), case_number=cmd.case_number, place_code=place,
                                       summary=cmd.summary, from_rating=False, by=cmd.by,
                                       at=clock())
            await uow.complaints.add(complaint)
            retry.record(complaint.id)
        await uow.commit()
    return complaint.id


@dataclass(frozen=True)
class AnswerComplaint:
    """The answer to a complaint, given once."""

    complaint_id: str
    answer: str
    by: Actor


async def answer_complaint(cmd: AnswerComplaint, uow: UnitOfWork, *, clock: Clock) -> None:
    """Record the answer (``complaint.answered``)."""
    async with uow:
        complaint = await uow.complaints.get(cmd.complaint_id, lock=True)
        if complaint is None or not cmd.by.covers(complaint.place_code):
            raise ComplaintNotFound(f"no complaint {cmd.complaint_id} in your jurisdiction")
        complaint.respond(cmd.answer, by=cmd.by, at=clock())
        await uow.complaints.save(complaint)
        await uow.commit()


@dataclass(frozen=True)
class ComplaintOf:
    """One complaint, as ``by`` may see it."""

    complaint_id: str
    by: Actor


async def complaint_for(query: ComplaintOf, uow: UnitOfWork) -> Complaint:
    """A complaint the caller may see."""
    async with uow:
        complaint = await uow.complaints.get(query.complaint_id)
    if complaint is None or not query.by.covers(complaint.place_code):
        raise ComplaintNotFound(f"no complaint {query.complaint_id} in your jurisdiction")
    return complaint


@dataclass(frozen=True)
class ComplaintsUnder:
    """A page of complaints: the filter, where the last page ended, how many."""

    query: ComplaintQuery
    before: int | None
    limit: int


@dataclass(frozen=True)
class ComplaintsFound:
    """A page of complaints with their numbers, and whether more follow."""

    items: list[tuple[int, Complaint]]
    more: bool


async def list_complaints(query: ComplaintsUnder, uow: UnitOfWork) -> ComplaintsFound:
    """A page of complaints, newest first."""
    async with uow:
        found = await uow.complaints.page(query.query, before=query.before,
                                          limit=query.limit + 1)
    return ComplaintsFound(found[:query.limit], len(found) > query.limit)
