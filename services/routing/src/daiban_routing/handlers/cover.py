"""AB岗: when a member is marked absent or leaves, the cases they hold pass to their A/B partner
(or, without one on duty, to the least busy trained colleague at the same tier and place).

Routing consumes its own ``staff.*`` events for this, so a change by the admin API and one by a
bulk import are covered alike. Handlers do not commit (the consumer does).
"""

from __future__ import annotations

from datetime import datetime

from daiban_kernel.contracts.staff import (
    Duty,
    StaffDeactivatedV1,
    StaffDutyChangedV1,
    StaffUpdatedV1,
)
from daiban_routing.domain.route import cover, place_of
from daiban_routing.domain.staff import StaffMember
from daiban_routing.ports import UnitOfWork

StaffChange = StaffDutyChangedV1 | StaffUpdatedV1 | StaffDeactivatedV1


async def cover_absent_member(event: StaffChange, uow: UnitOfWork, *, at: datetime) -> None:
    """Pass an absent or departed member's open cases to whoever covers them."""
    snapshot = event.snapshot
    if snapshot.duty is Duty.ON_DUTY and snapshot.active:
        return
    record = await uow.staff.get((snapshot.staff_id,))
    if record is None or record.version > snapshot.version:
        return  # a newer change of the member will be (or was) handled in its own turn
    for number in await uow.cases.held_by(snapshot.staff_id):
        await _hand_to_cover(number, record.value, uow, at=at)


async def _hand_to_cover(number: str, absent: StaffMember, uow: UnitOfWork, *,
                         at: datetime) -> None:
    case = await uow.cases.get(number)
    if case is None or case.holder is None or case.holder.staff_id != absent.staff_id \
            or case.route is None:
        return
    tier = case.holder.tier
    staff = [r.value for r in await uow.staff.at_place(place_of(tier, case.village_code))]
    workload = await uow.cases.workload([m.staff_id for m in staff])
    choice = cover(absent, staff, workload, tier=tier, department=case.route.department_code)
    if choice is None:
        return  # nobody can take it: the absent member keeps it, and the station's list shows it
    expected = case.version
    case.assign(choice, tier=tier, at=at)
    await uow.cases.save(case, expected_version=expected)
