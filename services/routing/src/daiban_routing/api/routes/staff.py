"""Admin routes for staff: register, change, pair A/B partners, set duty, deactivate."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Response, status

from daiban_kernel.contracts.staff import StaffSnapshot
from daiban_routing.api.deps import Admin, IdempotencyKey, RoutingCommands, StaffId, within
from daiban_routing.api.routes.admin import retry_key
from daiban_routing.api.schemas.master import DutyIn, PartnerIn, StaffChange, StaffIn
from daiban_routing.handlers.kinds import STAFF
from daiban_routing.handlers.master import CreateRecord, ReviseRecord
from daiban_routing.handlers.staff import DeactivateMember, PairPartners

router = APIRouter(prefix="/v1/admin/staff", tags=["admin"])


@router.post("", response_model=StaffSnapshot, status_code=status.HTTP_201_CREATED)
async def create_staff(body: StaffIn, principal: Admin, commands: RoutingCommands,
                       response: Response,
                       idempotency_key: IdempotencyKey = None) -> StaffSnapshot:
    """Register a staff member at a station."""
    record = await commands.create_record(CreateRecord(
        STAFF, body.value(), within(principal), retry_key(principal, idempotency_key, body)))
    response.headers["Location"] = f"/v1/staff/{record.value.staff_id}"
    return record.snapshot()


@router.patch("/{staff_id}", response_model=StaffSnapshot)
async def change_staff(staff_id: StaffId, body: StaffChange, principal: Admin,
                       commands: RoutingCommands) -> StaffSnapshot:
    """Change a member's details, role, station or skills (unpair before moving station)."""
    record = await commands.revise_record(ReviseRecord(
        STAFF, (staff_id,), lambda m: replace(m, **body.changes()), within(principal)))
    return record.snapshot()


@router.put("/{staff_id}/partner", response_model=list[StaffSnapshot])
async def pair_staff(staff_id: StaffId, body: PartnerIn, principal: Admin,
                     commands: RoutingCommands) -> list[StaffSnapshot]:
    """Pair two colleagues as A/B partners (AB岗), or unpair; returns every member changed."""
    records = await commands.pair_partners(PairPartners(staff_id, body.partner_id,
                                                        within(principal)))
    return [record.snapshot() for record in records]


@router.put("/{staff_id}/duty", response_model=StaffSnapshot)
async def set_duty(staff_id: StaffId, body: DutyIn, principal: Admin,
                   commands: RoutingCommands) -> StaffSnapshot:
    """Mark a member on duty or absent (their A/B partner covers)."""
    record = await commands.revise_record(ReviseRecord(
        STAFF, (staff_id,), lambda m: replace(m, duty=body.duty), within(principal)))
    return record.snapshot()


@router.post("/{staff_id}/deactivate", response_model=StaffSnapshot)
async def deactivate_staff(staff_id: StaffId, principal: Admin,
                           commands: RoutingCommands) -> StaffSnapshot:
    """A member leaves; their A/B partnership is dissolved."""
    record = await commands.deactivate_member(DeactivateMember(staff_id, within(principal)))
    return record.snapshot()
