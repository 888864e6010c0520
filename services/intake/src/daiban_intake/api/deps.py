"""Intake's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.dependencies.utils import get_flat_dependant
from fastapi.routing import APIRoute

from daiban_common.api_deps import require_roles
from daiban_common.idempotency import KEY_PATTERN
from daiban_common.service import Service
from daiban_intake.bootstrap import Commands, Queries
from daiban_kernel.actor import Actor
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_kernel.roles import Role


def _service(request: Request) -> Service[Commands, Queries]:
    service: Service[Commands, Queries] = request.app.state.service
    return service


def _commands(request: Request) -> Commands:
    return _service(request).commands


def _queries(request: Request) -> Queries:
    return _service(request).queries


def known_query_only(request: Request) -> None:
    """Refuse a query parameter the route does not take (422 naming it), instead of ignoring
    it and answering as if it had not been sent; every intake router has it."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = {p.alias for p in get_flat_dependant(route.dependant).query_params}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise InvalidInput(*(FieldProblem(name, f"is not a parameter of this route (it takes: "
                                                f"{takes})") for name in unknown))


KnownQueryOnly = Depends(known_query_only)
"""A router dependency: unknown query parameters are a 422, never silently ignored."""
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
