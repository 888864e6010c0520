"""Notify's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from daiban_common.api_deps import require_roles
from daiban_common.idempotency import KEY_PATTERN
from daiban_common.service import Service
from daiban_kernel.actor import Actor
from daiban_kernel.roles import STAFF_ROLES, Role
from daiban_notify.bootstrap import Commands, Queries


def _service(request: Request) -> Service[Commands, Queries]:
    service: Service[Commands, Queries] = request.app.state.service
    return service


def _commands(request: Request) -> Commands:
    return _service(request).commands


def _queries(request: Request) -> Queries:
    return _service(request).queries


NotifyCommands = Annotated[Commands, Depends(_commands)]
"""What changes notify's state, bound by bootstrap."""
NotifyQueries = Annotated[Queries, Depends(_queries)]
"""What reads notify's state, bound by bootstrap."""
Staff = Annotated[Actor, Depends(require_roles(*STAFF_ROLES))]
Admin = Annotated[Actor, Depends(require_roles(Role.ADMIN))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN)]
