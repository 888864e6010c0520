"""Routing's wire models: what clients send and receive.

Records are returned as the snapshots their events carry (``daiban_kernel.contracts``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from daiban_kernel.contracts.place import DEPARTMENT_CODE
from daiban_kernel.contracts.place import PlaceSnapshot as PlaceOut
from daiban_kernel.contracts.staff import STAFF_EMAIL, STAFF_ID, Duty
from daiban_kernel.places import COUNTY_CODE, PLACE_CODE, STATION_CODE, PlaceTier
from daiban_kernel.roles import Role
from daiban_routing.domain.places import Department, Place, Station
from daiban_routing.domain.staff import StaffMember


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Change(_In):
    """A partial change: only the fields sent are changed; ``required`` ones cannot be null."""

    required: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _not_null(self) -> Self:
        nulls = [f for f in self.required
                 if f in self.model_fields_set and getattr(self, f) is None]
        if nulls:
            raise ValueError("cannot be null: " + ", ".join(nulls))
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the client sent."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class PlaceIn(_In):
    """A new place of the division tree."""

    code: str = Field(pattern=PLACE_CODE, examples=["110116111201"])
    name: str = Field(min_length=1, max_length=50, examples=["郑栅子村"])
    parent_code: str | None = Field(default=None, pattern=PLACE_CODE, examples=["110116111"])
    distance_km: Decimal | None = Field(default=None, examples=["12.5"])

    def value(self) -> Place:
        """The place as the domain states it."""
        return Place(self.code, self.name, self.parent_code, self.distance_km)


class PlaceChange(_Change):
    """New name or road distance of a place."""

    required = ("name",)
    name: str | None = Field(default=None, min_length=1, max_length=50)
    distance_km: Decimal | None = None


class StationIn(_In):
    """A new station at a place."""

    code: str = Field(pattern=STATION_CODE, examples=["110116111201-01"])
    place_code: str = Field(pattern=PLACE_CODE, examples=["110116111201"])
    name: str = Field(min_length=1, max_length=100, examples=["郑栅子村便民服务室"])
    phone: str | None = Field(default=None, max_length=20, examples=["010-69641234"],
                              description="the station's office number")
    supervision_phone: str | None = Field(
        default=None, max_length=20, examples=["010-69648100"],
        description="the supervision phone (监督电话) residents call about the station")

    def value(self) -> Station:
        """The station as the domain states it."""
        return Station(self.code, self.place_code, self.name, self.phone,
                       supervision_phone=self.supervision_phone)


class StationChange(_Change):
    """New name, phone or supervision phone of a station (a phone null: none)."""

    required = ("name",)
    name: str | None = Field(default=None, min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    supervision_phone: str | None = Field(default=None, max_length=20)


class DepartmentIn(_In):
    """A new department of a county."""

    county_code: str = Field(pattern=COUNTY_CODE, examples=["110116"])
    code: str = Field(pattern=DEPARTMENT_CODE, examples=["MZ"])
    name: str = Field(min_length=1, max_length=50, examples=["区民政局"])

    def value(self) -> Department:
        """The department as the domain states it."""
        return Department(self.county_code, self.code, self.name)


class DepartmentChange(_Change):
    """A department's new name."""

    required = ("name",)
    name: str | None = Field(default=None, min_length=1, max_length=50)


class StaffIn(_In):
    """A new staff member; pair A/B partners afterwards with ``PUT .../partner``."""

    staff_id: str = Field(pattern=STAFF_ID, examples=["110116-0001"])
    name: str = Field(min_length=1, max_length=50, examples=["于国云"])
    phone: str = Field(pattern=r"^1[0-9]{10}$", examples=["13800001234"])
    role: Role
    station_code: str = Field(pattern=STATION_CODE, examples=["110116107201-01"])
    skills: list[str] = Field(max_length=50, examples=[["MZ", "RS"]])
    duty: Duty = Duty.ON_DUTY
    email: str | None = Field(default=None, max_length=254, pattern=STAFF_EMAIL,
                              examples=["yuguoyun@huairou.example"],
                              description="work email, where notices are sent")

    def value(self) -> StaffMember:
        """The member as the domain states them."""
        return StaffMember(self.staff_id, self.name, self.phone, self.role, self.station_code,
                           tuple(self.skills), None, self.duty, email=self.email)


class StaffChange(_Change):
    """New details, role, station, skills or email of a staff member (email null: none)."""

    required = ("name", "phone", "role", "station_code", "skills")
    name: str | None = Field(default=None, min_length=1, max_length=50)
    phone: str | None = Field(default=None, pattern=r"^1[0-9]{10}$")
    role: Role | None = None
    station_code: str | None = Field(default=None, pattern=STATION_CODE)
    skills: list[str] | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=254, pattern=STAFF_EMAIL)

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        if "skills" in changes:
            changes["skills"] = tuple(changes["skills"])
        return changes


class PartnerIn(_In):
    """The A/B partner to pair with (a colleague at the same station), or null to unpair."""

    partner_id: str | None = Field(pattern=STAFF_ID)


class DutyIn(_In):
    """Whether the member is on duty or absent."""

    duty: Duty


class ImportSummaryOut(BaseModel):
    """What an import did: every row was created, updated or left unchanged."""

    rows: int
    created: int
    updated: int
    unchanged: int


class PlaceViewOut(BaseModel):
    """A place and the places one tier below it."""

    place: PlaceOut
    children: list[PlaceOut]


class PublicAgentOut(BaseModel):
    """An agent as the public board shows them: name and role only."""

    name: str
    role: Role


class PublicStationAgentOut(BaseModel):
    """An agent on a station's notice board: name, role, and the phone masked (a staff
    member's number is personal; the station's own numbers are the ones to call)."""

    name: str
    role: Role
    phone: str = Field(examples=["138****0001"], description="masked: 3 digits, ****, 4 digits")


class PublicStationOut(BaseModel):
    """A station as its notice board (公开栏) shows it; its phones are office numbers, in full."""

    code: str = Field(examples=["110116111201-01"])
    name: str
    place_code: str
    place_name: str
    town_code: str | None = Field(description="the town the station's place lies in (the place "
                                              "itself for a town's station); null at a county")
    town_name: str | None
    phone: str | None = Field(description="the station's office number")
    supervision_phone: str | None = Field(description="the supervision phone (监督电话)")
    agents: list[PublicStationAgentOut]


class PublicPlaceOut(BaseModel):
    """A place of the division tree by name, as the public boards show it."""

    code: str
    name: str
    tier: PlaceTier
    parent_code: str | None
