"""Routing's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Request

from daiban_common.api_deps import require_roles
from daiban_common.auth import STAFF_ROLES, Principal, Role
from daiban_common.contracts.place import COUNTY_CODE, DEPARTMENT_CODE, PLACE_CODE, STATION_CODE
from daiban_common.contracts.staff import STAFF_ID
from daiban_common.idempotency import KEY_PATTERN
from daiban_routing.bootstrap import Routing


def _routing(request: Request) -> Routing:
    routing: Routing = request.app.state.routing
    return routing


RoutingDep = Annotated[Routing, Depends(_routing)]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
Staff = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN)]

PlaceCode = Annotated[str, Path(pattern=PLACE_CODE, examples=["110116111201"])]
StationCode = Annotated[str, Path(pattern=STATION_CODE, examples=["110116111201-01"])]
CountyCode = Annotated[str, Path(pattern=COUNTY_CODE, examples=["110116"])]
DepartmentCode = Annotated[str, Path(pattern=DEPARTMENT_CODE, examples=["MZ"])]
StaffId = Annotated[str, Path(pattern=STAFF_ID, examples=["110116-0001"])]
