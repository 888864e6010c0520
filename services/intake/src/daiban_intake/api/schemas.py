"""Intake's wire models: what clients send and receive."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from daiban_common.contracts import Channel, StaffRef
from daiban_common.fields import PersonName, Phone, VillageCode
from daiban_common.pii import validate_id_number

IdNumber = Annotated[str, Field(min_length=15, max_length=20, examples=["11011619550101001X"]),
                     AfterValidator(validate_id_number)]


class ApplicantIn(BaseModel):
    """The resident applying."""

    model_config = ConfigDict(extra="forbid")

    name: PersonName
    id_number: IdNumber
    phone: Phone


class CaseIn(BaseModel):
    """A new case taken at a village."""

    model_config = ConfigDict(extra="forbid")

    matter_code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    village_code: VillageCode
    channel: Channel = Channel.STATION
    applicant: ApplicantIn


class ApplicantOut(BaseModel):
    """The resident, with the ID number masked."""

    name: str
    id_number_masked: str
    phone_masked: str


class CaseOut(BaseModel):
    """A case as intake holds it."""

    number: str
    matter_code: str
    village_code: str
    channel: Channel
    status: str
    version: int
    applicant: ApplicantOut
    opened_by: StaffRef
    opened_at: datetime
