"""What a case keeps of its life: the power of attorney, the notices, routing's returns and
decision, the resident's receipt and rating. Values, written once (a revocation writes a copy)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem, RatingEntry
from daiban_kernel.contracts.relay import Outcome


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Authorization(_Record):
    """The written power of attorney (授权委托书): the resident (principal) authorizes the agent
    for this case's matter only; the village collective's head countersigns it."""

    id: str
    principal_name: str
    principal_id_masked: str
    agent_name: str
    agent_staff_id: str | None
    matter_code: str = Field(description="the scope: this matter, nothing else")
    matter_name: str
    signed_on: date
    countersigned_by: str = Field(description="村集体经济组织负责人")
    scan_attachment_id: str
    recorded_by: Actor
    recorded_at: datetime
    revoked_at: datetime | None = None
    revoke_reason: str | None = None

    @property
    def in_force(self) -> bool:
        """Signed and not revoked."""
        return self.revoked_at is None


class Notice(_Record):
    """A one-time notice (一次性告知书): everything missing, and the date to bring it by."""

    seq: int = Field(ge=1)
    id: str
    case_number: str
    matter_code: str
    matter_name: str
    applicant_name: str
    village_code: str
    agent: Actor
    agent_name: str | None
    missing: tuple[MissingItem, ...]
    issued_at: datetime
    supplement_by: date
    after_return_by: str | None = Field(default=None,
                                        description="the tier whose return this notice tells")
    # what 沂水 requires a notice to tell (三(四)3); notices written before have none of it
    station_name: str | None = Field(default=None, description="the station, by its name")
    stages: tuple[Stage, ...] = Field(default=(), description="办理程序: the tiers in order")
    limit_working_days: int | None = Field(default=None, description="办理时限: the legal limit")
    proxy_allowance_days: int | None = None
    expected_by: date | None = Field(
        default=None, description="the expected date if supplemented by ``supplement_by``")
    department_fee_yuan: Decimal | None = Field(
        default=None, description="收费标准: the department's fee, None for none")


class Stage(_Record):
    """One step of a matter's procedure: the tier and its working days."""

    tier: str
    working_days: int


class ReturnRecord(_Record):
    """A tier sent the case back for correction (退回补正)."""

    flow_version: int
    tier: str
    reasons: tuple[MissingItem, ...]
    corrections: tuple[MissingItem, ...] = Field(
        description="reasons that name no checklist item")
    by: Actor
    at: datetime
    answered_at: datetime | None = None


class Decision(_Record):
    """The deciding tier's outcome as routing told it."""

    outcome: Outcome
    reason: str | None
    tier: str
    deemed: bool
    at: datetime


class Receipt(_Record):
    """The resident signed for the result and noted feedback (签字、注明反馈意见)."""

    received_on: date
    feedback: str | None
    recorded_by: Actor
    at: datetime


class Rating(_Record):
    """The resident's rating (好差评): 1 to 5 stars; 1-2 is a bad rating that is followed up."""

    stars: int = Field(ge=1, le=5)
    comment: str | None
    recorded_by: Actor | None = Field(description="the staff member who keyed it in; none when "
                                                  "the resident rated by link")
    entered_by: RatingEntry = RatingEntry.STAFF
    at: datetime
    complaint_id: str | None = None

    @property
    def is_bad(self) -> bool:
        """A bad rating (差评) opens a complaint for follow-up."""
        return self.stars <= BAD_RATING_STARS


BAD_RATING_STARS = 2


Notice.model_rebuild()
