"""Staff changes that touch two or more members at once: A/B pairing and leaving."""

from __future__ import annotations

from dataclasses import replace

from daiban_routing.domain.errors import RecordNotFound
from daiban_routing.domain.records import Row
from daiban_routing.domain.staff import StaffMember, StaffRecord
from daiban_routing.handlers.kinds import STAFF
from daiban_routing.handlers.master import checked, store
from daiban_routing.ports import UnitOfWork


async def pair_partners(staff_id: str, partner_id: str | None, *, scope: str,
                        uow: UnitOfWork) -> list[StaffRecord]:
    """Make two colleagues each other's A/B partner (or unpair one); former partners are freed."""
    async with uow:
        await uow.lock_master_data()
        member = await _member(staff_id, scope=scope, uow=uow)
        changes = {staff_id: replace(member, partner_id=partner_id)}
        partner = None if partner_id is None else await _member(partner_id, scope=scope, uow=uow)
        if partner is not None:
            changes[partner.staff_id] = replace(partner, partner_id=staff_id)
        for pairing in (member, partner):
            former = pairing.partner_id if pairing is not None else None
            if former is not None and former not in changes:
                changes[former] = replace(await _member(former, scope=scope, uow=uow),
                                          partner_id=None)
        records = await _apply(changes, scope=scope, uow=uow)
        await uow.commit()
    return records


async def deactivate_member(staff_id: str, *, scope: str, uow: UnitOfWork) -> StaffRecord:
    """A member leaves; their A/B partner is left without one until paired again."""
    async with uow:
        await uow.lock_master_data()
        member = await _member(staff_id, scope=scope, uow=uow)
        changes = {staff_id: replace(member, active=False, partner_id=None)}
        if member.partner_id is not None:
            partner = await _member(member.partner_id, scope=scope, uow=uow)
            changes[partner.staff_id] = replace(partner, partner_id=None)
        record, *_ = await _apply(changes, scope=scope, uow=uow)
        await uow.commit()
    return record


async def _member(staff_id: str, *, scope: str, uow: UnitOfWork) -> StaffMember:
    record = await uow.staff.get((staff_id,))
    if record is None or not record.value.place_code.startswith(scope):
        raise RecordNotFound(f"no staff member {staff_id} in your jurisdiction")
    return record.value


async def _apply(changes: dict[str, StaffMember], *, scope: str,
                 uow: UnitOfWork) -> list[StaffRecord]:
    rows = [Row("", value) for value in changes.values()]
    return await store(STAFF, await checked(STAFF, rows, scope=scope, uow=uow), uow)
