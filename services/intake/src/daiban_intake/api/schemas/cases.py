"""Intake's wire models for cases: what clients send and receive."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from daiban_common.links import PublicLink
from daiban_common.pii import validate_id_number
from daiban_intake.domain.case_history import Authorization, Decision, Rating, Receipt, ReturnRecord
from daiban_intake.domain.checklist import ChecklistItem, MaterialState
from daiban_intake.domain.status import CaseStatus
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import SpecialGroup
from daiban_kernel.contracts.matter import Material, Tier
from daiban_kernel.fields import PLAIN_TEXT, PersonName, Phone, VillageCode

IdNumber = Annotated[str, Field(min_length=15, max_length=20, examples=["11011619550101001X"]),
                     AfterValidator(validate_id_number)]

Text200 = Annotated[str, Field(min_length=1, max_length=200, pattern=PLAIN_TEXT)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApplicantIn(_In):
    """The resident applying."""

    name: PersonName
    id_number: IdNumber
    phone: Phone
    home_village_code: VillageCode | None = Field(
        default=None, description="where the resident lives; the case's village if omitted")
    special_groups: list[SpecialGroup] = Field(
        default=[], max_length=3, description="elderly, disabled, sick (特殊群体)")


class CaseIn(_In):
    """A new case taken for a village, by any channel."""

    matter_code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    village_code: VillageCode
    channel: Channel = Channel.STATION
    applicant: ApplicantIn


class MarkIn(_In):
    """Where one checklist item stands."""

    state: MaterialState
    note: Text200 | None = None


class AuthorizationIn(_In):
    """The signed power of attorney (授权委托书) for this case's matter."""

    agent_name: PersonName = Field(description="the authorized agent (代办人)")
    signed_on: date
    countersigned_by: PersonName = Field(description="the village collective's head who signed")
    scan_attachment_id: str = Field(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$")


class ReasonIn(_In):
    """Why, in the resident's words."""

    reason: Text200


class ReviewIn(_In):
    """Pre-review or supplement; the date to supplement by if a notice is due."""

    supplement_by: date | None = Field(
        default=None, description="the notice's date; the service's default days if omitted")


class ApplicantOut(BaseModel):
    """The resident, with the ID number masked."""

    name: str
    id_number_masked: str
    phone_masked: str
    home_village_code: str | None
    special_groups: list[SpecialGroup]


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


class NoticeOut(BaseModel):
    """A one-time notice: what was missing, and where to print it."""

    seq: int
    id: str
    issued_at: datetime
    supplement_by: date
    missing: list[dict[str, str]]
    after_return_by: str | None
    html_url: PublicLink
    pdf_url: PublicLink


class CaseOut(BaseModel):
    """A case as intake holds it."""

    number: str
    matter_code: str
    matter: CaseMatterOut
    village_code: str
    channel: Channel
    status: CaseStatus
    version: int
    applicant: ApplicantOut
    opened_by: Actor
    opened_at: datetime
    owner: Actor | None
    checklist: list[ChecklistItem]
    missing: list[dict[str, str]] = Field(description="what the case lacks now")
    authorization: Authorization | None
    notices: list[NoticeOut]
    returns: list[ReturnRecord]
    decision: Decision | None
    receipt: Receipt | None
    rating: Rating | None


class CaseSummary(BaseModel):
    """A case in a list."""

    number: str
    matter_code: str
    matter_version: int
    village_code: str
    channel: Channel
    status: CaseStatus
    applicant_name: str
    owner: Actor | None
    opened_at: datetime


class CasePage(BaseModel):
    """A page of cases, newest first."""

    items: list[CaseSummary]
    next_cursor: str | None = None


class AttachmentOut(BaseModel):
    """A scan as intake keeps it."""

    id: str
    case_number: str
    item: int | None
    filename: str | None
    content_type: str
    size: int
    sha256: str
    uploaded_by: Actor
    uploaded_at: datetime
