"""The route of a case and who holds it at each tier.

A case climbs from its village through its town and county to the department, and stops at the
matter version's deciding tier. At each tier an on-duty member of the tier's role, trained for the
matter's department, at the tier's place, holds it; among several, the one with the fewest open
cases. When every trained member is absent, an absent member's A/B partner covers (AB岗). When
nobody trained is there at all, a relay tier's window still takes the case (its least busy member
on duty); a department's case waits for a trained officer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import MatterVersion, Tier
from daiban_kernel.contracts.staff import Duty
from daiban_kernel.places import PlaceCode, PlaceTier, place_of_station
from daiban_kernel.roles import Role
from daiban_routing.domain.flow import RELAY_ORDER
from daiban_routing.domain.staff import StaffMember

TIER_ROLES: dict[Tier, frozenset[Role]] = {
    Tier.VILLAGE: frozenset({Role.VILLAGE_AGENT, Role.ONLINE_AGENT}),
    Tier.TOWN: frozenset({Role.TOWN_CLERK}),
    Tier.COUNTY: frozenset({Role.COUNTY_COORDINATOR}),
    Tier.DEPARTMENT: frozenset({Role.DEPARTMENT_OFFICER}),
}


PLACE_TIER: dict[Tier, PlaceTier] = {
    Tier.VILLAGE: PlaceTier.VILLAGE, Tier.TOWN: PlaceTier.TOWN,
    Tier.COUNTY: PlaceTier.COUNTY, Tier.DEPARTMENT: PlaceTier.COUNTY,
}
"""The tier of the place where each relay tier sits (a department sits at its county)."""


def place_of(tier: Tier, village_code: str) -> str:
    """The place that holds a tier of a village's case: the village, its town, or its county."""
    return PlaceCode(village_code).at(PLACE_TIER[tier])


@dataclass(frozen=True)
class Route:
    """The tiers a case passes, who decides, and which stages are deemed passed on timeout."""

    path: tuple[Tier, ...]
    deciding_tier: Tier
    department_code: str
    timeout_default_stages: tuple[Tier, ...] = ()

    @classmethod
    def of(cls, matter: MatterVersion) -> Route:
        """The route the matter version prescribes."""
        last = RELAY_ORDER.index(matter.deciding_tier)
        return cls(RELAY_ORDER[:last + 1], matter.deciding_tier, matter.department_code,
                   tuple(matter.timeout_default_stages))

    def above(self, tier: Tier) -> Tier | None:
        """The next tier up the path, or None at the deciding tier."""
        index = self.path.index(tier)
        return self.path[index + 1] if index + 1 < len(self.path) else None


@dataclass(frozen=True)
class Holder:
    """The staff member holding the case at a tier (首问负责 until handed over)."""

    staff_id: str
    role: Role
    station_code: str
    tier: Tier

    @property
    def actor(self) -> Actor:
        """The holder as events name a person: at the place of their station."""
        return Actor(staff_id=self.staff_id, role=self.role,
                     place=place_of_station(self.station_code))


@dataclass(frozen=True)
class Choice:
    """Who should hold the case, and why (the ``reason`` of ``case.assigned``)."""

    member: StaffMember
    reason: str


def eligible(member: StaffMember, *, tier: Tier, department: str) -> bool:
    """Active, of the tier's role, trained for the department."""
    return member.active and member.role in TIER_ROLES[tier] and department in member.skills


def covers_for(partner: StaffMember | None, *, tier: Tier) -> bool:
    """Whether an A/B partner can take an absent member's cases: active, on duty, same role."""
    return (partner is not None and partner.active and partner.duty is Duty.ON_DUTY
            and partner.role in TIER_ROLES[tier])


def choose(staff: Sequence[StaffMember], workload: Mapping[str, int], *, tier: Tier,
           department: str, prefer: str | None = None) -> Choice | None:
    """Who should hold a case at a tier.

    The preferred member (who took the case first, or returned it) if they may, or their partner
    if they are absent; else the on-duty trained member with the fewest open cases; else the
    partner of an absent trained member.
    """
    by_id = {m.staff_id: m for m in staff}
    preferred = by_id.get(prefer or "")
    if preferred is not None and eligible(preferred, tier=tier, department=department):
        if preferred.duty is Duty.ON_DUTY:
            return Choice(preferred, "initial")
        partner = by_id.get(preferred.partner_id or "")
        if partner is not None and covers_for(partner, tier=tier):
            return Choice(partner, "partner_cover")
    return (_least_busy(staff, workload, tier=tier, department=department)
            or _window(staff, workload, tier=tier))


def _least_busy(staff: Sequence[StaffMember], workload: Mapping[str, int], *, tier: Tier,
                department: str) -> Choice | None:
    trained = sorted((m for m in staff if eligible(m, tier=tier, department=department)),
                     key=lambda m: (workload.get(m.staff_id, 0), m.staff_id))
    on_duty = [m for m in trained if m.duty is Duty.ON_DUTY]
    if on_duty:
        return Choice(on_duty[0], "initial")
    by_id = {m.staff_id: m for m in staff}
    for absent in trained:
        partner = by_id.get(absent.partner_id or "")
        if partner is not None and covers_for(partner, tier=tier):
            return Choice(partner, "partner_cover")
    return None


def cover(absent: StaffMember, staff: Sequence[StaffMember], workload: Mapping[str, int], *,
          tier: Tier, department: str) -> Choice | None:
    """Who takes an absent (or departed) holder's case: the partner, else the least busy."""
    by_id = {m.staff_id: m for m in staff}
    partner = by_id.get(absent.partner_id or "")
    if partner is not None and covers_for(partner, tier=tier):
        return Choice(partner, "partner_cover")
    others = [m for m in staff if m.staff_id != absent.staff_id]
    choice = (_least_busy(others, workload, tier=tier, department=department)
              or _window(others, workload, tier=tier))
    return None if choice is None else Choice(choice.member, "reassigned")


def _window(staff: Sequence[StaffMember], workload: Mapping[str, int], *, tier: Tier
            ) -> Choice | None:
    """Nobody trained can take it: a relay tier's comprehensive window (综合代办窗口) still
    does, by its least busy member on duty; a department decides only by trained officers."""
    if tier is Tier.DEPARTMENT:
        return None
    on_duty = sorted((m for m in staff if m.active and m.duty is Duty.ON_DUTY
                      and m.role in TIER_ROLES[tier]),
                     key=lambda m: (workload.get(m.staff_id, 0), m.staff_id))
    return Choice(on_duty[0], "initial") if on_duty else None
