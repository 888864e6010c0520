"""FastAPI dependencies for authentication and role checks, shared by every service's ``api/``."""

# No `from __future__ import annotations`: FastAPI resolves a callable instance's annotations
# without its module globals, so they must be real objects here.

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from daiban_common.auth import TokenVerifier
from daiban_kernel.actor import Actor
from daiban_kernel.errors import Forbidden, Unauthenticated
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
