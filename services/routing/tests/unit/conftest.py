"""Builders for unit tests of routing's domain and handlers (the fakes are in ../conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest

from daiban_common.service import Service
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.roles import Role
from daiban_routing import bootstrap
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.route import Choice, Route
from daiban_routing.domain.staff import StaffMember
from daiban_routing.settings import RoutingSettings

Routing = Service[bootstrap.Commands, bootstrap.Queries]


@pytest.fixture
def routing(uow: Any) -> Routing:
    """Routing wired to the fake."""
    return bootstrap.build(RoutingSettings(environment="test"), uow_factory=lambda: uow)


class RelayKit:
    """A village's case, its route, and staff at each tier, for tests of the pure flow."""

    VILLAGE = "110116107202"
    STATIONS: ClassVar[dict[Tier, str]] = {
        Tier.VILLAGE: "110116107202-01", Tier.TOWN: "110116107-01",
        Tier.COUNTY: "110116-01", Tier.DEPARTMENT: "110116-01"}
    ROLES: ClassVar[dict[Tier, Role]] = {
        Tier.VILLAGE: Role.VILLAGE_AGENT, Tier.TOWN: Role.TOWN_CLERK,
        Tier.COUNTY: Role.COUNTY_COORDINATOR, Tier.DEPARTMENT: Role.DEPARTMENT_OFFICER}
    AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def route(self, deciding: Tier, *, timeout: tuple[Tier, ...] = ()) -> Route:
        """The route of a YB matter decided at ``deciding``."""
        order = (Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT)
        return Route(order[:order.index(deciding) + 1], deciding, "YB", timeout)

    def member(self, tier: Tier, n: int = 1, **changes: Any) -> StaffMember:
        """A trained, on-duty member at the tier's station."""
        values: dict[str, Any] = {
            "staff_id": f"{tier.value}-{n}", "name": "张三", "phone": "13800000000",
            "role": self.ROLES[tier], "station_code": self.STATIONS[tier],
            "skills": ("MZ", "YB")}
        return StaffMember(**{**values, **changes})

    def actor(self, tier: Tier, n: int = 1) -> Actor:
        """A member of the tier acting at its place."""
        m = self.member(tier, n)
        return Actor(staff_id=m.staff_id, role=m.role, place=m.place_code)

    def choice(self, tier: Tier, n: int = 1) -> Choice:
        return Choice(self.member(tier, n), "initial")

    def case(self, number: str = "110116-20261125-000001") -> RoutedCase:
        """A submitted case of the village."""
        return RoutedCase.arrive(number=number, matter_code="YB-001", village_code=self.VILLAGE,
                                 at=self.AT)

    def accepted(self, route: Route) -> RoutedCase:
        case = self.case()
        case.route_accepted(route, by=self.actor(Tier.VILLAGE), at=self.AT,
                    holder=self.choice(Tier.VILLAGE))
        return case


@pytest.fixture
def kit() -> RelayKit:
    """Builders for tests of the relay's pure domain."""
    return RelayKit()
