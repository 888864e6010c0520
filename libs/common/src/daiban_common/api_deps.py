"""FastAPI dependencies for authentication and role checks, shared by every service's ``api/``."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from daiban_common.auth import Principal, Role, TokenVerifier, bearer_token
from daiban_common.errors import Forbidden


def _verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier


async def current_principal(
    verifier: Annotated[TokenVerifier, Depends(_verifier)],
    authorization: Annotated[str | None, Header()] = None,
) -> Principal:
    """The caller, from a verified bearer token."""
    return verifier.verify(bearer_token(authorization))


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that admits only the given roles."""
    allowed = frozenset(roles)

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise Forbidden(f"role {principal.role.value} may not do this; allowed: {names}")
        return principal

    return check
