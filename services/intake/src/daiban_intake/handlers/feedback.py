"""After the result: receipt, rating, and complaints with their answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from daiban_intake.domain.case_errors import ComplaintNotFound
from daiban_intake.domain.feedback import Complaint, rate, sign_receipt
from daiban_intake.handlers.common import Caller, Deps, case_to_change, prior, remember
from daiban_intake.ports import ComplaintQuery, UnitOfWork
from daiban_kernel.errors import Forbidden


@dataclass(frozen=True)
class SignReceipt:
    """The resident signed for the result (签字) and noted feedback (注明反馈意见)."""

    number: str
    received_on: date | None
    feedback: str | None
    caller: Caller


async def record_receipt(cmd: SignReceipt, uow: UnitOfWork, *, deps: Deps) -> str:
    """``case.receipt_signed``; the result counts as delivered."""
    async with uow:
        done = await prior(uow, cmd.caller)
        if done is not None:
            return done
        case = await case_to_change(uow, cmd.number, cmd.caller)
        sign_receipt(case, received_on=cmd.received_on or deps.today(), feedback=cmd.feedback,
                     by=cmd.caller.by, at=deps.now())
        await uow.cases.save(case)
        await remember(uow, cmd.caller, case.number)
        await uow.commit()
    return case.number


@dataclass(frozen=True)
class RateCase:
    """The resident's rating of the service (好差评)."""

    number: str
    stars: int
    comment: str | None
    caller: Caller


async def rate_case(cmd: RateCase, uow: UnitOfWork, *, deps: Deps) -> str:
    """``case.rated``; a bad rating also files a complaint (``complaint.filed``)."""
    async with uow:
        done = await prior(uow, cmd.caller)
        if done is not None:
            return done
        case = await case_to_change(uow, cmd.number, cmd.caller)
        complaint = rate(case, stars=cmd.stars, comment=cmd.comment, by=cmd.caller.by,
                         at=deps.now(), complaint_id=deps.new_id())
        await uow.cases.save(case)
        if complaint is not None:
            await uow.complaints.add(complaint)
        await remember(uow, cmd.caller, case.number)
        await uow.commit()
    return case.number


@dataclass(frozen=True)
class FileComplaint:
    """A complaint received directly (hotline, suggestion box, at the window)."""

    place_code: str
    case_number: str | None
    summary: str
    caller: Caller


async def file_complaint(cmd: FileComplaint, uow: UnitOfWork, *, deps: Deps) -> str:
    """``complaint.filed``; returns the complaint's id. About a case, the case's village."""
    async with uow:
        done = await prior(uow, cmd.caller)
        if done is not None:
            return done
        place = cmd.place_code
        if cmd.case_number is not None:
            place = (await case_to_change(uow, cmd.case_number, cmd.caller)).village_code
        elif not cmd.caller.covers(place):
            raise Forbidden(f"place {place} is outside your jurisdiction {cmd.caller.by.place}")
        complaint = Complaint.file(id=deps.new_id(), case_number=cmd.case_number,
                                   place_code=place, summary=cmd.summary, from_rating=False,
                                   by=cmd.caller.by, at=deps.now())
        await uow.complaints.add(complaint)
        await remember(uow, cmd.caller, complaint.id)
        await uow.commit()
    return complaint.id


async def answer_complaint(complaint_id: str, answer: str, caller: Caller, uow: UnitOfWork, *,
                           deps: Deps) -> None:
    """Record the answer (``complaint.answered``)."""
    async with uow:
        complaint = await uow.complaints.get(complaint_id, lock=True)
        if complaint is None or not caller.covers(complaint.place_code):
            raise ComplaintNotFound(f"no complaint {complaint_id} in your jurisdiction")
        complaint.respond(answer, by=caller.by, at=deps.now())
        await uow.complaints.save(complaint)
        await uow.commit()


async def complaint_for(complaint_id: str, caller: Caller, uow: UnitOfWork) -> Complaint:
    """A complaint the caller may see."""
    async with uow:
        complaint = await uow.complaints.get(complaint_id)
    if complaint is None or not caller.covers(complaint.place_code):
        raise ComplaintNotFound(f"no complaint {complaint_id} in your jurisdiction")
    return complaint


async def list_complaints(query: ComplaintQuery, uow: UnitOfWork, *, before: int | None,
                          limit: int) -> tuple[list[tuple[int, Complaint]], bool]:
    """A page of complaints and whether more follow."""
    async with uow:
        found = await uow.complaints.page(query, before=before, limit=limit + 1)
    return found[:limit], len(found) > limit
