"""The catalogue as admins change it: create, new versions, publication, bulk files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from daiban_common.idempotency import request_hash
from daiban_intake import handlers_catalogue
from daiban_intake.api.catalogue import CodePath, Department, render
from daiban_intake.api.deps import Admin, IdempotencyKey, IntakeDep
from daiban_intake.api.matter_schemas import (
    ImportSummaryOut,
    MatterIn,
    MatterOut,
    MatterTermsIn,
)
from daiban_intake.domain.errors import UnsupportedFileFormat
from daiban_intake.domain.matter_file import FileFormat
from daiban_intake.handlers_catalogue import WriteMatter
from daiban_kernel.actor import Actor

router = APIRouter(prefix="/v1/admin/matters", tags=["catalogue admin"])

FILE_BODY = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}


def staff(principal: Actor) -> Actor:
    """The acting admin as events name them."""
    return Actor(staff_id=principal.staff_id, role=principal.role.value, place=principal.place)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=MatterOut)
async def create_matter(body: MatterIn, principal: Admin, intake: IntakeDep, response: Response,
                        idempotency_key: IdempotencyKey = None) -> MatterOut:
    """Create a matter at version 1, not yet published."""
    written = await handlers_catalogue.create_matter(WriteMatter(
        code=body.code, terms=body.terms(), by=staff(principal), idempotency_key=idempotency_key,
        fingerprint=request_hash({"create": body.model_dump(mode="json")}),
    ), intake.uow_factory())
    response.headers["Location"] = f"/v1/matters/{body.code}/versions/{written.matter.version}"
    return render(written.matter)


@router.post("/{code}/versions", status_code=status.HTTP_201_CREATED, response_model=MatterOut,
             responses={200: {"model": MatterOut, "description": "The same terms: no new version"}})
async def change_matter(code: CodePath, body: MatterTermsIn, principal: Admin,
                        intake: IntakeDep, response: Response,
                        idempotency_key: IdempotencyKey = None) -> MatterOut:
    """Write the matter's next version (201); the same terms as now write nothing (200)."""
    written = await handlers_catalogue.change_matter(WriteMatter(
        code=code, terms=body.terms(), by=staff(principal), idempotency_key=idempotency_key,
        fingerprint=request_hash({"change": code, "terms": body.model_dump(mode="json")}),
    ), intake.uow_factory())
    if written.created:
        response.headers["Location"] = f"/v1/matters/{code}/versions/{written.matter.version}"
    else:
        response.status_code = status.HTTP_200_OK
    return render(written.matter)


@router.post("/{code}/publish", response_model=MatterOut)
async def publish_matter(code: CodePath, principal: Admin, intake: IntakeDep) -> MatterOut:
    """Put the matter's current version in the public catalogue."""
    return render(await handlers_catalogue.publish_matter(code, by=staff(principal),
                                                          uow=intake.uow_factory()))


@router.post("/{code}/unpublish", response_model=MatterOut)
async def unpublish_matter(code: CodePath, principal: Admin, intake: IntakeDep) -> MatterOut:
    """Withdraw the matter from the public catalogue; open cases keep their version."""
    return render(await handlers_catalogue.unpublish_matter(code, by=staff(principal),
                                                            uow=intake.uow_factory()))


@router.post("/import", response_model=ImportSummaryOut, openapi_extra=FILE_BODY)
async def import_matters(request: Request, principal: Admin,
                         intake: IntakeDep) -> ImportSummaryOut:
    """Apply a catalogue file (CSV or JSON) whole, or refuse it naming every bad row (422)."""
    summary = await handlers_catalogue.import_matters(
        await request.body(), file_format(request.headers.get("content-type")),
        by=staff(principal), uow=intake.uow_factory())
    return ImportSummaryOut(rows=summary.rows, created=summary.created,
                            new_versions=summary.new_versions, published=summary.published,
                            unpublished=summary.unpublished, unchanged=summary.unchanged)


@router.get("/export", response_class=Response,
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
async def export_matters(principal: Admin, intake: IntakeDep, department: Department = None,
                         fmt: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
                         ) -> Response:
    """Every matter at its current version as a canonical file; importing it changes nothing."""
    body = await handlers_catalogue.export_matters(fmt, department_code=department,
                                                   uow=intake.uow_factory())
    return Response(body, media_type=f"{fmt.media_type}; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="matters.{fmt.value}"'})


def file_format(content_type: str | None) -> FileFormat:
    """The format a Content-Type names; 415 for anything but CSV and JSON."""
    media = (content_type or "").split(";")[0].strip().lower()
    for fmt in FileFormat:
        if media == fmt.media_type:
            return fmt
    raise UnsupportedFileFormat(f"send text/csv or application/json, not {media or 'nothing'}")
