"""Intake's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Request

from daiban_common.api_deps import require_roles
from daiban_common.idempotency import KEY_PATTERN, request_hash
from daiban_intake.bootstrap import Intake
from daiban_intake.handlers import Caller
from daiban_kernel.actor import Actor
from daiban_kernel.roles import Role


def _intake(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


IntakeDep = Annotated[Intake, Depends(_intake)]
CaseTaker = Annotated[Actor, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK))]
CaseKeeper = Annotated[Actor, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.TOWN_CLERK))]
"""Who checks papers, records authorizations, receipts and ratings: the stations' staff."""
StaffReader = Annotated[Actor, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK,
    Role.COUNTY_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.SUPERVISOR, Role.ADMIN))]
ComplaintAnswerer = Annotated[Actor, Depends(require_roles(
    Role.SUPERVISOR, Role.COUNTY_COORDINATOR, Role.TOWN_CLERK))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN)]
Admin = Annotated[Actor, Depends(require_roles(Role.ADMIN))]


def staff_of(principal: Actor) -> Actor:
    """The acting staff member as events name them (亮明身份)."""
    return Actor(staff_id=principal.staff_id, role=principal.role.value, place=principal.place)


def caller_of(principal: Actor, key: str | None = None, *, request: Any = None) -> Caller:
    """The caller of a command; ``request`` (route, path and body) keys its retries."""
    return Caller(by=staff_of(principal), name=principal.name, idempotency_key=key,
                  fingerprint=request_hash(request) if key else "")
