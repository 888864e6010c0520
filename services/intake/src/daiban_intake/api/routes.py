"""Intake's case routes: open, list, read and take over cases."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_intake.api.deps import (
    CaseKeeper,
    CaseTaker,
    IdempotencyKey,
    IntakeDep,
    StaffReader,
    caller_of,
)
from daiban_intake.api.render import render, summary
from daiban_intake.api.schemas import CaseIn, CaseOut, CasePage
from daiban_intake.domain.matter_records import MATTER_CODE
from daiban_intake.domain.model import CHINA
from daiban_intake.domain.status import CaseStatus
from daiban_intake.handlers import SubmitCase, list_cases, take_over_case
from daiban_intake.ports import CaseQuery
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_kernel.places import VILLAGE_CODE

router = APIRouter(prefix="/v1", tags=["cases"])

CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER)]


# the day arithmetic below (next day, China midnight in UTC) must stay inside `date`
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)

@router.post("/cases", status_code=status.HTTP_201_CREATED, response_model=CaseOut)
async def submit_case(body: CaseIn, principal: CaseTaker, intake: IntakeDep,
                      response: Response, idempotency_key: IdempotencyKey = None) -> CaseOut:
    """Open a resident's case for a village, by any channel; its taker owns it (首问负责)."""
    principal.require_place(body.village_code)
    caller = caller_of(principal, idempotency_key,
                       request={"route": "submit", "body": body.model_dump(mode="json")})
    number = await intake.submit_case(SubmitCase(
        matter_code=body.matter_code, village_code=body.village_code, channel=body.channel,
        applicant_name=body.applicant.name, applicant_id_number=body.applicant.id_number,
        applicant_phone=body.applicant.phone, by=caller.by,
        idempotency_key=caller.idempotency_key, fingerprint=caller.fingerprint,
        home_village_code=body.applicant.home_village_code,
        special_groups=tuple(body.applicant.special_groups)))
    response.headers["Location"] = f"/v1/cases/{number}"
    return render(*await intake.case_for(number, principal))


@router.get("/cases", response_model=CasePage)
async def cases(
    principal: StaffReader, intake: IntakeDep,
    village: Annotated[str | None, Query(pattern=VILLAGE_CODE,
                                         description="one station's village")] = None,
    case_status: Annotated[CaseStatus | None, Query(alias="status")] = None,
    matter: Annotated[str | None, Query(pattern=MATTER_CODE)] = None,
    opened_from: Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY,
                                              description="first day (China), inclusive")]
    = None,
    opened_to: Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY,
                                            description="last day (China), inclusive")] = None,
    cursor: Cursor = None, limit: Limit = 50,
) -> CasePage:
    """Cases in the caller's place, newest first, by station, status, matter and day."""
    if village is not None:
        principal.require_place(village)
    if opened_from and opened_to and opened_from > opened_to:
        raise InvalidInput(FieldProblem("opened_to", "is before opened_from"))
    query = CaseQuery(place=principal.place, village_code=village, status=case_status,
                      matter_code=matter, opened_from=_day_start(opened_from),
                      opened_before=_day_start(opened_to + timedelta(days=1)
                                               if opened_to else None))
    position = decode_cursor(cursor, fields={"number": str})
    found, more = await list_cases(query, intake.uow_factory(),
                                   before=position["number"] if position else None, limit=limit)
    next_cursor = encode_cursor({"number": found[-1].number}) if more and found else None
    return CasePage(items=[summary(c) for c in found], next_cursor=next_cursor)


@router.get("/cases/{number}", response_model=CaseOut)
async def get_case(number: CaseNumber, principal: StaffReader, intake: IntakeDep) -> CaseOut:
    """One case, if it lies in the caller's jurisdiction."""
    return render(*await intake.case_for(number, principal))


@router.post("/cases/{number}/take-over", response_model=CaseOut)
async def take_over(number: CaseNumber, principal: CaseKeeper, intake: IntakeDep) -> CaseOut:
    """The caller becomes the case's first-inquiry owner (a grid report taken up, AB cover)."""
    await take_over_case(number, caller_of(principal), intake.uow_factory())
    return render(*await intake.case_for(number, principal))


def _day_start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(), tzinfo=CHINA)

