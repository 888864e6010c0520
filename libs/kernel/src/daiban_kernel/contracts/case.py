"""Events about a case as it is submitted and relayed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from daiban_kernel.actor import Actor
from daiban_kernel.cases import CASE_NUMBER, Channel
from daiban_kernel.events import EventData, registry
from daiban_kernel.fields import MASKED_ID_NUMBER
from daiban_kernel.places import PLACE_CODE, VILLAGE_CODE


class Applicant(BaseModel):
    """The resident as other services may see them: the ID number only masked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=50)
    id_number_masked: str = Field(pattern=MASKED_ID_NUMBER)


SEALED = r"^[A-Za-z0-9_-]+$"
"""Base64url without padding."""


class SealedContact(BaseModel):
    """The resident's contact points (mobile phone) sealed to notify's public key: anyone on the
    exchange sees the envelope, only notify opens it (X25519, HKDF-SHA256, AES-256-GCM; see
    docs/architecture.md, "A resident's phone number")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key_id: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$",
                        description="which of notify's keys it is sealed to")
    sealed: str = Field(min_length=40, max_length=1024, pattern=SEALED,
                        description="ephemeral public key, nonce and ciphertext, base64url")


@registry.register
class CaseSubmittedV1(EventData):
    """A resident's application was taken at the village and registered."""

    event_type = "case.submitted"
    version = 1

    case_number: str = Field(pattern=CASE_NUMBER)
    matter_code: str = Field(min_length=1, max_length=64)
    matter_version: int = Field(ge=1)
    village_code: str = Field(pattern=VILLAGE_CODE)
    channel: Channel
    applicant: Applicant
    submitted_by: Actor
    submitted_at: datetime
    contact: SealedContact | None = Field(
        default=None, description="the resident's phone, sealed for notify; null when the "
                                  "resident gave none or declined to be told by SMS")

    def subject(self) -> str:
        return self.case_number

    def place(self) -> str:
        return self.village_code


class SpecialGroup(StrEnum):
    """Residents who get home visits and priority (特殊群体)."""

    ELDERLY = "elderly"
    DISABLED = "disabled"
    SICK = "sick"


class MissingItem(BaseModel):
    """One thing the resident still has to supply, as the one-time notice lists it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=200)


class CaseRef(BaseModel):
    """The fields every later case event repeats, so consumers need no lookup."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_number: str = Field(pattern=CASE_NUMBER)
    village_code: str = Field(pattern=VILLAGE_CODE)
    matter_code: str = Field(min_length=1, max_length=64)
    matter_version: int = Field(ge=1)


class CaseEvent(EventData):
    """Base of every event about one case (intake's, routing's, sla's): its subject is the case
    number, its place the village."""

    case: CaseRef

    def subject(self) -> str:
        return self.case.case_number

    def place(self) -> str:
        return self.case.village_code


@registry.register
class CaseIncompleteV1(CaseEvent):
    """Papers are missing: the resident got ONE notice listing all of them (一次性告知)."""

    event_type = "case.incomplete"
    version = 1

    missing: tuple[MissingItem, ...] = Field(min_length=1)
    supplement_by: datetime
    notice_id: str = Field(min_length=1, max_length=64)
    by: Actor
    at: datetime


@registry.register
class CaseAcceptedV1(CaseEvent):
    """The case is complete and formally accepted (受理); the legal clock starts now."""

    event_type = "case.accepted"
    version = 1

    channel: Channel
    applicant: Applicant
    special_groups: tuple[SpecialGroup, ...] = ()
    authorization_id: str | None = Field(default=None, max_length=64)
    by: Actor
    owner: Actor | None = Field(
        default=None, description="the first-inquiry owner (首问负责) who holds the case until "
                                  "baton 1, whoever pressed review (``by``); intake always "
                                  "names it")
    at: datetime


@registry.register
class CaseTakenOverV1(CaseEvent):
    """A staff member took over the case's first inquiry (首问负责) before acceptance.

    A village agent taking up a grid worker's report (checking its papers takes it over), or a
    colleague covering. The owner ``case.accepted`` names is the last one taken over."""

    event_type = "case.taken_over"
    version = 1

    previous_owner: Actor = Field(description="the owner until now")
    owner: Actor = Field(description="the new owner, who took the case over")
    at: datetime


@registry.register
class CaseSupplementedV1(CaseEvent):
    """The resident supplied what was missing or returned; the case goes on its way.

    ``return_flow_version`` tells which: the ``flow_version`` of the ``case.returned`` this
    supplement answers (routing resumes the case), or null when it answers the one-time notice
    before acceptance (``case.accepted`` or another ``case.incomplete`` follows; routing has
    nothing to resume).
    """

    event_type = "case.supplemented"
    version = 1

    return_flow_version: int | None = Field(default=None, ge=1)
    supplied: tuple[str, ...] = Field(default=(), description="the materials now provided")
    by: Actor
    at: datetime


@registry.register
class CaseWithdrawnV1(CaseEvent):
    """The resident withdrew the case (自愿委托: nothing is forced)."""

    event_type = "case.withdrawn"
    version = 1

    reason: str = Field(min_length=1, max_length=200)
    authorization_revoked: bool = Field(
        default=False, description="withdrawn because the resident revoked the authorization")
    by: Actor
    at: datetime


@registry.register
class CaseReceiptSignedV1(CaseEvent):
    """The resident signed for the result and noted feedback (签字、注明反馈意见)."""

    event_type = "case.receipt_signed"
    version = 1

    received_on: date
    feedback: str | None = Field(default=None, max_length=500)
    by: Actor
    at: datetime


class RatingEntry(StrEnum):
    """Who keyed a rating in."""

    STAFF = "staff"  # at the window, for the resident (the rating device, a paper form)
    RESIDENT = "resident"  # the resident, through the rating link the SMS brought


@registry.register
class CaseRatedV1(CaseEvent):
    """The resident rated the service (好差评)."""

    event_type = "case.rated"
    version = 1

    stars: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=500)
    complaint_id: str | None = Field(
        default=None, max_length=64, description="the follow-up a bad rating (1-2 stars) opened")
    by: Actor | None = Field(default=None, description="the staff member who recorded it (none "
                                                       "when the resident rated by link)")
    entered_by: RatingEntry = Field(
        default=RatingEntry.STAFF,
        description="who keyed it in: staff at the window, or the resident by the SMS link")
    at: datetime


@registry.register
class ComplaintFiledV1(EventData):
    """A complaint was filed (投诉举报), directly or from a bad rating; it must be answered."""

    event_type = "complaint.filed"
    version = 1

    complaint_id: str = Field(min_length=1, max_length=64)
    case_number: str | None = Field(default=None, pattern=CASE_NUMBER)
    place_code: str = Field(pattern=PLACE_CODE)
    summary: str = Field(min_length=1, max_length=500)
    from_rating: bool = False
    by: Actor | None = Field(default=None, description="the staff member who recorded it")
    at: datetime

    def subject(self) -> str:
        return self.case_number or f"complaint:{self.complaint_id}"

    def place(self) -> str:
        return self.place_code


@registry.register
class ComplaintAnsweredV1(EventData):
    """A complaint was answered; the answer is what the complainant is told."""

    event_type = "complaint.answered"
    version = 1

    complaint_id: str = Field(min_length=1, max_length=64)
    case_number: str | None = Field(default=None, pattern=CASE_NUMBER)
    place_code: str = Field(pattern=PLACE_CODE)
    answer: str = Field(min_length=1, max_length=1000)
    by: Actor
    at: datetime

    def subject(self) -> str:
        return self.case_number or f"complaint:{self.complaint_id}"

    def place(self) -> str:
        return self.place_code
