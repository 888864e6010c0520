"""Admin routes for bulk import and export of each kind of master data, CSV or JSON."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from daiban_routing.api.deps import Admin, RoutingCommands, RoutingQueries, within
from daiban_routing.api.schemas.master import ImportSummaryOut
from daiban_routing.domain.errors import UnsupportedFileFormat
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.handlers.kinds import KINDS, RecordKind
from daiban_routing.handlers.master import ExportFile, ImportFile

router = APIRouter(prefix="/v1/admin", tags=["admin"])
FILE_BODY = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}


def file_format(content_type: str | None) -> SheetFormat:
    """The format a Content-Type names; 415 for anything but CSV and JSON."""
    media = (content_type or "").split(";")[0].strip().lower()
    for fmt in SheetFormat:
        if media == fmt.media_type:
            return fmt
    raise UnsupportedFileFormat(f"send text/csv or application/json, not {media or 'nothing'}")


def _importer(kind: RecordKind[Any, Any]) -> Callable[..., Awaitable[ImportSummaryOut]]:
    async def import_kind(request: Request, principal: Admin,
                          commands: RoutingCommands) -> ImportSummaryOut:
        fmt = file_format(request.headers.get("content-type"))
        summary = await commands.import_file(
            ImportFile(kind, await request.body(), fmt, within(principal)))
        return ImportSummaryOut(rows=summary.rows, created=summary.created,
                                updated=summary.updated, unchanged=summary.unchanged)

    import_kind.__doc__ = (f"Upsert the {kind.noun} of a file by key, or refuse the whole file "
                           "naming each bad row (422); one event per changed record.")
    return import_kind


def _exporter(kind: RecordKind[Any, Any]) -> Callable[..., Awaitable[Response]]:
    async def export_kind(principal: Admin, queries: RoutingQueries,
                          fmt: Annotated[SheetFormat, Query(alias="format")] = SheetFormat.CSV,
                          ) -> Response:
        body = await queries.export_file(ExportFile(kind, fmt, within(principal)))
        return Response(body, media_type=f"{fmt.media_type}; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{kind.noun}.{fmt.value}"'})

    export_kind.__doc__ = (f"The {kind.noun} in the caller's jurisdiction as one canonical file "
                           "(importing it back changes nothing).")
    return export_kind


for _kind in KINDS:
    router.add_api_route(f"/{_kind.noun}/import", _importer(_kind), methods=["POST"],
                         response_model=ImportSummaryOut, name=f"import_{_kind.noun}",
                         openapi_extra=FILE_BODY)
    router.add_api_route(f"/{_kind.noun}/export", _exporter(_kind), methods=["GET"],
                         name=f"export_{_kind.noun}", response_class=Response,
                         responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
