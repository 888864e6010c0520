"""Staff changes that touch two or more members at once: A/B pairing and leaving."""

from __future__ import annotations

from dataclasses import dataclass, replace

from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.master_record import Row
from daiban_routing.domain.staff import StaffMember, StaffRecord
from daiban_routing.handlers.kinds import STAFF
from daiban_routing.handlers.master import checked, kept, store
from daiban_routing.ports import UnitOfWork


@dataclass(frozen=True)
class PairPartners:
    """Make two colleagues each other's A/B partner, or unpair one (``partner_id`` None)."""

    staff_id: str
    partner_id: str | None
    within: Jurisdiction


@dataclass(frozen=True)
class DeactivateMember:
    """A member leaves."""

    staff_id: str
    within: Jurisdiction


async def pair_partners(cmd: PairPartners, uow: UnitOfWork) -> list[StaffRecord]:
    """Make two colleagues each other's A/B partner (or unpair one); former partners are freed."""
    within = cmd.within
    async with uow:
        await uow.lock_master_data()
        member = await _member(cmd.staff_id, within=within, uow=uow)
        changes = {cmd.staff_id: replace(member, partner_id=cmd.partner_id)}
        partner = None if cmd.partner_id is None else await _member(cmd.partner_id,
                                                                    within=within, uow=uow)
        if partner is not None:
            changes[partner.staff_id] = replace(partner, partner_id=cmd.staff_id)
        for pairing in (member, partner):
            former = pairing.partner_id if pairing is not None else None
            if former is not None and former not in changes:
                changes[former] = replace(await _member(former, within=within, uow=uow),
                                          partner_id=None)
        records = await _apply(changes, within=within, uow=uow)
        await uow.commit()
    return records


async def deactivate_member(cmd: DeactivateMember, uow: UnitOfWork) -> StaffRecord:
    """A member leaves; their A/B partner is left without one until paired again."""
    within = cmd.within
    async with uow:
        await uow.lock_master_data()
        member = await _member(cmd.staff_id, within=within, uow=uow)
        changes = {cmd.staff_id: replace(member, active=False, partner_id=None)}
        if member.partner_id is not None:
            partner = await _member(member.partner_id, within=within, uow=uow)
            changes[partner.staff_id] = replace(partner, partner_id=None)
        record, *_ = await _apply(changes, within=within, uow=uow)
        await uow.commit()
    return record


async def _member(staff_id: str, *, within: Jurisdiction, uow: UnitOfWork) -> StaffMember:
    return (await kept(STAFF, (staff_id,), within=within, uow=uow)).value


async def _apply(changes: dict[str, StaffMember], *, within: Jurisdiction,
                 uow: UnitOfWork) -> list[StaffRecord]:
    rows = [Row("", value) for value in changes.values()]
    return await store(STAFF, await checked(STAFF, rows, within=within, uow=uow), uow)
