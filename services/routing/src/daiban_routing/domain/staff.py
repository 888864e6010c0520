"""Staff members: who works at which station, in which role, trained for which departments.

Rules a member's record keeps on its own: the role fits the station's tier (agents and grid workers
at villages, clerks at towns, coordinators and department officers at the county, supervisors and
admins at a town or the county); agents and clerks are trained for at least two departments
("一专多能"); nobody partners themself; a member who left has no partner. Rules that need other
records (the partner works at the same station and names this member back; the station and the
departments exist) are in ``checks``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Self

from daiban_kernel.contracts.place import DEPARTMENT_CODE
from daiban_kernel.contracts.staff import (
    STAFF_EMAIL,
    STAFF_ID,
    Duty,
    StaffCreatedV1,
    StaffDeactivatedV1,
    StaffDutyChangedV1,
    StaffSnapshot,
    StaffUpdatedV1,
)
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceCode, PlaceTier, place_of_station
from daiban_kernel.roles import STAFF_ROLES, Role
from daiban_routing.domain.master_record import Key, MasterRecord, name_problems
from daiban_routing.domain.sheet import Cell, CellKind, Column, SheetRow

ROLE_TIERS: dict[Role, frozenset[PlaceTier]] = {
    Role.VILLAGE_AGENT: frozenset({PlaceTier.VILLAGE}),
    Role.ONLINE_AGENT: frozenset({PlaceTier.VILLAGE}),
    Role.GRID_WORKER: frozenset({PlaceTier.VILLAGE}),
    Role.TOWN_CLERK: frozenset({PlaceTier.TOWN}),
    Role.COUNTY_COORDINATOR: frozenset({PlaceTier.COUNTY}),
    Role.DEPARTMENT_OFFICER: frozenset({PlaceTier.COUNTY}),
    Role.SUPERVISOR: frozenset({PlaceTier.TOWN, PlaceTier.COUNTY}),
    Role.ADMIN: frozenset({PlaceTier.TOWN, PlaceTier.COUNTY}),
}
FEWEST_SKILLS = {Role.VILLAGE_AGENT: 2, Role.ONLINE_AGENT: 2, Role.TOWN_CLERK: 2,
                 Role.DEPARTMENT_OFFICER: 1}
PUBLIC_ROLES = frozenset({Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.TOWN_CLERK,
                          Role.COUNTY_COORDINATOR})
MOBILE = re.compile(r"^1[0-9]{10}$")
EMAIL = re.compile(STAFF_EMAIL)
STATION = re.compile(r"^([0-9]{6}|[0-9]{9}|[0-9]{12})-[0-9]{2}$")


@dataclass(frozen=True)
class StaffMember:
    """A staff member: role, station, skills, A/B partner, duty, work email (when known)."""

    columns: ClassVar[Sequence[Column]] = (
        Column("staff_id"), Column("name"), Column("phone"),
        Column("role", choices=tuple(sorted(r.value for r in STAFF_ROLES))),
        Column("station_code"), Column("skills", CellKind.CODES),
        Column("partner_id", CellKind.OPTIONAL_TEXT),
        Column("duty", choices=tuple(d.value for d in Duty)), Column("active", CellKind.FLAG),
        Column("email", CellKind.OPTIONAL_TEXT, may_be_left_out=True))
    key_fields: ClassVar[Sequence[str]] = ("staff_id",)
    place_field: ClassVar[str] = "station_code"

    staff_id: str
    name: str
    phone: str
    role: Role
    station_code: str
    skills: tuple[str, ...]
    partner_id: str | None = None
    duty: Duty = Duty.ON_DUTY
    active: bool = True
    email: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", tuple(sorted(self.skills)))

    @property
    def key(self) -> Key:
        return (self.staff_id,)

    @property
    def on_duty(self) -> bool:
        """Active and not marked absent: may take a case."""
        return self.active and self.duty is Duty.ON_DUTY

    @property
    def place_code(self) -> str:
        """The place of the member's station."""
        return place_of_station(self.station_code)

    @classmethod
    def from_row(cls, row: SheetRow) -> Self:
        return cls(row.text("staff_id"), row.text("name"), row.text("phone"),
                   Role(row.text("role")), row.text("station_code"), row.codes("skills"),
                   row.optional_text("partner_id"), Duty(row.text("duty")), row.flag("active"),
                   row.optional_text("email"))

    def cells(self) -> dict[str, Cell]:
        return {"staff_id": self.staff_id, "name": self.name, "phone": self.phone,
                "role": self.role.value, "station_code": self.station_code,
                "skills": self.skills, "partner_id": self.partner_id,
                "duty": self.duty.value, "active": self.active, "email": self.email}

    def problems(self) -> list[tuple[str, str]]:
        problems = name_problems(self.name, longest=50)
        if re.fullmatch(STAFF_ID, self.staff_id) is None:
            problems.append(("staff_id", "letters, digits, '_', '.', ':' or '-', at most 64"))
        if MOBILE.fullmatch(self.phone) is None:
            problems.append(("phone", "an 11-digit mobile number is expected"))
        if self.email is not None and (len(self.email) > 254
                                       or EMAIL.fullmatch(self.email) is None):
            problems.append(("email", "an address like name@example.org, at most 254 characters"))
        return [*problems, *self._station_problems(), *self._skill_problems(),
                *self._partner_problems()]

    def _station_problems(self) -> list[tuple[str, str]]:
        if self.role is Role.RESIDENT:
            return [("role", "a resident is not staff")]
        if STATION.fullmatch(self.station_code) is None:
            return [("station_code", "a station code (place code, dash, two digits) is expected")]
        code = PlaceCode.parse(self.place_code)
        tier = None if code is None else code.tier
        allowed = ROLE_TIERS[self.role]
        if tier not in allowed:
            where = " or ".join(sorted(t.value for t in allowed))
            return [("role", f"a {self.role} works at a {where} station, not a {tier}")]
        return []

    def _skill_problems(self) -> list[tuple[str, str]]:
        problems = [("skills", f"{code} is not a department code") for code in self.skills
                    if re.fullmatch(DEPARTMENT_CODE, code) is None]
        twice = sorted({c for c in self.skills if self.skills.count(c) > 1})
        if twice:
            problems.append(("skills", "named twice: " + ", ".join(twice)))
        fewest = FEWEST_SKILLS.get(self.role, 0)
        if len(set(self.skills)) < fewest:
            problems.append(("skills", f"a {self.role} is trained for at least {fewest} "
                             "departments (一专多能)"))
        return problems

    def _partner_problems(self) -> list[tuple[str, str]]:
        if self.partner_id is None:
            return []
        if re.fullmatch(STAFF_ID, self.partner_id) is None:
            return [("partner_id", "not a staff id")]
        if self.partner_id == self.staff_id:
            return [("partner_id", "nobody is their own A/B partner")]
        if not self.active:
            return [("partner_id", "a member who left has no A/B partner")]
        return []


class StaffRecord(MasterRecord[StaffMember]):
    """A staff member as routing keeps them."""

    def snapshot(self) -> StaffSnapshot:
        """The member as their events carry them."""
        v = self.value
        return StaffSnapshot(staff_id=v.staff_id, name=v.name, phone=v.phone, role=v.role,
                             station_code=v.station_code, place_code=v.place_code,
                             skills=v.skills, partner_id=v.partner_id, duty=v.duty,
                             active=v.active, version=self.version, email=v.email)

    def created(self) -> EventData:
        return StaffCreatedV1(snapshot=self.snapshot())

    def changed(self, before: StaffMember) -> EventData:
        if before.active and not self.value.active:
            return StaffDeactivatedV1(snapshot=self.snapshot())
        if _only_duty_differs(before, self.value):
            return StaffDutyChangedV1(snapshot=self.snapshot())
        return StaffUpdatedV1(snapshot=self.snapshot())


def _only_duty_differs(before: StaffMember, after: StaffMember) -> bool:
    return before.duty != after.duty and before == _with_duty(after, before.duty)


def _with_duty(member: StaffMember, duty: Duty) -> StaffMember:
    return replace(member, duty=duty)
