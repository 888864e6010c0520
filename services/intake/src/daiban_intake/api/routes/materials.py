"""A case's papers: scans (raw body uploads), checklist marks, and the power of attorney."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from daiban_common.idempotency import RetryKey
from daiban_intake.api.deps import (
    CaseKeeper,
    IdempotencyKey,
    IntakeCommands,
    IntakeQueries,
    StaffReader,
)
from daiban_intake.api.schemas.cases import (
    AttachmentOut,
    AuthorizationIn,
    CaseOut,
    MarkIn,
    ReasonIn,
)
from daiban_intake.api.schemas.views import attachment_view, render
from daiban_intake.handlers import (
    CaseOf,
    MarkMaterial,
    RecordAuthorization,
    RevokeAuthorization,
    ScanOf,
    UploadScan,
)
from daiban_kernel.cases import CASE_NUMBER

router = APIRouter(prefix="/v1", tags=["materials"])

CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER)]
Item = Annotated[int, Path(ge=1, le=100, description="1-based position on the checklist")]
AttachmentId = Annotated[str, Path(pattern=r"^[0-9a-f]{1,32}$")]
SCAN_TYPES = ("image/jpeg", "image/png", "application/pdf")


@router.post(
    "/cases/{number}/attachments", status_code=status.HTTP_201_CREATED,
    response_model=AttachmentOut,
    openapi_extra={"requestBody": {"required": True, "content": {
        t: {"schema": {"type": "string", "format": "binary"}} for t in SCAN_TYPES}}})
async def upload_scan(
    number: CaseNumber, actor: CaseKeeper, commands: IntakeCommands, queries: IntakeQueries,
    request: Request, response: Response,
    item: Annotated[int | None, Query(ge=1, le=100, description="the checklist item")] = None,
    filename: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f/\\]+$")]
    = None,
    idempotency_key: IdempotencyKey = None,
) -> AttachmentOut:
    """Upload a scan (JPEG, PNG or PDF, checked by content) as the raw body with its type."""
    content = await request.body()
    declared = request.headers.get("content-type")
    retry = RetryKey.of(principal=actor.staff_id, key=idempotency_key, request={
        "route": "upload", "number": number, "item": item, "type": declared,
        "sha256": hashlib.sha256(content).hexdigest()})
    attachment_id = await commands.upload_scan(UploadScan(
        number=number, content=content, declared_type=declared, item=item, filename=filename,
        by=actor, retry=retry))
    response.headers["Location"] = f"/v1/cases/{number}/attachments/{attachment_id}"
    return attachment_view((await queries.scan(ScanOf(number, attachment_id, actor))).attachment)


@router.get("/cases/{number}/attachments/{attachment_id}", response_class=Response,
            responses={200: {"content": {t: {} for t in SCAN_TYPES}}})
async def download_scan(number: CaseNumber, attachment_id: AttachmentId, actor: StaffReader,
                        queries: IntakeQueries) -> Response:
    """A scan's bytes, with its type and SHA-256 (in ``Digest``-style header ``X-SHA256``)."""
    scan = await queries.scan(ScanOf(number, attachment_id, actor))
    return Response(scan.content, media_type=scan.attachment.content_type.value,
                    headers={"X-SHA256": scan.attachment.sha256})


@router.put("/cases/{number}/materials/{item}", response_model=CaseOut)
async def mark_material(number: CaseNumber, item: Item, body: MarkIn, actor: CaseKeeper,
                        commands: IntakeCommands, queries: IntakeQueries) -> CaseOut:
    """Mark one checklist item provided, seen in the original, or missing."""
    await commands.mark_material(MarkMaterial(number=number, item=item, state=body.state,
                                              note=body.note, by=actor))
    return render(await queries.case(CaseOf(number, actor)))


@router.post("/cases/{number}/authorization", status_code=status.HTTP_201_CREATED,
             response_model=CaseOut)
async def record_authorization(number: CaseNumber, body: AuthorizationIn, actor: CaseKeeper,
                               commands: IntakeCommands, queries: IntakeQueries,
                               idempotency_key: IdempotencyKey = None) -> CaseOut:
    """Record the resident's signed power of attorney for this matter (授权委托书)."""
    retry = RetryKey.of(principal=actor.staff_id, key=idempotency_key, request={
        "route": "authorization", "number": number, "body": body.model_dump(mode="json")})
    await commands.record_authorization(RecordAuthorization(
        number=number, agent_name=body.agent_name, signed_on=body.signed_on,
        countersigned_by=body.countersigned_by, scan_attachment_id=body.scan_attachment_id,
        by=actor, retry=retry))
    return render(await queries.case(CaseOf(number, actor)))


@router.post("/cases/{number}/authorization/revoke", response_model=CaseOut)
async def revoke_authorization(number: CaseNumber, body: ReasonIn, actor: CaseKeeper,
                               commands: IntakeCommands, queries: IntakeQueries) -> CaseOut:
    """The resident revokes the power of attorney; the case is withdrawn."""
    await commands.revoke_authorization(RevokeAuthorization(number, body.reason, actor))
    return render(await queries.case(CaseOf(number, actor)))
