"""Audit's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from daiban_audit.bootstrap import Commands, Queries
from daiban_common.api_deps import require_roles
from daiban_common.service import Service
from daiban_kernel.actor import Actor
from daiban_kernel.roles import STAFF_ROLES, Role


def _service(request: Request) -> Service[Commands, Queries]:
    service: Service[Commands, Queries] = request.app.state.service
    return service


def _queries(request: Request) -> Queries:
    return _service(request).queries


AuditQueries = Annotated[Queries, Depends(_queries)]
"""What reads audit's state, bound by bootstrap."""
Staff = Annotated[Actor, Depends(require_roles(*STAFF_ROLES))]
Auditor = Annotated[Actor, Depends(require_roles(Role.ADMIN, Role.SUPERVISOR))]
"""Who may take the whole ledger away: administrators and supervisors."""
