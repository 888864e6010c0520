"""The catalogue as readers see it: the public list (公开公示) without login, versions for staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_intake import handlers_catalogue
from daiban_intake.api.deps import IntakeDep, StaffReader
from daiban_intake.api.matter_schemas import MatterOut, MatterPage
from daiban_intake.bootstrap import Intake
from daiban_intake.domain.matter_records import DEPARTMENT_CODE, MATTER_CODE
from daiban_intake.ports import CatalogueQuery
from daiban_kernel.contracts.matter import MatterKind, MatterVersion, Tier
from daiban_kernel.fields import PLAIN_TEXT

router = APIRouter(prefix="/v1", tags=["catalogue"])

CodePath = Annotated[str, Path(pattern=MATTER_CODE, examples=["MZ-001"])]
Department = Annotated[str | None, Query(pattern=DEPARTMENT_CODE, examples=["mz"])]
NameText = Annotated[str | None, Query(min_length=1, max_length=50, pattern=PLAIN_TEXT,
                                       description="part of the matter's name")]


def render(version: MatterVersion) -> MatterOut:
    """The wire view of a matter version."""
    return MatterOut.model_validate(version.model_dump())


@router.get("/public/matters", response_model=MatterPage)
async def public_catalogue(intake: IntakeDep, department: Department = None,
                           kind: MatterKind | None = None, deciding_tier: Tier | None = None,
                           q: NameText = None, cursor: Cursor = None,
                           limit: Limit = 50) -> MatterPage:
    """The published matter catalogue with materials, by code; readable without login."""
    query = CatalogueQuery(department_code=department, kind=kind, deciding_tier=deciding_tier,
                           name_contains=q)
    return await _page(intake, query, cursor=cursor, limit=limit)


@router.get("/public/in-person-matters", response_model=MatterPage)
async def in_person_matters(intake: IntakeDep, cursor: Cursor = None,
                            limit: Limit = 50) -> MatterPage:
    """The published list of matters that cannot be proxied (不能代办); readable without login."""
    return await _page(intake, CatalogueQuery(kind=MatterKind.IN_PERSON), cursor=cursor,
                       limit=limit)


@router.get("/public/matters/{code}", response_model=MatterOut)
async def public_matter(code: CodePath, intake: IntakeDep) -> MatterOut:
    """A published matter's current version with its materials; readable without login."""
    return render(await intake.published_matter(code))


@router.get("/matters/{code}", response_model=MatterOut)
async def current_matter(code: CodePath, principal: StaffReader, intake: IntakeDep) -> MatterOut:
    """A matter's current version, published or not."""
    return render(await handlers_catalogue.latest_matter(code, intake.uow_factory()))


@router.get("/matters/{code}/versions/{version}", response_model=MatterOut)
async def matter_version(code: CodePath, principal: StaffReader, intake: IntakeDep,
                         version: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> MatterOut:
    """One version of a matter exactly as it was written; every version stays readable."""
    return render(await intake.matter_version(code, version))


async def _page(intake: Intake, query: CatalogueQuery, *, cursor: str | None,
                limit: int) -> MatterPage:
    position = decode_cursor(cursor, fields={"code": str})
    found, more = await handlers_catalogue.published_catalogue(
        query, after=None if position is None else position["code"], limit=limit,
        uow=intake.uow_factory())
    next_cursor = encode_cursor({"code": found[-1].code}) if more and found else None
    return MatterPage(items=[render(v) for v in found], next_cursor=next_cursor)
