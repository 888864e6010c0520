"""A small tree of places, stations, departments and staff under a county of the test's own (the
Postgres side keeps what earlier tests wrote), for the repository contracts."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from daiban_kernel.roles import Role
from daiban_routing.domain.places import (
    Department,
    DepartmentRecord,
    Place,
    PlaceRecord,
    Station,
    StationRecord,
)
from daiban_routing.domain.staff import StaffMember, StaffRecord
from daiban_routing.ports import UnitOfWork


@dataclass(frozen=True)
class Tree:
    """A county with one town, two villages, a station at each village, a department and staff."""

    county: str

    @property
    def town(self) -> str:
        return f"{self.county}107"

    @property
    def villages(self) -> tuple[str, str]:
        return f"{self.town}201", f"{self.town}202"

    def station(self, village: str) -> str:
        return f"{village}-01"

    def member(self, n: int, *, village: int = 0, partner: int | None = None) -> StaffMember:
        """An agent at a village's station (the first with a work email)."""
        return StaffMember(self.staff_id(n), "张三", "13800000000", Role.VILLAGE_AGENT,
                           self.station(self.villages[village]), ("MZ", "RS"),
                           None if partner is None else self.staff_id(partner),
                           email=f"agent{n}@huairou.example" if n == 1 else None)

    def staff_id(self, n: int) -> str:
        return f"{self.county}-{n:04d}"

    async def plant(self, uow: UnitOfWork) -> None:
        """Write the tree in one transaction and commit it."""
        async with uow:
            await uow.places.save([PlaceRecord(p) for p in (
                Place(self.county, "示范区", None, None),
                Place(self.town, "汤河口镇", self.county, Decimal("68.0")),
                Place(self.villages[0], "汤河口村", self.town, Decimal("2.0")),
                Place(self.villages[1], "二号沟门村", self.town, Decimal("20.0")))])
            await uow.stations.save([StationRecord(Station(self.station(v), v, "便民服务室"))
                                     for v in self.villages])
            await uow.departments.save([DepartmentRecord(Department(self.county, code, name))
                                        for code, name in (("MZ", "民政局"), ("RS", "人社局"))])
            await uow.staff.save([StaffRecord(m) for m in (
                self.member(1, partner=2), self.member(2, partner=1),
                self.member(3, village=1))])
            await uow.commit()


@pytest.fixture
def tree() -> Tree:
    """A tree under a county code no earlier test used (most likely: 6 random digits)."""
    return Tree(str(random.Random(uuid.uuid4().int).randint(200_000, 999_999)))
