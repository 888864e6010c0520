"""After the result: the resident's receipt and rating, and complaints with their answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from daiban_common.idempotency import RetryKey
from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_intake.api.deps import (
    CaseKeeper,
    ComplaintAnswerer,
    IdempotencyKey,
    IntakeCommands,
    IntakeQueries,
    StaffReader,
)
from daiban_intake.api.schemas.cases import CaseOut
from daiban_intake.api.schemas.feedback import (
    AnswerIn,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    RatingIn,
    ReceiptIn,
)
from daiban_intake.api.schemas.views import complaint_view, render
from daiban_intake.handlers import (
    AnswerComplaint,
    CaseOf,
    ComplaintOf,
    ComplaintsUnder,
    FileComplaint,
    RateCase,
    SignReceipt,
)
from daiban_intake.ports import ComplaintQuery
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.errors import FieldProblem, InvalidInput

router = APIRouter(prefix="/v1", tags=["feedback"])

CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER)]
ComplaintId = Annotated[str, Path(pattern=r"^[0-9a-f]{1,32}$")]


@router.post("/cases/{number}/receipt", status_code=status.HTTP_201_CREATED,
             response_model=CaseOut)
async def sign_receipt(number: CaseNumber, body: ReceiptIn, actor: CaseKeeper,
                       commands: IntakeCommands, queries: IntakeQueries,
                       idempotency_key: IdempotencyKey = None) -> CaseOut:
    """The resident signed for the result and noted feedback (签字、注明反馈意见)."""
    if not body.signed:
        raise InvalidInput(FieldProblem("signed", "the resident must sign the receipt"))
    retry = RetryKey.of(principal=actor.staff_id, key=idempotency_key, request={
        "route": "receipt", "number": number, "body": body.model_dump(mode="json")})
    await commands.record_receipt(SignReceipt(number, body.received_on, body.feedback, actor,
                                              retry))
    return render(await queries.case(CaseOf(number, actor)))


@router.post("/cases/{number}/rating", status_code=status.HTTP_201_CREATED,
             response_model=CaseOut)
async def rate_case(number: CaseNumber, body: RatingIn, actor: CaseKeeper,
                    commands: IntakeCommands, queries: IntakeQueries,
                    idempotency_key: IdempotencyKey = None) -> CaseOut:
    """The resident's rating (好差评), 1-5 stars; 1-2 stars opens a complaint to follow up."""
    retry = RetryKey.of(principal=actor.staff_id, key=idempotency_key, request={
        "route": "rating", "number": number, "body": body.model_dump(mode="json")})
    await commands.rate_case(RateCase(number, body.stars, body.comment, actor, retry))
    return render(await queries.case(CaseOf(number, actor)))


@router.post("/complaints", status_code=status.HTTP_201_CREATED, response_model=ComplaintOut)
async def file_complaint(body: ComplaintIn, actor: StaffReader, commands: IntakeCommands,
                         queries: IntakeQueries, response: Response,
                         idempotency_key: IdempotencyKey = None) -> ComplaintOut:
    """Record a complaint received directly (投诉举报), about a case or a place's service."""
    if body.place_code is None and body.case_number is None:
        raise InvalidInput(FieldProblem("place_code", "name a place or a case"))
    retry = RetryKey.of(principal=actor.staff_id, key=idempotency_key, request={
        "route": "complaint", "body": body.model_dump(mode="json")})
    complaint_id = await commands.file_complaint(FileComplaint(
        place_code=body.place_code or "", case_number=body.case_number, summary=body.summary,
        by=actor, retry=retry))
    response.headers["Location"] = f"/v1/complaints/{complaint_id}"
    return complaint_view(await queries.complaint(ComplaintOf(complaint_id, actor)))


@router.get("/complaints", response_model=ComplaintPage)
async def complaints(actor: StaffReader, queries: IntakeQueries,
                     answered: Annotated[bool | None, Query()] = None,
                     case: Annotated[str | None, Query(pattern=CASE_NUMBER)] = None,
                     cursor: Cursor = None, limit: Limit = 50) -> ComplaintPage:
    """Complaints in the caller's place, newest first; ``answered=false`` for the open ones."""
    position = decode_cursor(cursor, fields={"seq": int})
    found = await queries.complaints(ComplaintsUnder(
        ComplaintQuery(place=actor.place, answered=answered, case_number=case),
        position["seq"] if position else None, limit))
    next_cursor = (encode_cursor({"seq": found.items[-1][0]})
                   if found.more and found.items else None)
    return ComplaintPage(items=[complaint_view(c) for _, c in found.items],
                         next_cursor=next_cursor)


@router.get("/complaints/{complaint_id}", response_model=ComplaintOut)
async def get_complaint(complaint_id: ComplaintId, actor: StaffReader,
                        queries: IntakeQueries) -> ComplaintOut:
    """One complaint in the caller's place."""
    return complaint_view(await queries.complaint(ComplaintOf(complaint_id, actor)))


@router.post("/complaints/{complaint_id}/answer", response_model=ComplaintOut)
async def answer_complaint(complaint_id: ComplaintId, body: AnswerIn,
                           actor: ComplaintAnswerer, commands: IntakeCommands,
                           queries: IntakeQueries) -> ComplaintOut:
    """Answer a complaint (recorded once; ``complaint.answered``)."""
    await commands.answer_complaint(AnswerComplaint(complaint_id, body.answer, actor))
    return complaint_view(await queries.complaint(ComplaintOf(complaint_id, actor)))
