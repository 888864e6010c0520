"""After the result: the resident's receipt and rating, and complaints with their answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_intake.api.deps import (
    CaseKeeper,
    ComplaintAnswerer,
    IdempotencyKey,
    IntakeDep,
    StaffReader,
    caller_of,
)
from daiban_intake.api.feedback_schemas import (
    AnswerIn,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    RatingIn,
    ReceiptIn,
)
from daiban_intake.api.render import complaint_view, render
from daiban_intake.api.schemas import CaseOut
from daiban_intake.handlers import feedback
from daiban_intake.ports import ComplaintQuery
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.errors import FieldProblem, InvalidInput

router = APIRouter(prefix="/v1", tags=["feedback"])

CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER)]
ComplaintId = Annotated[str, Path(pattern=r"^[0-9a-f]{1,32}$")]


@router.post("/cases/{number}/receipt", status_code=status.HTTP_201_CREATED,
             response_model=CaseOut)
async def sign_receipt(number: CaseNumber, body: ReceiptIn, principal: CaseKeeper,
                       intake: IntakeDep, idempotency_key: IdempotencyKey = None) -> CaseOut:
    """The resident signed for the result and noted feedback (签字、注明反馈意见)."""
    if not body.signed:
        raise InvalidInput(FieldProblem("signed", "the resident must sign the receipt"))
    caller = caller_of(principal, idempotency_key, request={
        "route": "receipt", "number": number, "body": body.model_dump(mode="json")})
    await feedback.record_receipt(feedback.SignReceipt(number, body.received_on, body.feedback,
                                                       caller),
                                  intake.uow_factory(), deps=intake.deps)
    return render(*await intake.case_for(number, principal))


@router.post("/cases/{number}/rating", status_code=status.HTTP_201_CREATED,
             response_model=CaseOut)
async def rate_case(number: CaseNumber, body: RatingIn, principal: CaseKeeper,
                    intake: IntakeDep, idempotency_key: IdempotencyKey = None) -> CaseOut:
    """The resident's rating (好差评), 1-5 stars; 1-2 stars opens a complaint to follow up."""
    caller = caller_of(principal, idempotency_key, request={
        "route": "rating", "number": number, "body": body.model_dump(mode="json")})
    await feedback.rate_case(feedback.RateCase(number, body.stars, body.comment, caller),
                             intake.uow_factory(), deps=intake.deps)
    return render(*await intake.case_for(number, principal))


@router.post("/complaints", status_code=status.HTTP_201_CREATED, response_model=ComplaintOut)
async def file_complaint(body: ComplaintIn, principal: StaffReader, intake: IntakeDep,
                         response: Response, idempotency_key: IdempotencyKey = None
                         ) -> ComplaintOut:
    """Record a complaint received directly (投诉举报), about a case or a place's service."""
    if body.place_code is None and body.case_number is None:
        raise InvalidInput(FieldProblem("place_code", "name a place or a case"))
    caller = caller_of(principal, idempotency_key, request={
        "route": "complaint", "body": body.model_dump(mode="json")})
    complaint_id = await feedback.file_complaint(feedback.FileComplaint(
        place_code=body.place_code or "", case_number=body.case_number, summary=body.summary,
        caller=caller), intake.uow_factory(), deps=intake.deps)
    response.headers["Location"] = f"/v1/complaints/{complaint_id}"
    return complaint_view(await feedback.complaint_for(complaint_id, caller,
                                                       intake.uow_factory()))


@router.get("/complaints", response_model=ComplaintPage)
async def complaints(principal: StaffReader, intake: IntakeDep,
                     answered: Annotated[bool | None, Query()] = None,
                     case: Annotated[str | None, Query(pattern=CASE_NUMBER)] = None,
                     cursor: Cursor = None, limit: Limit = 50) -> ComplaintPage:
    """Complaints in the caller's place, newest first; ``answered=false`` for the open ones."""
    position = decode_cursor(cursor, fields={"seq": int})
    found, more = await feedback.list_complaints(
        ComplaintQuery(place=principal.place, answered=answered, case_number=case),
        intake.uow_factory(), before=position["seq"] if position else None, limit=limit)
    next_cursor = encode_cursor({"seq": found[-1][0]}) if more and found else None
    return ComplaintPage(items=[complaint_view(c) for _, c in found], next_cursor=next_cursor)


@router.get("/complaints/{complaint_id}", response_model=ComplaintOut)
async def get_complaint(complaint_id: ComplaintId, principal: StaffReader,
                        intake: IntakeDep) -> ComplaintOut:
    """One complaint in the caller's place."""
    return complaint_view(await feedback.complaint_for(complaint_id, caller_of(principal),
                                                       intake.uow_factory()))


@router.post("/complaints/{complaint_id}/answer", response_model=ComplaintOut)
async def answer_complaint(complaint_id: ComplaintId, body: AnswerIn,
                           principal: ComplaintAnswerer, intake: IntakeDep) -> ComplaintOut:
    """Answer a complaint (recorded once; ``complaint.answered``)."""
    caller = caller_of(principal)
    await feedback.answer_complaint(complaint_id, body.answer, caller, intake.uow_factory(),
                                    deps=intake.deps)
    return complaint_view(await feedback.complaint_for(complaint_id, caller,
                                                       intake.uow_factory()))
