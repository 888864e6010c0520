"""Routing's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Request

from daiban_common.api_deps import require_roles
from daiban_common.idempotency import KEY_PATTERN
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.place import DEPARTMENT_CODE
from daiban_kernel.contracts.staff import STAFF_ID
from daiban_kernel.places import COUNTY_CODE, PLACE_CODE, STATION_CODE
from daiban_kernel.roles import STAFF_ROLES, Role
from daiban_routing.bootstrap import Routing


def _routing(request: Request) -> Routing:
    routing: Routing = request.app.state.routing
    return routing


RoutingDep = Annotated[Routing, Depends(_routing)]
Admin = Annotated[Actor, Depends(require_roles(Role.ADMIN))]
Staff = Annotated[Actor, Depends(require_roles(*STAFF_ROLES))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN)]

PlaceCode = Annotated[str, Path(pattern=PLACE_CODE, examples=["110116111201"])]
StationCode = Annotated[str, Path(pattern=STATION_CODE, examples=["110116111201-01"])]
CountyCode = Annotated[str, Path(pattern=COUNTY_CODE, examples=["110116"])]
DepartmentCode = Annotated[str, Path(pattern=DEPARTMENT_CODE, examples=["MZ"])]
StaffId = Annotated[str, Path(pattern=STAFF_ID, examples=["110116-0001"])]
