"""Notify's read model of a staff member, kept from routing's ``staff.*`` events: who they are,
where they work, how to reach them, who covers for them and whether they are at work."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.contracts.staff import Duty, StaffSnapshot
from daiban_kernel.places import PlaceCode, PlaceTier
from daiban_kernel.roles import Role, works_at


@dataclass(frozen=True)
class StaffMember:
    """A staff member as notify needs them."""

    staff_id: str
    name: str
    phone: str
    email: str | None
    role: Role
    place_code: str
    partner_id: str | None
    on_duty: bool
    active: bool
    version: int

    @classmethod
    def from_snapshot(cls, snapshot: StaffSnapshot) -> StaffMember:
        """The member as the event states them."""
        return cls(staff_id=snapshot.staff_id, name=snapshot.name, phone=snapshot.phone,
                   email=snapshot.email, role=snapshot.role, place_code=snapshot.place_code,
                   partner_id=snapshot.partner_id, on_duty=snapshot.duty is Duty.ON_DUTY,
                   active=snapshot.active, version=snapshot.version)

    @property
    def reachable(self) -> bool:
        """Whether notices go to them now (active and at work)."""
        return self.active and self.on_duty

    def works_the_tier_of(self, place: PlaceCode) -> bool:
        """Whether their role handles cases at ``place``'s tier."""
        return works_at(self.role, place.tier) and self.role not in {
            Role.SUPERVISOR, Role.ADMIN}


def supervisor_place(place: PlaceCode) -> PlaceCode:
    """Where the supervisor of the tier above sits: a village's town, a town's county; the county
    supervises itself."""
    if place.tier is PlaceTier.COUNTY:
        return place
    parent = place.parent
    return place.county if parent is None else parent
