"""SLA's FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from pydantic import BeforeValidator

from daiban_common.api_deps import require_roles
from daiban_common.service import Service
from daiban_kernel.actor import Actor
from daiban_kernel.roles import STAFF_ROLES, Role
from daiban_sla.bootstrap import Commands, Queries

FIRST_YEAR, LAST_YEAR = 2000, 2100
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]{1,9}")


def _service(request: Request) -> Service[Commands, Queries]:
    service: Service[Commands, Queries] = request.app.state.service
    return service


def _commands(request: Request) -> Commands:
    return _service(request).commands


def _queries(request: Request) -> Queries:
    return _service(request).queries


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


def _digits(value: Any) -> Any:
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise ValueError("a whole number is written in the digits 0-9 only")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A date as ``YYYY-MM-DD`` only: no timestamps, no times."""
Digits = Annotated[int, BeforeValidator(_digits)]
"""A whole number in ASCII digits: no sign, no ``1_000``, no ``2026.0``."""

SlaCommands = Annotated[Commands, Depends(_commands)]
"""What changes SLA's state, bound by bootstrap."""
SlaQueries = Annotated[Queries, Depends(_queries)]
"""What reads SLA's state, bound by bootstrap."""
Staff = Annotated[Actor, Depends(require_roles(*STAFF_ROLES))]
Admin = Annotated[Actor, Depends(require_roles(Role.ADMIN))]
Year = Annotated[Digits, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="the calendar year")]
From = Annotated[IsoDate, Query(alias="from", description="the first day, itself not counted")]
To = Annotated[IsoDate, Query(alias="to", description="the last day, counted")]
Days = Annotated[Digits, Query(ge=0, le=100_000, description="working days to add")]
