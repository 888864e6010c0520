"""The division tree (统计用区划代码), the stations at its places, and the county's departments.

A code's length tells its tier: 6 digits a county, 9 a town or street, 12 a village or community;
a child's code starts with its parent's. Each town and village states its road distance to its
parent (the savings reports add them up).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Self

from daiban_kernel.contracts.place import (
    DEPARTMENT_CODE,
    DepartmentCreatedV1,
    DepartmentDeactivatedV1,
    DepartmentSnapshot,
    DepartmentUpdatedV1,
    PlaceCreatedV1,
    PlaceDeactivatedV1,
    PlaceSnapshot,
    PlaceUpdatedV1,
    StationCreatedV1,
    StationDeactivatedV1,
    StationKind,
    StationSnapshot,
    StationUpdatedV1,
)
from daiban_kernel.events import EventData
from daiban_kernel.phones import is_office_phone
from daiban_kernel.places import DIGITS, PlaceCode, PlaceTier
from daiban_routing.domain.master_record import Key, MasterRecord, name_problems
from daiban_routing.domain.sheet import Cell, CellKind, Column, SheetRow

PARENT_TIER = {PlaceTier.TOWN: PlaceTier.COUNTY, PlaceTier.VILLAGE: PlaceTier.TOWN}
STATION_KIND = {PlaceTier.COUNTY: StationKind.GOVERNMENT_CENTRE,
                PlaceTier.TOWN: StationKind.SERVICE_CENTRE,
                PlaceTier.VILLAGE: StationKind.SERVICE_ROOM}
TENTH = Decimal("0.1")
LONGEST_ROAD_KM = Decimal(1000)


def tier_of(code: str | None) -> PlaceTier | None:
    """The tier a division code names, or None if it is not one."""
    found = PlaceCode.parse(code)
    return None if found is None else found.tier


@dataclass(frozen=True)
class Place:
    """A county, town/street or village/community."""

    columns: ClassVar[Sequence[Column]] = (Column("code"), Column("name"),
                         Column("parent_code", CellKind.OPTIONAL_TEXT),
                         Column("distance_km", CellKind.DECIMAL), Column("active", CellKind.FLAG))
    key_fields: ClassVar[Sequence[str]] = ("code",)
    place_field: ClassVar[str] = "code"

    code: str
    name: str
    parent_code: str | None
    distance_km: Decimal | None
    active: bool = True

    def __post_init__(self) -> None:
        distance = self.distance_km
        if distance is not None and distance.is_finite() and abs(distance) <= LONGEST_ROAD_KM:
            tenths = distance.quantize(TENTH)
            if tenths == distance:  # 8 and 8.00 are kept as 8.0, as the database returns them
                object.__setattr__(self, "distance_km", tenths)

    @property
    def key(self) -> Key:
        return (self.code,)

    @property
    def place_code(self) -> str:
        return self.code

    @property
    def tier(self) -> PlaceTier:
        """The tier (only for a value without problems)."""
        return PlaceCode(self.code).tier

    @classmethod
    def from_row(cls, row: SheetRow) -> Self:
        return cls(row.text("code"), row.text("name"), row.optional_text("parent_code"),
                   row.decimal("distance_km"), row.flag("active"))

    def cells(self) -> dict[str, Cell]:
        return {"code": self.code, "name": self.name, "parent_code": self.parent_code,
                "distance_km": self.distance_km, "active": self.active}

    def problems(self) -> list[tuple[str, str]]:
        tier = tier_of(self.code)
        if tier is None:
            return [("code", "a division code has 6 (county), 9 (town) or 12 (village) digits")]
        problems = name_problems(self.name, longest=50)
        if tier is PlaceTier.COUNTY:
            if self.parent_code is not None:
                problems.append(("parent_code", "a county has no parent"))
            if self.distance_km is not None:
                problems.append(("distance_km", "a county has no distance to a parent"))
            return problems
        return problems + self._parent_problems(tier) + _distance_problems(self.distance_km)

    def _parent_problems(self, tier: PlaceTier) -> list[tuple[str, str]]:
        parent_tier = PARENT_TIER[tier]
        if self.parent_code is None:
            return [("parent_code", f"a {tier} needs its parent {parent_tier}")]
        if tier_of(self.parent_code) is not parent_tier:
            return [("parent_code", f"a {tier} ({DIGITS[tier]} digits) lies in a "
                     f"{parent_tier} ({DIGITS[parent_tier]} digits)")]
        if PlaceCode(self.code).parent != self.parent_code:
            return [("code", f"{self.code} does not start with its parent's code "
                     f"{self.parent_code}")]
        return []


def _distance_problems(distance: Decimal | None) -> list[tuple[str, str]]:
    if distance is None:
        return [("distance_km", "the road distance to the parent is required")]
    if distance < 0:
        return [("distance_km", "a distance cannot be negative")]
    if distance > LONGEST_ROAD_KM or distance != distance.quantize(TENTH):
        return [("distance_km", f"kilometres up to {LONGEST_ROAD_KM}, one decimal place")]
    return []


@dataclass(frozen=True)
class Station:
    """A service station at a place; its kind follows from the place's tier. Its phone and its
    supervision phone (监督电话, where complaints about it go) are office numbers."""

    columns: ClassVar[Sequence[Column]] = (
        Column("code"), Column("place_code"), Column("name"),
        Column("phone", CellKind.OPTIONAL_TEXT),
        Column("supervision_phone", CellKind.OPTIONAL_TEXT, may_be_left_out=True),
        Column("active", CellKind.FLAG))
    key_fields: ClassVar[Sequence[str]] = ("code",)
    place_field: ClassVar[str] = "place_code"

    code: str
    place_code: str
    name: str
    phone: str | None = None
    active: bool = True
    supervision_phone: str | None = None

    @property
    def key(self) -> Key:
        return (self.code,)

    @property
    def kind(self) -> StationKind:
        """便民服务室, 便民服务中心 or 政务服务中心 (only for a value without problems)."""
        return STATION_KIND[PlaceCode(self.place_code).tier]

    @classmethod
    def from_row(cls, row: SheetRow) -> Self:
        return cls(row.text("code"), row.text("place_code"), row.text("name"),
                   row.optional_text("phone"), row.flag("active"),
                   row.optional_text("supervision_phone"))

    def cells(self) -> dict[str, Cell]:
        return {"code": self.code, "place_code": self.place_code, "name": self.name,
                "phone": self.phone, "supervision_phone": self.supervision_phone,
                "active": self.active}

    def problems(self) -> list[tuple[str, str]]:
        if tier_of(self.place_code) is None:
            return [("place_code", "a division code of 6, 9 or 12 digits is expected")]
        problems = name_problems(self.name, longest=100)
        if re.fullmatch(re.escape(self.place_code) + r"-[0-9]{2}", self.code) is None:
            problems.append(("code", "a station's code is its place's code, a dash and two "
                             f"digits, e.g. {self.place_code}-01"))
        for field, phone in (("phone", self.phone),
                             ("supervision_phone", self.supervision_phone)):
            if phone is not None and not is_office_phone(phone):
                problems.append((field, "a mobile or landline number (010-69644000), a service "
                                 "number (12345) or a 400/800 line is expected"))
        return problems


@dataclass(frozen=True)
class Department:
    """A department (部门) of a county that decides matters."""

    columns: ClassVar[Sequence[Column]] = (Column("county_code"), Column("code"), Column("name"),
                         Column("active", CellKind.FLAG))
    key_fields: ClassVar[Sequence[str]] = ("county_code", "code")
    place_field: ClassVar[str] = "county_code"

    county_code: str
    code: str
    name: str
    active: bool = True

    @property
    def key(self) -> Key:
        return (self.county_code, self.code)

    @property
    def place_code(self) -> str:
        return self.county_code

    @classmethod
    def from_row(cls, row: SheetRow) -> Self:
        return cls(row.text("county_code"), row.text("code"), row.text("name"),
                   row.flag("active"))

    def cells(self) -> dict[str, Cell]:
        return {"county_code": self.county_code, "code": self.code, "name": self.name,
                "active": self.active}

    def problems(self) -> list[tuple[str, str]]:
        problems = name_problems(self.name, longest=50)
        if tier_of(self.county_code) is not PlaceTier.COUNTY:
            problems.append(("county_code", "a county code has 6 digits"))
        if re.fullmatch(DEPARTMENT_CODE, self.code) is None:
            problems.append(("code", "letters, digits, '_', '.' or '-', at most 32"))
        return problems


class PlaceRecord(MasterRecord[Place]):
    """A place as routing keeps it."""

    def snapshot(self) -> PlaceSnapshot:
        """The place as its events carry it."""
        v = self.value
        return PlaceSnapshot(code=v.code, name=v.name, tier=v.tier, parent_code=v.parent_code,
                             distance_km=v.distance_km, active=v.active, version=self.version)

    def created(self) -> EventData:
        return PlaceCreatedV1(snapshot=self.snapshot())

    def changed(self, before: Place) -> EventData:
        if before.active and not self.value.active:
            return PlaceDeactivatedV1(snapshot=self.snapshot())
        return PlaceUpdatedV1(snapshot=self.snapshot())


class StationRecord(MasterRecord[Station]):
    """A station as routing keeps it."""

    def snapshot(self) -> StationSnapshot:
        """The station as its events carry it."""
        v = self.value
        return StationSnapshot(code=v.code, place_code=v.place_code, kind=v.kind, name=v.name,
                               phone=v.phone, supervision_phone=v.supervision_phone,
                               active=v.active, version=self.version)

    def created(self) -> EventData:
        return StationCreatedV1(snapshot=self.snapshot())

    def changed(self, before: Station) -> EventData:
        if before.active and not self.value.active:
            return StationDeactivatedV1(snapshot=self.snapshot())
        return StationUpdatedV1(snapshot=self.snapshot())


class DepartmentRecord(MasterRecord[Department]):
    """A department as routing keeps it."""

    def snapshot(self) -> DepartmentSnapshot:
        """The department as its events carry it."""
        v = self.value
        return DepartmentSnapshot(county_code=v.county_code, code=v.code, name=v.name,
                                  active=v.active, version=self.version)

    def created(self) -> EventData:
        return DepartmentCreatedV1(snapshot=self.snapshot())

    def changed(self, before: Department) -> EventData:
        if before.active and not self.value.active:
            return DepartmentDeactivatedV1(snapshot=self.snapshot())
        return DepartmentUpdatedV1(snapshot=self.snapshot())
