"""Pre-review, supplements, withdrawal, and the one-time notice as HTML and PDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from daiban_common.idempotency import RetryKey
from daiban_intake.api.deps import (
    CaseKeeper,
    IdempotencyKey,
    IntakeCommands,
    IntakeQueries,
    StaffReader,
)
from daiban_intake.api.schemas.cases import CaseOut, ReasonIn, ReviewIn
from daiban_intake.api.schemas.views import render
from daiban_intake.handlers import CaseOf, NoticeOf, ReviewCase, WithdrawCase
from daiban_kernel.actor import Actor
from daiban_kernel.cases import CASE_NUMBER

router = APIRouter(prefix="/v1", tags=["pre-review"])

CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER)]
Seq = Annotated[int, Path(ge=1, le=1000, description="the notice's number within the case")]


@router.post("/cases/{number}/review", response_model=CaseOut)
async def review_case(number: CaseNumber, body: ReviewIn, actor: CaseKeeper,
                      commands: IntakeCommands, queries: IntakeQueries,
                      idempotency_key: IdempotencyKey = None) -> CaseOut:
    """Pre-review: accept a complete case, or issue ONE notice of everything missing."""
    await commands.review_case(_check("review", number, body, actor, idempotency_key))
    return render(await queries.case(CaseOf(number, actor)))


@router.post("/cases/{number}/supplement", response_model=CaseOut)
async def supplement_case(number: CaseNumber, body: ReviewIn, actor: CaseKeeper,
                          commands: IntakeCommands, queries: IntakeQueries,
                          idempotency_key: IdempotencyKey = None) -> CaseOut:
    """The resident supplied what a notice or a return asked: re-check, or send it back."""
    await commands.supplement_case(_check("supplement", number, body, actor, idempotency_key))
    return render(await queries.case(CaseOf(number, actor)))


def _check(route: str, number: str, body: ReviewIn, actor: Actor, key: str | None
           ) -> ReviewCase:
    retry = RetryKey.of(principal=actor.staff_id, key=key, request={
        "route": route, "number": number, "body": body.model_dump(mode="json")})
    return ReviewCase(number, body.supplement_by, actor, retry)


@router.post("/cases/{number}/withdraw", response_model=CaseOut)
async def withdraw_case(number: CaseNumber, body: ReasonIn, actor: CaseKeeper,
                        commands: IntakeCommands, queries: IntakeQueries) -> CaseOut:
    """Withdraw the case at the resident's wish, any time before a decision."""
    await commands.withdraw_case(WithdrawCase(number, body.reason, actor))
    return render(await queries.case(CaseOf(number, actor)))


@router.get("/cases/{number}/notices/{seq}.html", response_class=HTMLResponse)
async def notice_html(number: CaseNumber, seq: Seq, actor: StaffReader,
                      queries: IntakeQueries) -> HTMLResponse:
    """The one-time notice (一次性告知书) as a printable HTML page."""
    return HTMLResponse(await queries.notice_html(NoticeOf(number, seq, actor)))


@router.get("/cases/{number}/notices/{seq}.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
async def notice_pdf(number: CaseNumber, seq: Seq, actor: StaffReader,
                     queries: IntakeQueries) -> Response:
    """The one-time notice (一次性告知书) as a PDF in Chinese."""
    printed = await queries.notice_pdf(NoticeOf(number, seq, actor))
    return Response(printed.pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{printed.id}.pdf"'})
