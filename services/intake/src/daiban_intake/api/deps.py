"""Intake's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from daiban_common.api_deps import require_roles
from daiban_common.idempotency import KEY_PATTERN
from daiban_common.service import Service
from daiban_intake.bootstrap import Commands, Queries
from daiban_kernel.actor import Actor
from daiban_kernel.roles import Role


def _service(request: Request) -> Service[Commands, Queries]:
    service: Service[Commands, Queries] = request.app.state.service
    return service


def _commands(request: Request) -> Commands:
    return _service(request).commands


def _queries(request: Request) -> Queries:
    return _service(request).queries


IntakeCommands = Annotated[Commands, Depends(_commands)]
"""What changes intake's state, bound by bootstrap."""
IntakeQueries = Annotated[Queries, Depends(_queries)]
"""What reads intake's state, bound by bootstrap."""
CaseTaker = Annotated[Actor, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK))]
CaseKeeper = Annotated[Actor, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.TOWN_CLERK))]
"""Who checks papers, records authorizations, receipts and ratings: the stations' staff."""
StaffReader = Annotated[Actor, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK,
    Role.COUNTY_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.SUPERVISOR, Role.ADMIN))]
ComplaintAnswerer = Annotated[Actor, Depends(require_roles(Role.SUPERVISOR))]
"""Who answers a complaint: the supervisor (督查), never the staff it is about."""
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN)]
Admin = Annotated[Actor, Depends(require_roles(Role.ADMIN))]
