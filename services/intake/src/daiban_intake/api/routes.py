"""Intake's HTTP routes: parse, call a handler, render."""

from __future__ import annotations

from fastapi import APIRouter, Path, Response, status

from daiban_common.contracts import StaffRef
from daiban_common.contracts.matter import MatterVersion
from daiban_common.fields import CASE_NUMBER
from daiban_common.idempotency import request_hash
from daiban_intake.api.deps import CaseTaker, IdempotencyKey, IntakeDep, StaffReader
from daiban_intake.api.schemas import ApplicantOut, CaseIn, CaseMatterOut, CaseOut
from daiban_intake.domain.model import Case
from daiban_intake.handlers import SubmitCase

router = APIRouter(prefix="/v1")

CaseNumber = Path(pattern=CASE_NUMBER)


@router.post("/cases", status_code=status.HTTP_201_CREATED, response_model=CaseOut)
async def submit_case(body: CaseIn, principal: CaseTaker, intake: IntakeDep,
                      response: Response, idempotency_key: IdempotencyKey = None) -> CaseOut:
    """Register a resident's application taken at a village station."""
    principal.require_place(body.village_code)
    number = await intake.submit_case(SubmitCase(
        matter_code=body.matter_code,
        village_code=body.village_code,
        channel=body.channel,
        applicant_name=body.applicant.name,
        applicant_id_number=body.applicant.id_number,
        applicant_phone=body.applicant.phone,
        by=StaffRef(staff_id=principal.subject, role=principal.role.value,
                    place=principal.place),
        idempotency_key=idempotency_key,
        fingerprint=request_hash(body.model_dump(mode="json")),
    ))
    response.headers["Location"] = f"/v1/cases/{number}"
    return render(*await intake.case_for(number, principal))


@router.get("/cases/{number}", response_model=CaseOut)
async def get_case(principal: StaffReader, intake: IntakeDep,
                   number: str = CaseNumber) -> CaseOut:
    """One case, if it lies in the caller's jurisdiction."""
    return render(*await intake.case_for(number, principal))


def render(case: Case, matter: MatterVersion) -> CaseOut:
    """The wire view of a case under its matter version: personal numbers masked."""
    phone = case.applicant.phone
    return CaseOut(
        number=case.number,
        matter_code=case.matter_code,
        matter=CaseMatterOut(
            code=matter.code, version=matter.version, name=matter.name,
            department_code=matter.department_code, deciding_tier=matter.deciding_tier,
            limit_working_days=matter.limit_working_days,
            proxy_allowance_days=matter.proxy_allowance_days,
            stage_days=matter.stage_days, materials=list(matter.materials),
            authorization_required=matter.authorization_required),
        village_code=case.village_code,
        channel=case.channel,
        status=case.status.value,
        version=case.version,
        applicant=ApplicantOut(name=case.applicant.name,
                               id_number_masked=case.applicant.id_number.masked,
                               phone_masked=phone[:3] + "****" + phone[-4:]),
        opened_by=case.opened_by,
        opened_at=case.opened_at,
    )
