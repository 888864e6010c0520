"""The catalogue as admins change it: create, new versions, publication, bulk files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from daiban_common.idempotency import RetryKey
from daiban_intake.api.deps import Admin, IdempotencyKey, IntakeCommands, IntakeQueries
from daiban_intake.api.routes.catalogue import CodePath, Department
from daiban_intake.api.schemas.matters import (
    ImportSummaryOut,
    MatterIn,
    MatterOut,
    MatterTermsIn,
)
from daiban_intake.api.schemas.views import matter_view
from daiban_intake.domain.errors import UnsupportedFileFormat
from daiban_intake.handlers import ExportMatters, ImportMatters, Publication, WriteMatter
from daiban_intake.ports import FileFormat

router = APIRouter(prefix="/v1/admin/matters", tags=["catalogue admin"])

FILE_BODY = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=MatterOut)
async def create_matter(body: MatterIn, actor: Admin, commands: IntakeCommands,
                        response: Response, idempotency_key: IdempotencyKey = None) -> MatterOut:
    """Create a matter at version 1, not yet published."""
    written = await commands.create_matter(WriteMatter(
        code=body.code, terms=body.terms(), by=actor,
        retry=RetryKey.of(principal=actor.staff_id, key=idempotency_key,
                          request={"create": body.model_dump(mode="json")})))
    response.headers["Location"] = f"/v1/matters/{body.code}/versions/{written.matter.version}"
    return matter_view(written.matter)


@router.post("/{code}/versions", status_code=status.HTTP_201_CREATED, response_model=MatterOut,
             responses={200: {"model": MatterOut, "description": "The same terms: no new version"}})
async def change_matter(code: CodePath, body: MatterTermsIn, actor: Admin,
                        commands: IntakeCommands, response: Response,
                        idempotency_key: IdempotencyKey = None) -> MatterOut:
    """Write the matter's next version (201); the same terms as now write nothing (200)."""
    written = await commands.change_matter(WriteMatter(
        code=code, terms=body.terms(), by=actor,
        retry=RetryKey.of(principal=actor.staff_id, key=idempotency_key,
                          request={"change": code, "terms": body.model_dump(mode="json")})))
    if written.created:
        response.headers["Location"] = f"/v1/matters/{code}/versions/{written.matter.version}"
    else:
        response.status_code = status.HTTP_200_OK
    return matter_view(written.matter)


@router.post("/{code}/publish", response_model=MatterOut)
async def publish_matter(code: CodePath, actor: Admin, commands: IntakeCommands) -> MatterOut:
    """Put the matter's current version in the public catalogue."""
    return matter_view(await commands.publish_matter(Publication(code, actor)))


@router.post("/{code}/unpublish", response_model=MatterOut)
async def unpublish_matter(code: CodePath, actor: Admin, commands: IntakeCommands) -> MatterOut:
    """Withdraw the matter from the public catalogue; open cases keep their version."""
    return matter_view(await commands.unpublish_matter(Publication(code, actor)))


@router.post("/import", response_model=ImportSummaryOut, openapi_extra=FILE_BODY)
async def import_matters(request: Request, actor: Admin,
                         commands: IntakeCommands) -> ImportSummaryOut:
    """Apply a catalogue file (CSV or JSON) whole, or refuse it naming every bad row (422)."""
    summary = await commands.import_matters(ImportMatters(
        await request.body(), file_format(request.headers.get("content-type")), by=actor))
    return ImportSummaryOut(rows=summary.rows, created=summary.created,
                            new_versions=summary.new_versions, published=summary.published,
                            unpublished=summary.unpublished, unchanged=summary.unchanged)


@router.get("/export", response_class=Response,
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
async def export_matters(actor: Admin, queries: IntakeQueries, department: Department = None,
                         fmt: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
                         ) -> Response:
    """Every matter at its current version as a canonical file; importing it changes nothing."""
    body = await queries.export_matters(ExportMatters(fmt, department))
    return Response(body, media_type=f"{fmt.media_type}; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="matters.{fmt.value}"'})


def file_format(content_type: str | None) -> FileFormat:
    """The format a Content-Type names; 415 for anything but CSV and JSON."""
    media = (content_type or "").split(";")[0].strip().lower()
    for fmt in FileFormat:
        if media == fmt.media_type:
            return fmt
    raise UnsupportedFileFormat(f"send text/csv or application/json, not {media or 'nothing'}")
