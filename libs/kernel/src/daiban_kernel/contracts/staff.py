"""Events about staff members (工作人员), owned by routing.

Each event carries the whole staff record after the change, with its ``version`` (1 on creation,
+1 on every change), so consumers keep read models (who works where, who covers whom, who is on
duty) from the events alone. Reactivation is a ``staff.updated`` with ``active: true``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from daiban_kernel.events import EventData, registry
from daiban_kernel.places import PLACE_CODE, STATION_CODE
from daiban_kernel.roles import Role

STAFF_ID = r"^[A-Za-z0-9_.:-]{1,64}$"
STAFF_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class Duty(StrEnum):
    """Whether a staff member is at work; an absent one's A/B partner covers."""

    ON_DUTY = "on_duty"
    ABSENT = "absent"


class StaffSnapshot(BaseModel):
    """A staff member: role, station, skills, A/B partner and duty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    staff_id: str = Field(pattern=STAFF_ID, description="the `sub` of the member's tokens")
    name: str = Field(min_length=1, max_length=50)
    phone: str = Field(pattern=r"^1[0-9]{10}$", description="work mobile phone")
    role: Role
    station_code: str = Field(pattern=STATION_CODE)
    place_code: str = Field(pattern=PLACE_CODE, description="the station's place")
    skills: tuple[str, ...] = Field(
        description="codes of the county departments the member is trained for (一专多能)")
    partner_id: str | None = Field(pattern=STAFF_ID, description="the A/B partner (AB岗)")
    duty: Duty
    active: bool
    version: int = Field(ge=1)
    email: str | None = Field(default=None, max_length=254, pattern=STAFF_EMAIL,
                              description="work email, when known (where notices are sent)")


class _StaffEvent(EventData):
    snapshot: StaffSnapshot

    def subject(self) -> str:
        return f"staff:{self.snapshot.staff_id}"

    def place(self) -> str:
        return self.snapshot.place_code


@registry.register
class StaffCreatedV1(_StaffEvent):
    """A staff member was registered at a station."""

    event_type = "staff.created"


@registry.register
class StaffUpdatedV1(_StaffEvent):
    """A staff member's details, station, skills or partner changed (reactivation included)."""

    event_type = "staff.updated"


@registry.register
class StaffDeactivatedV1(_StaffEvent):
    """A staff member left; their A/B partnership was dissolved before."""

    event_type = "staff.deactivated"


@registry.register
class StaffDutyChangedV1(_StaffEvent):
    """A staff member went on duty or became absent, and nothing else changed."""

    event_type = "staff.duty_changed"
