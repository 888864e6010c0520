"""Intake's wire models: what clients send and receive."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from daiban_common.contracts import Channel, StaffRef
from daiban_common.contracts.matter import Material, Tier
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


class CaseMatterOut(BaseModel):
    """The matter version the case was opened under: its materials and limits stay fixed."""

    code: str
    version: int
    name: str
    department_code: str
    deciding_tier: Tier
    limit_working_days: int
    proxy_allowance_days: int
    stage_days: dict[Tier, int]
    materials: list[Material]
    authorization_required: bool


class CaseOut(BaseModel):
    """A case as intake holds it."""

    number: str
    matter_code: str
    matter: CaseMatterOut
    village_code: str
    channel: Channel
    status: str
    version: int
    applicant: ApplicantOut
    opened_by: StaffRef
    opened_at: datetime
