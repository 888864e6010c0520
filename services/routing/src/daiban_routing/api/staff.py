"""Admin routes for staff: register, change, pair A/B partners, set duty, deactivate."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Response, status

from daiban_kernel.contracts.staff import StaffSnapshot
from daiban_routing.api.admin import claim
from daiban_routing.api.deps import Admin, IdempotencyKey, RoutingDep, StaffId
from daiban_routing.api.schemas import DutyIn, PartnerIn, StaffChange, StaffIn
from daiban_routing.handlers.kinds import STAFF
from daiban_routing.handlers.master import create_record, revise_record
from daiban_routing.handlers.staff import deactivate_member, pair_partners

router = APIRouter(prefix="/v1/admin/staff", tags=["admin"])


@router.post("", response_model=StaffSnapshot, status_code=status.HTTP_201_CREATED)
async def create_staff(body: StaffIn, principal: Admin, routing: RoutingDep, response: Response,
                       idempotency_key: IdempotencyKey = None) -> StaffSnapshot:
    """Register a staff member at a station."""
    value = body.value()
    principal.require_place(value.place_code)
    record = await create_record(STAFF, value, scope=principal.place, uow=routing.uow(),
                                 claim=claim(principal, idempotency_key, body))
    response.headers["Location"] = f"/v1/staff/{record.value.staff_id}"
    return record.snapshot()


@router.patch("/{staff_id}", response_model=StaffSnapshot)
async def change_staff(staff_id: StaffId, body: StaffChange, principal: Admin,
                       routing: RoutingDep) -> StaffSnapshot:
    """Change a member's details, role, station or skills (unpair before moving station)."""
    record = await revise_record(STAFF, (staff_id,), lambda m: replace(m, **body.changes()),
                                 scope=principal.place, uow=routing.uow())
    return record.snapshot()


@router.put("/{staff_id}/partner", response_model=list[StaffSnapshot])
async def pair_staff(staff_id: StaffId, body: PartnerIn, principal: Admin,
                     routing: RoutingDep) -> list[StaffSnapshot]:
    """Pair two colleagues as A/B partners (AB岗), or unpair; returns every member changed."""
    records = await pair_partners(staff_id, body.partner_id, scope=principal.place,
                                  uow=routing.uow())
    return [record.snapshot() for record in records]


@router.put("/{staff_id}/duty", response_model=StaffSnapshot)
async def set_duty(staff_id: StaffId, body: DutyIn, principal: Admin,
                   routing: RoutingDep) -> StaffSnapshot:
    """Mark a member on duty or absent (their A/B partner covers)."""
    record = await revise_record(STAFF, (staff_id,), lambda m: replace(m, duty=body.duty),
                                 scope=principal.place, uow=routing.uow())
    return record.snapshot()


@router.post("/{staff_id}/deactivate", response_model=StaffSnapshot)
async def deactivate_staff(staff_id: StaffId, principal: Admin,
                           routing: RoutingDep) -> StaffSnapshot:
    """A member leaves; their A/B partnership is dissolved."""
    record = await deactivate_member(staff_id, scope=principal.place, uow=routing.uow())
    return record.snapshot()
