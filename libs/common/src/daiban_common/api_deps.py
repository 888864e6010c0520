"""FastAPI dependencies shared by every service's ``api/``: authentication, role checks, and the
refusal of query parameters a route does not take."""

# No `from __future__ import annotations`: FastAPI resolves a callable instance's annotations
# without its module globals, so they must be real objects here.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.dependencies.utils import get_flat_dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from daiban_common.auth import TokenVerifier
from daiban_kernel.actor import Actor
from daiban_kernel.errors import FieldProblem, Forbidden, InvalidInput, Unauthenticated
from daiban_kernel.roles import Role

_bearer = HTTPBearer(auto_error=False, bearerFormat="JWT",
                     description="An OIDC access token with `role` and `place` claims.")


def _verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier


async def current_actor(
    verifier: Annotated[TokenVerifier, Depends(_verifier)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The caller, from a verified bearer token."""
    if credentials is None or not credentials.credentials.strip():
        raise Unauthenticated("missing Authorization: Bearer token")
    return verifier.verify(credentials.credentials.strip())


CurrentActor = Annotated[Actor, Depends(current_actor)]


class RoleCheck:
    """A dependency that admits only the given roles; ``allowed`` is readable by tests/docs."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.allowed = roles

    async def __call__(self, principal: CurrentActor) -> Actor:
        if principal.role not in self.allowed:
            names = ", ".join(sorted(r.value for r in self.allowed))
            raise Forbidden(f"role {principal.role.value} may not do this; allowed: {names}")
        return principal


def require_roles(*roles: Role) -> RoleCheck:
    """A dependency that admits only the given roles."""
    return RoleCheck(frozenset(roles))


def service_commands(request: Request) -> Any:
    """The bound commands of the service the app serves (``create_service_app`` keeps it in the
    app's state); a service's ``api/deps.py`` names their type:
    ``Annotated[Commands, Depends(service_commands)]``."""
    return request.app.state.service.commands


def service_queries(request: Request) -> Any:
    """The bound queries of the service the app serves (see ``service_commands``)."""
    return request.app.state.service.queries


def known_query_only(request: Request) -> None:
    """Refuse a query parameter the route does not take (422 naming it, and any required one
    missing beside it: a misspelt name is both), instead of ignoring it and answering as if it
    had not been sent."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    params = get_flat_dependant(route.dependant).query_params
    known = {p.alias for p in params}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        missing = sorted(p.alias for p in params
                         if p.required and p.alias not in request.query_params)
        raise InvalidInput(*(FieldProblem(name, f"is not a parameter of this route (it takes: "
                                                f"{takes})") for name in unknown),
                           *(FieldProblem(name, "Field required") for name in missing))


KnownQueryOnly = Depends(known_query_only)
"""A router dependency: unknown query parameters are a 422, never silently ignored."""


def known_query_routes(*routers: APIRouter) -> APIRouter:
    """One router with every route of ``routers``, each refusing query parameters it does not
    take (``known_query_only``); what a service's ``app.py`` gives ``create_service_app``."""
    every = APIRouter(dependencies=[KnownQueryOnly])
    for router in routers:
        every.include_router(router)
    return every
