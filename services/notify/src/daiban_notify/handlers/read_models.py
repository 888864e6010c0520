"""Notify's read models, kept from other services' events: staff, matter names, case files."""

from __future__ import annotations

from daiban_kernel.contracts.matter import MatterPublishedV1, MatterVersionCreatedV1
from daiban_kernel.contracts.staff import (
    StaffCreatedV1,
    StaffDeactivatedV1,
    StaffDutyChangedV1,
    StaffUpdatedV1,
)
from daiban_notify.domain.matter_name import MatterName
from daiban_notify.domain.staff_member import StaffMember
from daiban_notify.ports import UnitOfWork

StaffEvent = StaffCreatedV1 | StaffUpdatedV1 | StaffDeactivatedV1 | StaffDutyChangedV1
MatterEvent = MatterVersionCreatedV1 | MatterPublishedV1


async def keep_staff_member(event: StaffEvent, uow: UnitOfWork) -> None:
    """Remember a member as the event states them (an older version changes nothing)."""
    await uow.staff.keep(StaffMember.from_snapshot(event.snapshot))


async def keep_matter_name(event: MatterEvent, uow: UnitOfWork) -> None:
    """Remember a matter version's name and limit."""
    m = event.matter
    await uow.matters.keep(MatterName(m.code, m.version, m.name, m.limit_working_days))
