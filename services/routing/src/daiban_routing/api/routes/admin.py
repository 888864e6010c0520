"""Admin routes that create, change and deactivate places, stations and departments.

A record outside the admin's jurisdiction is not found (404); a new one there is refused naming
its place field (422).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from daiban_common.idempotency import RetryKey
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.place import DepartmentSnapshot, PlaceSnapshot, StationSnapshot
from daiban_routing.api.deps import (
    Admin,
    CountyCode,
    DepartmentCode,
    IdempotencyKey,
    PlaceCode,
    RoutingCommands,
    StationCode,
    within,
)
from daiban_routing.api.schemas.master import (
    DepartmentChange,
    DepartmentIn,
    PlaceChange,
    PlaceIn,
    StationChange,
    StationIn,
)
from daiban_routing.domain.places import Department, Place, Station
from daiban_routing.handlers.kinds import DEPARTMENTS, PLACES, STATIONS
from daiban_routing.handlers.master import CreateRecord, ReviseRecord

router = APIRouter(prefix="/v1/admin", tags=["admin"])


def retry_key(principal: Actor, key: str | None, body: BaseModel) -> RetryKey | None:
    """The Idempotency-Key of a creating request, if it sent one."""
    return RetryKey.of(principal=principal.staff_id, key=key,
                       request=body.model_dump(mode="json"))


T = TypeVar("T", Place, Station, Department)


def _inactive(value: T) -> T:
    return replace(value, active=False)


@router.post("/places", response_model=PlaceSnapshot, status_code=status.HTTP_201_CREATED)
async def create_place(body: PlaceIn, principal: Admin, commands: RoutingCommands,
                       response: Response,
                       idempotency_key: IdempotencyKey = None) -> PlaceSnapshot:
    """Add a place to the division tree."""
    record = await commands.create_record(CreateRecord(
        PLACES, body.value(), within(principal), retry_key(principal, idempotency_key, body)))
    response.headers["Location"] = f"/v1/places/{record.value.code}"
    return record.snapshot()


@router.patch("/places/{code}", response_model=PlaceSnapshot)
async def change_place(code: PlaceCode, body: PlaceChange, principal: Admin,
                       commands: RoutingCommands) -> PlaceSnapshot:
    """Rename a place or correct its road distance."""
    record = await commands.revise_record(ReviseRecord(
        PLACES, (code,), lambda p: replace(p, **body.changes()), within(principal)))
    return record.snapshot()


@router.post("/places/{code}/deactivate", response_model=PlaceSnapshot)
async def deactivate_place(code: PlaceCode, principal: Admin,
                           commands: RoutingCommands) -> PlaceSnapshot:
    """Deactivate a place that has no active children or station left."""
    record = await commands.revise_record(ReviseRecord(PLACES, (code,), _inactive,
                                                       within(principal)))
    return record.snapshot()


@router.post("/stations", response_model=StationSnapshot, status_code=status.HTTP_201_CREATED)
async def create_station(body: StationIn, principal: Admin, commands: RoutingCommands,
                         response: Response,
                         idempotency_key: IdempotencyKey = None) -> StationSnapshot:
    """Open a station at a place."""
    record = await commands.create_record(CreateRecord(
        STATIONS, body.value(), within(principal), retry_key(principal, idempotency_key, body)))
    response.headers["Location"] = f"/v1/stations/{record.value.code}"
    return record.snapshot()


@router.patch("/stations/{code}", response_model=StationSnapshot)
async def change_station(code: StationCode, body: StationChange, principal: Admin,
                         commands: RoutingCommands) -> StationSnapshot:
    """Rename a station or change its phone or supervision phone."""
    record = await commands.revise_record(ReviseRecord(
        STATIONS, (code,), lambda s: replace(s, **body.changes()), within(principal)))
    return record.snapshot()


@router.post("/stations/{code}/deactivate", response_model=StationSnapshot)
async def deactivate_station(code: StationCode, principal: Admin,
                             commands: RoutingCommands) -> StationSnapshot:
    """Close a station that has no active staff left."""
    record = await commands.revise_record(ReviseRecord(STATIONS, (code,), _inactive,
                                                       within(principal)))
    return record.snapshot()


@router.post("/departments", response_model=DepartmentSnapshot, status_code=status.HTTP_201_CREATED)
async def create_department(body: DepartmentIn, principal: Admin, commands: RoutingCommands,
                            idempotency_key: IdempotencyKey = None) -> DepartmentSnapshot:
    """Add a department to a county."""
    record = await commands.create_record(CreateRecord(
        DEPARTMENTS, body.value(), within(principal),
        retry_key(principal, idempotency_key, body)))
    return record.snapshot()


@router.patch("/departments/{county_code}/{code}", response_model=DepartmentSnapshot)
async def change_department(county_code: CountyCode, code: DepartmentCode,
                            body: DepartmentChange, principal: Admin,
                            commands: RoutingCommands) -> DepartmentSnapshot:
    """Rename a department."""
    record = await commands.revise_record(ReviseRecord(
        DEPARTMENTS, (county_code, code), lambda d: replace(d, **body.changes()),
        within(principal)))
    return record.snapshot()


@router.post("/departments/{county_code}/{code}/deactivate", response_model=DepartmentSnapshot)
async def deactivate_department(county_code: CountyCode, code: DepartmentCode,
                                principal: Admin,
                                commands: RoutingCommands) -> DepartmentSnapshot:
    """Deactivate a department."""
    record = await commands.revise_record(ReviseRecord(
        DEPARTMENTS, (county_code, code), _inactive, within(principal)))
    return record.snapshot()
