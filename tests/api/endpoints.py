"""Every ``/v1`` route of the five apps, found from the apps themselves and classified.

A route is protected iff its dependency tree reaches ``current_actor`` (the bearer token);
otherwise it is public. The roles a protected route admits are the intersection of the
``RoleCheck.allowed`` sets in its tree (every role, when it has none). Each endpoint knows a
well-formed request: path parameters from the route's own ``examples`` (else ``PATH_SAMPLES``),
required query parameters from ``QUERY_SAMPLES`` (or an enum's first value). A method that could
change something is sent values nobody holds (``ABSENT``; a case number of 1 January 2000) and,
when it takes a body, an empty object, so no request of these tests ever writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from daiban_common.api_deps import RoleCheck, current_actor
from daiban_common.service import discover
from daiban_kernel.cases import CASE_NUMBER as CASE_NUMBER_PATTERN
from daiban_kernel.roles import Role
from tests.api.conftest import CASE_NUMBER, COUNTY, Service, widest

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

PATH_SAMPLES = {"number": CASE_NUMBER, "version": "1", "year": "2026", "id": "1",
                "code": "MZ-001", "county_code": COUNTY, "staff_id": "110116-0001"}
"""A well-formed value for a path parameter whose route gives no example; else ``1``."""

QUERY_SAMPLES = {"subject": CASE_NUMBER, "case_number": CASE_NUMBER, "from": "2026-01-05",
                 "to": "2026-02-06", "days": "5", "place": COUNTY, "under": COUNTY}
"""A well-formed value for a required query parameter, by its name on the wire."""

ABSENT = {"MZ-001": "ZZ-404", "110116111201": "110116999999",
          "110116111201-01": "110116999999-99", "MZ": "ZZ404", "110116-0001": "110116-9999"}
"""Well-formed values nobody holds, sent to methods that could change what the sample names."""
ABSENT_CASE = "110116-20000101-999999"
"""A case number nobody holds: no case was opened before the system existed."""


def absent(sample: str) -> str:
    """A well-formed value like ``sample`` that names nothing (``sample`` itself if unknown)."""
    if re.fullmatch(CASE_NUMBER_PATTERN, sample):
        return ABSENT_CASE
    return ABSENT.get(sample, sample)


@dataclass(frozen=True)
class Endpoint:
    """One method of one ``/v1`` route of one service."""

    service: str
    method: str
    path: str
    path_samples: tuple[tuple[str, str], ...]
    query: tuple[tuple[str, str], ...]
    """The required query parameters, each with a well-formed value."""
    query_params: tuple[str, ...]
    """Every query parameter, by its name on the wire."""
    methods_on_path: frozenset[str]
    routes_on_path: int
    protected: bool
    allowed: frozenset[Role]
    """The roles admitted; every role for a public route."""

    @property
    def path_params(self) -> tuple[str, ...]:
        """The names of the path parameters."""
        return tuple(name for name, _ in self.path_samples)

    @property
    def writes(self) -> bool:
        """Whether the method could change something."""
        return self.method not in SAFE_METHODS

    @property
    def url(self) -> str:
        """The path with a well-formed value in every parameter (one nobody holds, for a
        method that writes)."""
        return self.url_with()

    def url_with(self, **values: str) -> str:
        """The path with these values in the parameters they name, and samples elsewhere."""
        url = self.path
        for name, sample in self.path_samples:
            value = values.get(name, absent(sample) if self.writes else sample)
            url = url.replace("{" + name + "}", value)
        return url

    def headers(self, svc: Service) -> dict[str, str]:
        """A token of a role the route admits, placed as wide as it works (the county for the
        county's roles); none for a public route."""
        role = min(self.allowed)
        return svc.auth(role, place=widest(role)) if self.protected else {}

    @property
    def other_method(self) -> str:
        """A method no route on this path serves."""
        return next(m for m in ("DELETE", "PUT", "PATCH", "POST", "GET")
                    if m not in self.methods_on_path)

    def __str__(self) -> str:
        return f"{self.service} {self.method} {self.path}"


def dependencies(dependant: Dependant) -> Iterator[Dependant]:
    """Every dependency in the tree under ``dependant``."""
    for sub in dependant.dependencies:
        yield sub
        yield from dependencies(sub)


def _path_sample(param: Any) -> str:
    examples = param.field_info.examples
    if examples:
        return str(examples[0])
    return PATH_SAMPLES.get(param.name, "1")


def _query_samples(route: APIRoute) -> tuple[tuple[str, str], ...]:
    samples: list[tuple[str, str]] = []
    for param in route.dependant.query_params:
        if not param.required:
            continue
        annotation = param.field_info.annotation
        if param.alias in QUERY_SAMPLES:
            samples.append((param.alias, QUERY_SAMPLES[param.alias]))
        elif isinstance(annotation, type) and issubclass(annotation, Enum):
            samples.append((param.alias, str(next(iter(annotation)).value)))
    return tuple(samples)


def _endpoints_of(name: str, app: FastAPI) -> Iterator[Endpoint]:
    routes = [r for r in app.routes if isinstance(r, APIRoute) and r.path.startswith("/v1/")]
    by_path: dict[str, set[str]] = {}
    routes_on_path: dict[str, int] = {}
    for route in routes:
        by_path.setdefault(route.path, set()).update(route.methods)
        routes_on_path[route.path] = routes_on_path.get(route.path, 0) + 1
    for route in routes:
        tree = list(dependencies(route.dependant))
        allowed = frozenset(Role)
        for check in (d.call for d in tree if isinstance(d.call, RoleCheck)):
            allowed &= check.allowed
        samples = tuple((p.name, _path_sample(p)) for p in route.dependant.path_params)
        for method in sorted(route.methods):
            yield Endpoint(name, method, route.path, samples, _query_samples(route),
                           tuple(p.alias for p in route.dependant.query_params),
                           frozenset(by_path[route.path]), routes_on_path[route.path],
                           protected=any(d.call is current_actor for d in tree),
                           allowed=allowed)


def _endpoints() -> list[Endpoint]:
    found: list[Endpoint] = []
    for name, spec in discover().items():
        found.extend(_endpoints_of(name, spec.create_app(spec.settings_type(environment="test"))))
    return found


ENDPOINTS = _endpoints()
PROTECTED = [e for e in ENDPOINTS if e.protected]
PUBLIC = [e for e in ENDPOINTS if not e.protected]


async def call(svc: Service, ep: Endpoint, headers: dict[str, str] | None = None, *,
               method: str | None = None, url: str | None = None,
               params: dict[str, str] | None = None) -> httpx.Response:
    """Call ``ep`` with well-formed path and required query parameters (unless given), and an
    empty JSON object as the body of a POST/PUT/PATCH."""
    method = method or ep.method
    body: dict[str, Any] | None = {} if method in BODY_METHODS else None
    return await svc.client.request(method, url or ep.url, headers=headers or {}, json=body,
                                    params=dict(ep.query) if params is None else params)
