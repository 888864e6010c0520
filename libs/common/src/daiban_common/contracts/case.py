"""Events about a case as it is submitted and relayed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from daiban_common.events import EventData, registry
from daiban_common.fields import CASE_NUMBER, MASKED_ID_NUMBER, PLACE_CODE, VILLAGE_CODE


class Channel(StrEnum):
    """How the application reached the agent."""

    STATION = "station"
    PHONE = "phone"
    HOME_VISIT = "home_visit"
    GRID_REPORT = "grid_report"
    ONLINE = "online"


class StaffRef(BaseModel):
    """The staff member who acted (亮明身份)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    staff_id: str = Field(min_length=1, max_length=64)
    role: str
    place: str = Field(pattern=PLACE_CODE)


class Applicant(BaseModel):
    """The resident as other services may see them: the ID number only masked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=50)
    id_number_masked: str = Field(pattern=MASKED_ID_NUMBER)


@registry.register
class CaseSubmittedV1(EventData):
    """A resident's application was taken at the village and registered."""

    event_type = "case.submitted"
    version = 1

    case_number: str = Field(pattern=CASE_NUMBER)
    matter_code: str = Field(min_length=1, max_length=64)
    village_code: str = Field(pattern=VILLAGE_CODE)
    channel: Channel
    applicant: Applicant
    submitted_by: StaffRef
    submitted_at: datetime

    def subject(self) -> str:
        return self.case_number

    def place(self) -> str:
        return self.village_code
