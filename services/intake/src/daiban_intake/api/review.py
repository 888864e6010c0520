"""Pre-review, supplements, withdrawal, and the one-time notice as HTML and PDF."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from daiban_intake.api.deps import CaseKeeper, IdempotencyKey, IntakeDep, StaffReader, caller_of
from daiban_intake.api.render import render
from daiban_intake.api.schemas import CaseOut, ReasonIn, ReviewIn
from daiban_intake.handlers import review
from daiban_kernel.cases import CASE_NUMBER

router = APIRouter(prefix="/v1", tags=["pre-review"])

CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER)]
Seq = Annotated[int, Path(ge=1, le=1000, description="the notice's number within the case")]


@router.post("/cases/{number}/review", response_model=CaseOut)
async def review_case(number: CaseNumber, body: ReviewIn, principal: CaseKeeper,
                      intake: IntakeDep, idempotency_key: IdempotencyKey = None) -> CaseOut:
    """Pre-review: accept a complete case, or issue ONE notice of everything missing."""
    caller = caller_of(principal, idempotency_key, request={
        "route": "review", "number": number, "body": body.model_dump(mode="json")})
    await review.review_case(review.ReviewCase(number, body.supplement_by, caller),
                             intake.uow_factory(), deps=intake.deps)
    return render(*await intake.case_for(number, principal))


@router.post("/cases/{number}/supplement", response_model=CaseOut)
async def supplement_case(number: CaseNumber, body: ReviewIn, principal: CaseKeeper,
                          intake: IntakeDep, idempotency_key: IdempotencyKey = None) -> CaseOut:
    """The resident supplied what a notice or a return asked: re-check, or send it back."""
    caller = caller_of(principal, idempotency_key, request={
        "route": "supplement", "number": number, "body": body.model_dump(mode="json")})
    await review.supplement_case(review.ReviewCase(number, body.supplement_by, caller),
                                 intake.uow_factory(), deps=intake.deps)
    return render(*await intake.case_for(number, principal))


@router.post("/cases/{number}/withdraw", response_model=CaseOut)
async def withdraw_case(number: CaseNumber, body: ReasonIn, principal: CaseKeeper,
                        intake: IntakeDep) -> CaseOut:
    """Withdraw the case at the resident's wish, any time before a decision."""
    await review.withdraw_case(number, body.reason, caller_of(principal), intake.uow_factory(),
                               deps=intake.deps)
    return render(*await intake.case_for(number, principal))


@router.get("/cases/{number}/notices/{seq}.html", response_class=HTMLResponse)
async def notice_html(number: CaseNumber, seq: Seq, principal: StaffReader,
                      intake: IntakeDep) -> HTMLResponse:
    """The one-time notice (一次性告知书) as a printable HTML page."""
    notice = await review.notice_of(number, seq, caller_of(principal), intake.uow_factory())
    return HTMLResponse(intake.notices.html(notice))


@router.get("/cases/{number}/notices/{seq}.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
async def notice_pdf(number: CaseNumber, seq: Seq, principal: StaffReader,
                     intake: IntakeDep) -> Response:
    """The one-time notice (一次性告知书) as a PDF in Chinese."""
    notice = await review.notice_of(number, seq, caller_of(principal), intake.uow_factory())
    content = await asyncio.to_thread(intake.notices.pdf, notice)
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{notice.id}.pdf"'})
