"""Intake's case routes: open, list, read and take over cases."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from daiban_common.idempotency import RetryKey
from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_intake.api.deps import (
    CaseKeeper,
    CaseTaker,
    IdempotencyKey,
    IntakeCommands,
    IntakeQueries,
    StaffReader,
)
from daiban_intake.api.schemas.cases import CaseIn, CaseOut, CasePage
from daiban_intake.api.schemas.views import render, summary
from daiban_intake.domain.matter_records import MATTER_CODE
from daiban_intake.domain.status import CaseStatus
from daiban_intake.handlers import CaseOf, CasesUnder, SubmitCase, TakeOverCase
from daiban_intake.ports import CaseQuery
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.china import CHINA
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_kernel.places import VILLAGE_CODE

router = APIRouter(prefix="/v1", tags=["cases"])

CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER)]
ME = "me"
OWNER = r"^[A-Za-z0-9_.:@-]{1,64}$"


# the day arithmetic below (next day, China midnight in UTC) must stay inside `date`
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


@router.post("/cases", status_code=status.HTTP_201_CREATED, response_model=CaseOut)
async def submit_case(body: CaseIn, actor: CaseTaker, commands: IntakeCommands,
                      queries: IntakeQueries, response: Response,
                      idempotency_key: IdempotencyKey = None) -> CaseOut:
    """Open a resident's case for a village, by any channel; its taker owns it (首问负责)."""
    actor.require_place(body.village_code)
    retry = RetryKey.of(principal=actor.staff_id, key=idempotency_key,
                        request={"route": "submit", "body": body.model_dump(mode="json")})
    number = await commands.submit_case(SubmitCase(
        matter_code=body.matter_code, village_code=body.village_code, channel=body.channel,
        applicant_name=body.applicant.name, applicant_id_number=body.applicant.id_number,
        applicant_phone=body.applicant.phone, by=actor, retry=retry,
        home_village_code=body.applicant.home_village_code,
        special_groups=tuple(body.applicant.special_groups)))
    response.headers["Location"] = f"/v1/cases/{number}"
    return render(await queries.case(CaseOf(number, actor)))


@router.get("/cases", response_model=CasePage)
async def cases(
    actor: StaffReader, queries: IntakeQueries,
    village: Annotated[str | None, Query(pattern=VILLAGE_CODE,
                                         description="one station's village")] = None,
    case_status: Annotated[CaseStatus | None, Query(alias="status")] = None,
    matter: Annotated[str | None, Query(pattern=MATTER_CODE)] = None,
    opened_from: Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY,
                                              description="first day (China), inclusive")]
    = None,
    opened_to: Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY,
                                            description="last day (China), inclusive")] = None,
    owner: Annotated[str | None, Query(
        pattern=OWNER, description="`me` for the caller's own cases (首问负责), or a staff id")]
    = None,
    cursor: Cursor = None, limit: Limit = 50,
) -> CasePage:
    """Cases in the caller's place, newest first, by station, status, matter, day and owner."""
    if village is not None:
        actor.require_place(village)
    if opened_from and opened_to and opened_from > opened_to:
        raise InvalidInput(FieldProblem("opened_to", "is before opened_from"))
    query = CaseQuery(place=actor.place, village_code=village, status=case_status,
                      matter_code=matter, opened_from=_day_start(opened_from),
                      opened_before=_day_start(opened_to + timedelta(days=1)
                                               if opened_to else None),
                      owner_staff_id=actor.staff_id if owner == ME else owner)
    position = decode_cursor(cursor, fields={"number": str})
    found = await queries.cases(CasesUnder(query, position["number"] if position else None,
                                           limit))
    next_cursor = (encode_cursor({"number": found.items[-1].number})
                   if found.more and found.items else None)
    return CasePage(items=[summary(c) for c in found.items], next_cursor=next_cursor)


@router.get("/cases/{number}", response_model=CaseOut)
async def get_case(number: CaseNumber, actor: StaffReader, queries: IntakeQueries) -> CaseOut:
    """One case, if it lies in the caller's jurisdiction."""
    return render(await queries.case(CaseOf(number, actor)))


@router.post("/cases/{number}/take-over", response_model=CaseOut)
async def take_over(number: CaseNumber, actor: CaseKeeper, commands: IntakeCommands,
                    queries: IntakeQueries) -> CaseOut:
    """The caller becomes the case's first-inquiry owner (a grid report taken up, AB cover)."""
    await commands.take_over_case(TakeOverCase(number, actor))
    return render(await queries.case(CaseOf(number, actor)))


def _day_start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(), tzinfo=CHINA)
