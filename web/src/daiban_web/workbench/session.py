"""Who is signed in: the member's token and what it says, kept in the signed session cookie.

The token is the one the APIs verify (from the OpenID provider, or the development key); the
workbench reads its claims to greet and route the member, and never trusts them for anything
the APIs do not check again. Each session has its own form token (``csrf``) that every form
sends back.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import asdict, dataclass
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request

from daiban_kernel.roles import Role
from daiban_web.roles import ROLE_NAMES

ROLE_TIER = {Role.VILLAGE_AGENT: "village", Role.ONLINE_AGENT: "village",
             Role.GRID_WORKER: "village", Role.TOWN_CLERK: "town",
             Role.COUNTY_COORDINATOR: "county", Role.DEPARTMENT_OFFICER: "department"}


class NotSignedIn(Exception):
    """The page needs a signed-in member, and there is none (or the token has expired)."""


class WrongFormToken(Exception):
    """A form came back without this session's form token: another site's form, or a stale
    page from an earlier session."""


@dataclass(frozen=True)
class Member:
    """The signed-in member, as their token names them."""

    token: str
    staff_id: str
    role: Role
    place: str
    name: str | None
    expires: int
    csrf: str

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role.value)

    @property
    def tier(self) -> str:
        """The tier of the relay the member works at (``village`` ... ``department``)."""
        return ROLE_TIER.get(self.role, "")

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def sign_in(request: Request, token: str) -> Member:
    """Keep ``token`` as the session's; its claims say who signed in."""
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    member = Member(token=token, staff_id=str(claims["sub"]), role=Role(claims["role"]),
                    place=str(claims["place"]), name=claims.get("name"),
                    expires=int(claims["exp"]), csrf=secrets.token_urlsafe(16))
    request.session.clear()
    request.session["member"] = asdict(member)
    return member


def sign_out(request: Request) -> None:
    request.session.clear()


def member_of(request: Request) -> Member:
    """The signed-in member; ``NotSignedIn`` when there is none or their token has expired."""
    kept = request.session.get("member")
    if not isinstance(kept, dict):
        raise NotSignedIn
    try:
        member = Member(**{**kept, "role": Role(kept["role"])})
    except (TypeError, KeyError, ValueError) as exc:
        request.session.clear()
        raise NotSignedIn from exc
    if member.expires <= time.time():
        request.session.clear()
        raise NotSignedIn
    return member


def signed_in(request: Request) -> Member:
    """The dependency of every workbench page that needs a member."""
    return member_of(request)


SignedIn = Annotated[Member, Depends(signed_in)]


def check_form(member: Member, sent: str | None) -> None:
    """Refuse a form that does not carry this session's form token."""
    if sent is None or not hmac.compare_digest(sent, member.csrf):
        raise WrongFormToken
