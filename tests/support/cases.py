"""Events about cases as the tests of several trees make them."""

from __future__ import annotations

from datetime import datetime

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
