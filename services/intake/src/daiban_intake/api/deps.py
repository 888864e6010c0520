"""Intake's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from daiban_common.api_deps import require_roles
from daiban_common.auth import Principal, Role
from daiban_common.idempotency import KEY_PATTERN
from daiban_intake.bootstrap import Intake


def _intake(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


IntakeDep = Annotated[Intake, Depends(_intake)]
CaseTaker = Annotated[Principal, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK))]
StaffReader = Annotated[Principal, Depends(require_roles(
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK,
    Role.COUNTY_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.SUPERVISOR, Role.ADMIN))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN)]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
