"""Cases and matters as the tests of several trees make them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseRef, CaseSubmittedV1


def case_submitted(ref: CaseRef, applicant: str, at: datetime) -> CaseSubmittedV1:
    """Intake's ``case.submitted`` for this case, taken at the station by its village's agent."""
    return CaseSubmittedV1(
        case_number=ref.case_number, matter_code=ref.matter_code,
        matter_version=ref.matter_version, village_code=ref.village_code,
        channel=Channel.STATION,
        applicant=Applicant(name=applicant, id_number_masked="110105********002X"),
        submitted_by=Actor(staff_id="a-1", role="village_agent", place=ref.village_code),
        submitted_at=at)


def town_matter(code: str) -> dict[str, Any]:
    """An admin's body for a matter the town decides, with one mandatory paper."""
    return {"code": code, "name": "老年人优待证办理", "department_code": "MZ", "kind": "proxy",
            "deciding_tier": "town", "limit_working_days": 5, "proxy_allowance_days": 2,
            "stage_days": {"village": 2, "town": 5}, "authorization_required": False,
            "timeout_default_stages": [], "department_fee_yuan": None,
            "materials": [{"name": "居民身份证", "form": "original_and_copy", "count": 1,
                           "mandatory": True}]}
