"""The people who act in Daiban, and the tier of place each works at."""

from __future__ import annotations

from enum import StrEnum

from daiban_kernel.places import PlaceTier


class Role(StrEnum):
    """The roles of the programme (群众, 代办员, 网办员, 网格员, 镇级办事员, 区级协调员,
    部门审批人员, 监督, 系统管理员)."""

    RESIDENT = "resident"
    VILLAGE_AGENT = "village_agent"
    ONLINE_AGENT = "online_agent"
    GRID_WORKER = "grid_worker"
    TOWN_CLERK = "town_clerk"
    COUNTY_COORDINATOR = "county_coordinator"
    DEPARTMENT_OFFICER = "department_officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


STAFF_ROLES = frozenset(Role) - {Role.RESIDENT}

ROLE_TIERS: dict[Role, frozenset[PlaceTier]] = {
    Role.RESIDENT: frozenset(PlaceTier),
    Role.VILLAGE_AGENT: frozenset({PlaceTier.VILLAGE}),
    Role.ONLINE_AGENT: frozenset({PlaceTier.VILLAGE}),
    Role.GRID_WORKER: frozenset({PlaceTier.VILLAGE}),
    Role.TOWN_CLERK: frozenset({PlaceTier.TOWN}),
    Role.COUNTY_COORDINATOR: frozenset({PlaceTier.COUNTY}),
    Role.DEPARTMENT_OFFICER: frozenset({PlaceTier.COUNTY}),
    Role.SUPERVISOR: frozenset({PlaceTier.TOWN, PlaceTier.COUNTY}),
    Role.ADMIN: frozenset({PlaceTier.TOWN, PlaceTier.COUNTY}),
}
"""The tiers of place a role works at: a village agent's place is a village (12 digits), a town
clerk's a town (9), a coordinator's or department officer's the county (6); supervisors and
administrators work at a town or the county."""


def works_at(role: Role, tier: PlaceTier) -> bool:
    """Whether a member of ``role`` can be placed at a place of ``tier``."""
    return tier in ROLE_TIERS[role]
