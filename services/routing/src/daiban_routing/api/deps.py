"""Routing's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path

from daiban_common.api_deps import require_roles, service_commands, service_queries
from daiban_common.idempotency import KEY_PATTERN
from daiban_kernel.actor import Actor
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.contracts.place import DEPARTMENT_CODE
from daiban_kernel.contracts.staff import STAFF_ID
from daiban_kernel.places import COUNTY_CODE, PLACE_CODE, STATION_CODE
from daiban_kernel.roles import STAFF_ROLES, Role
from daiban_routing.bootstrap import Commands, Queries
from daiban_routing.domain.jurisdiction import Jurisdiction

RELAY_ROLES = (Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.TOWN_CLERK,
               Role.COUNTY_COORDINATOR, Role.DEPARTMENT_OFFICER)


def within(actor: Actor) -> Jurisdiction:
    """The acting person's jurisdiction."""
    return Jurisdiction.of(actor)


RoutingCommands = Annotated[Commands, Depends(service_commands)]
"""What changes routing's state, bound by bootstrap."""
RoutingQueries = Annotated[Queries, Depends(service_queries)]
"""What reads routing's state, bound by bootstrap."""
Admin = Annotated[Actor, Depends(require_roles(Role.ADMIN))]
Staff = Annotated[Actor, Depends(require_roles(*STAFF_ROLES))]
Relayer = Annotated[Actor, Depends(require_roles(*RELAY_ROLES))]
"""Those who move cases (agents, clerks, coordinators, department officers); relay events name
them as their token does (id, role, place and name), as intake's events do."""
Overseer = Annotated[Actor, Depends(require_roles(Role.SUPERVISOR, Role.ADMIN))]
"""Those who give a case to another member (supervisors, admins)."""
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN)]

PlaceCode = Annotated[str, Path(pattern=PLACE_CODE, examples=["110116111201"])]
StationCode = Annotated[str, Path(pattern=STATION_CODE, examples=["110116111201-01"])]
CountyCode = Annotated[str, Path(pattern=COUNTY_CODE, examples=["110116"])]
DepartmentCode = Annotated[str, Path(pattern=DEPARTMENT_CODE, examples=["MZ"])]
StaffId = Annotated[str, Path(pattern=STAFF_ID, examples=["110116-0001"])]
Number = Annotated[str, Path(pattern=CASE_NUMBER, examples=["110116-20261125-000001"])]
HandoverId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
