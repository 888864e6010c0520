"""The catalogue as readers see it: the public list (公开公示) without login, versions for staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_intake.api.deps import IntakeQueries, StaffReader
from daiban_intake.api.schemas.matters import MatterOut, MatterPage
from daiban_intake.api.schemas.views import matter_view
from daiban_intake.bootstrap import Queries
from daiban_intake.domain.matter_records import DEPARTMENT_CODE, MATTER_CODE
from daiban_intake.handlers import CatalogueUnder, MatterOf, MatterVersionOf
from daiban_intake.ports import CatalogueQuery
from daiban_kernel.contracts.matter import MatterKind, Tier
from daiban_kernel.fields import PLAIN_TEXT

router = APIRouter(prefix="/v1", tags=["catalogue"])

CodePath = Annotated[str, Path(pattern=MATTER_CODE, examples=["MZ-001"])]
Department = Annotated[str | None, Query(pattern=DEPARTMENT_CODE, examples=["mz"])]
NameText = Annotated[str | None, Query(min_length=1, max_length=50, pattern=PLAIN_TEXT,
                                       description="part of the matter's name")]


@router.get("/public/matters", response_model=MatterPage)
async def public_catalogue(queries: IntakeQueries, department: Department = None,
                           kind: MatterKind | None = None, deciding_tier: Tier | None = None,
                           q: NameText = None, cursor: Cursor = None,
                           limit: Limit = 50) -> MatterPage:
    """The published matter catalogue with materials, by code; readable without login."""
    query = CatalogueQuery(department_code=department, kind=kind, deciding_tier=deciding_tier,
                           name_contains=q)
    return await _page(queries, query, cursor=cursor, limit=limit)


@router.get("/public/in-person-matters", response_model=MatterPage)
async def in_person_matters(queries: IntakeQueries, cursor: Cursor = None,
                            limit: Limit = 50) -> MatterPage:
    """The published list of matters that cannot be proxied (不能代办); readable without login."""
    return await _page(queries, CatalogueQuery(kind=MatterKind.IN_PERSON), cursor=cursor,
                       limit=limit)


@router.get("/public/matters/{code}", response_model=MatterOut)
async def public_matter(code: CodePath, queries: IntakeQueries) -> MatterOut:
    """A published matter's current version with its materials; readable without login."""
    return matter_view(await queries.published_matter(MatterOf(code)))


@router.get("/matters/{code}", response_model=MatterOut)
async def current_matter(code: CodePath, actor: StaffReader, queries: IntakeQueries
                         ) -> MatterOut:
    """A matter's current version, published or not."""
    return matter_view(await queries.latest_matter(MatterOf(code)))


@router.get("/matters/{code}/versions/{version}", response_model=MatterOut)
async def matter_version(code: CodePath, actor: StaffReader, queries: IntakeQueries,
                         version: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> MatterOut:
    """One version of a matter exactly as it was written; every version stays readable."""
    return matter_view(await queries.matter_version(MatterVersionOf(code, version)))


async def _page(queries: Queries, query: CatalogueQuery, *, cursor: str | None,
                limit: int) -> MatterPage:
    position = decode_cursor(cursor, fields={"code": str})
    found = await queries.published_catalogue(CatalogueUnder(
        query, None if position is None else position["code"], limit))
    next_cursor = (encode_cursor({"code": found.items[-1].code})
                   if found.more and found.items else None)
    return MatterPage(items=[matter_view(v) for v in found.items], next_cursor=next_cursor)
