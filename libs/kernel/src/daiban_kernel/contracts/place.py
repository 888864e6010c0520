"""Events about the division tree, its stations and the county's departments, owned by routing.

Each event carries the whole record as it stands after the change, with the record's ``version``
(1 on creation, +1 on every change): a consumer keeps its read model from the events alone and
ignores a snapshot whose version is not newer than the one it holds. Reactivating a record is an
``*_updated`` event with ``active: true``.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from daiban_kernel.events import EventData, registry
from daiban_kernel.places import COUNTY_CODE, PLACE_CODE, STATION_CODE, PlaceTier

DEPARTMENT_CODE = r"^[A-Za-z0-9_.-]{1,32}$"


class StationKind(StrEnum):
    """The service station at a place, by the place's tier."""

    SERVICE_ROOM = "service_room"  # 便民服务室 / 代办点 at a village or community
    SERVICE_CENTRE = "service_centre"  # 便民服务中心 at a town or street
    GOVERNMENT_CENTRE = "government_centre"  # 政务服务中心 at the county


Kilometres = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
"""A road distance in kilometres, one decimal place: a JSON number on the wire (an API's read, an
event, an export alike), a ``Decimal`` in Python."""


class PlaceSnapshot(BaseModel):
    """A place of the division tree."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=PLACE_CODE, description="statistical division code (统计用区划代码)")
    name: str = Field(min_length=1, max_length=50)
    tier: PlaceTier
    parent_code: str | None = Field(pattern=PLACE_CODE,
                                    description="the place one tier up; null for a county")
    distance_km: Kilometres | None = Field(
        ge=0, decimal_places=1, description="road distance to the parent; null for a county")
    active: bool
    version: int = Field(ge=1)


class StationSnapshot(BaseModel):
    """A service station at a place."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=STATION_CODE, description="the place code, a dash, two digits")
    place_code: str = Field(pattern=PLACE_CODE)
    kind: StationKind
    name: str = Field(min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    active: bool
    version: int = Field(ge=1)
    supervision_phone: str | None = Field(
        default=None, max_length=20,
        description="the supervision phone (监督电话) residents call about the station; null "
                    "when not stated")


class DepartmentSnapshot(BaseModel):
    """A department (部门) of a county; its code is unique within the county."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    county_code: str = Field(pattern=COUNTY_CODE)
    code: str = Field(pattern=DEPARTMENT_CODE)
    name: str = Field(min_length=1, max_length=50)
    active: bool
    version: int = Field(ge=1)


class _PlaceEvent(EventData):
    snapshot: PlaceSnapshot

    def subject(self) -> str:
        return f"place:{self.snapshot.code}"

    def place(self) -> str:
        return self.snapshot.code


class _StationEvent(EventData):
    snapshot: StationSnapshot

    def subject(self) -> str:
        return f"station:{self.snapshot.code}"

    def place(self) -> str:
        return self.snapshot.place_code


class _DepartmentEvent(EventData):
    snapshot: DepartmentSnapshot

    def subject(self) -> str:
        return f"department:{self.snapshot.county_code}:{self.snapshot.code}"

    def place(self) -> str:
        return self.snapshot.county_code


@registry.register
class PlaceCreatedV1(_PlaceEvent):
    """A place was added to the division tree."""

    event_type = "place.created"


@registry.register
class PlaceUpdatedV1(_PlaceEvent):
    """A place's name, distance or activity changed (reactivation included)."""

    event_type = "place.updated"


@registry.register
class PlaceDeactivatedV1(_PlaceEvent):
    """A place was deactivated; it stays in the tree for the history."""

    event_type = "place.deactivated"


@registry.register
class StationCreatedV1(_StationEvent):
    """A service station was opened at a place."""

    event_type = "place.station_created"


@registry.register
class StationUpdatedV1(_StationEvent):
    """A station's name, phones or activity changed (reactivation included)."""

    event_type = "place.station_updated"


@registry.register
class StationDeactivatedV1(_StationEvent):
    """A station was closed; its staff had moved or left before."""

    event_type = "place.station_deactivated"


@registry.register
class DepartmentCreatedV1(_DepartmentEvent):
    """A department was added to a county."""

    event_type = "place.department_created"


@registry.register
class DepartmentUpdatedV1(_DepartmentEvent):
    """A department's name or activity changed (reactivation included)."""

    event_type = "place.department_updated"


@registry.register
class DepartmentDeactivatedV1(_DepartmentEvent):
    """A department was deactivated."""

    event_type = "place.department_deactivated"
