"""Admin routes that create, change and deactivate places, stations and departments."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from daiban_common.idempotency import request_hash
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.place import DepartmentSnapshot, PlaceSnapshot, StationSnapshot
from daiban_routing.api.deps import (
    Admin,
    CountyCode,
    DepartmentCode,
    IdempotencyKey,
    PlaceCode,
    RoutingDep,
    StationCode,
)
from daiban_routing.api.schemas import (
    DepartmentChange,
    DepartmentIn,
    PlaceChange,
    PlaceIn,
    StationChange,
    StationIn,
)
from daiban_routing.domain.places import Department, Place, Station
from daiban_routing.handlers.kinds import DEPARTMENTS, PLACES, STATIONS
from daiban_routing.handlers.master import IdempotencyClaim, create_record, revise_record

router = APIRouter(prefix="/v1/admin", tags=["admin"])


def claim(principal: Actor, key: str | None, body: BaseModel) -> IdempotencyClaim | None:
    """The Idempotency-Key claim of a creating request, if it sent one."""
    if key is None:
        return None
    return IdempotencyClaim(principal.staff_id, key, request_hash(body.model_dump(mode="json")))


T = TypeVar("T", Place, Station, Department)


def _inactive(value: T) -> T:
    return replace(value, active=False)


@router.post("/places", response_model=PlaceSnapshot, status_code=status.HTTP_201_CREATED)
async def create_place(body: PlaceIn, principal: Admin, routing: RoutingDep, response: Response,
                       idempotency_key: IdempotencyKey = None) -> PlaceSnapshot:
    """Add a place to the division tree."""
    principal.require_place(body.code)
    record = await create_record(PLACES, body.value(), scope=principal.place, uow=routing.uow(),
                                 claim=claim(principal, idempotency_key, body))
    response.headers["Location"] = f"/v1/places/{record.value.code}"
    return record.snapshot()


@router.patch("/places/{code}", response_model=PlaceSnapshot)
async def change_place(code: PlaceCode, body: PlaceChange, principal: Admin,
                       routing: RoutingDep) -> PlaceSnapshot:
    """Rename a place or correct its road distance."""
    record = await revise_record(PLACES, (code,), lambda p: replace(p, **body.changes()),
                                 scope=principal.place, uow=routing.uow())
    return record.snapshot()


@router.post("/places/{code}/deactivate", response_model=PlaceSnapshot)
async def deactivate_place(code: PlaceCode, principal: Admin,
                           routing: RoutingDep) -> PlaceSnapshot:
    """Deactivate a place that has no active children or station left."""
    record = await revise_record(PLACES, (code,), _inactive, scope=principal.place,
                                 uow=routing.uow())
    return record.snapshot()


@router.post("/stations", response_model=StationSnapshot, status_code=status.HTTP_201_CREATED)
async def create_station(body: StationIn, principal: Admin, routing: RoutingDep,
                         response: Response,
                         idempotency_key: IdempotencyKey = None) -> StationSnapshot:
    """Open a station at a place."""
    principal.require_place(body.place_code)
    record = await create_record(STATIONS, body.value(), scope=principal.place,
                                 uow=routing.uow(), claim=claim(principal, idempotency_key, body))
    response.headers["Location"] = f"/v1/stations/{record.value.code}"
    return record.snapshot()


@router.patch("/stations/{code}", response_model=StationSnapshot)
async def change_station(code: StationCode, body: StationChange, principal: Admin,
                         routing: RoutingDep) -> StationSnapshot:
    """Rename a station or change its phone."""
    record = await revise_record(STATIONS, (code,), lambda s: replace(s, **body.changes()),
                                 scope=principal.place, uow=routing.uow())
    return record.snapshot()


@router.post("/stations/{code}/deactivate", response_model=StationSnapshot)
async def deactivate_station(code: StationCode, principal: Admin,
                             routing: RoutingDep) -> StationSnapshot:
    """Close a station that has no active staff left."""
    record = await revise_record(STATIONS, (code,), _inactive, scope=principal.place,
                                 uow=routing.uow())
    return record.snapshot()


@router.post("/departments", response_model=DepartmentSnapshot, status_code=status.HTTP_201_CREATED)
async def create_department(body: DepartmentIn, principal: Admin, routing: RoutingDep,
                            idempotency_key: IdempotencyKey = None) -> DepartmentSnapshot:
    """Add a department to a county."""
    principal.require_place(body.county_code)
    record = await create_record(DEPARTMENTS, body.value(), scope=principal.place,
                                 uow=routing.uow(), claim=claim(principal, idempotency_key, body))
    return record.snapshot()


@router.patch("/departments/{county_code}/{code}", response_model=DepartmentSnapshot)
async def change_department(county_code: CountyCode, code: DepartmentCode,
                            body: DepartmentChange, principal: Admin,
                            routing: RoutingDep) -> DepartmentSnapshot:
    """Rename a department."""
    record = await revise_record(DEPARTMENTS, (county_code, code),
                                 lambda d: replace(d, **body.changes()),
                                 scope=principal.place, uow=routing.uow())
    return record.snapshot()


@router.post("/departments/{county_code}/{code}/deactivate", response_model=DepartmentSnapshot)
async def deactivate_department(county_code: CountyCode, code: DepartmentCode,
                                principal: Admin, routing: RoutingDep) -> DepartmentSnapshot:
    """Deactivate a department."""
    record = await revise_record(DEPARTMENTS, (county_code, code), _inactive,
                                 scope=principal.place, uow=routing.uow())
    return record.snapshot()
