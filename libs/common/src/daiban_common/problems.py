"""RFC 9457 problem+json rendering for every error a service returns."""

from __future__ import annotations

import copy
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from daiban_common.links import public_path
from daiban_kernel.errors import PROBLEM_BASE, DaibanError, InvalidInput

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

class FieldError(BaseModel):
    """One refused field and why."""

    field: str
    reason: str
    code: str | None = None


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


def documented_problem(description: str) -> dict[str, Any]:
    """An error response as a route documents it (``responses={410: documented_problem(...)}``)
    beside the ones every route documents."""
    return {"model": Problem, "description": description,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {  # copied per router: FastAPI mutates them
    400: documented_problem("Malformed request (e.g. the body is not JSON)"),
    401: documented_problem("Missing or invalid bearer token"),
    403: documented_problem("The role or place of the caller does not allow this"),
    404: documented_problem("Not found in the caller's jurisdiction"),
    409: documented_problem("The current state forbids the action"),
    413: documented_problem("The body is too large"),
    415: documented_problem("The body's media type is not one the route reads"),
    422: documented_problem("Invalid input; `errors` names each field and the reason"),
}

def problem_responses() -> dict[int | str, dict[str, Any]]:
    """The error responses every route documents, a fresh copy (FastAPI adds each route's media
    types to the dictionaries it is given)."""
    return copy.deepcopy(PROBLEM_RESPONSES)


def problems_only(schema: dict[str, Any]) -> dict[str, Any]:
    """Make every error response (4xx, 5xx) of an OpenAPI document ``application/problem+json``
    only, as the services send it: FastAPI adds the route's own media types (``application/json``,
    ``text/html``...) to every response that has a model."""
    only = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if str(status)[0] in "45":
                    response["content"] = copy.deepcopy(only)
    return schema


_HTTP_SLUGS = {
    400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
    405: "method-not-allowed", 406: "not-acceptable", 409: "conflict", 413: "payload-too-large",
    415: "unsupported-media-type", 422: "invalid-input", 429: "too-many-requests",
}


def problem(
    status: int, *, slug: str, title: str, detail: str, instance: str | None = None,
    headers: dict[str, str] | None = None, **extensions: Any,
) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, Any] = {"type": PROBLEM_BASE + slug, "title": title, "status": status,
                            "detail": detail}
    if instance:
        body["instance"] = public_path(instance)  # where the client called
    body.update(extensions)
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        where, rest = parts[0], parts[1:]
        return ".".join(rest) if rest else where
    return ".".join(parts)


def validation_problem(exc: RequestValidationError, request: Request) -> JSONResponse:
    """422 naming each failing field and the reason; 400 when the body is not JSON at all."""
    errors = [
        {"field": _field_path(e.get("loc", ())), "reason": str(e.get("msg", "invalid")),
         "code": str(e.get("type", "invalid"))}
        for e in exc.errors()
    ]
    if any(e["code"] == "json_invalid" for e in errors):
        return problem(400, slug="malformed-json", title="Malformed JSON",
                       detail="the request body is not valid JSON", instance=request.url.path,
                       errors=errors)
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem(422, slug="invalid-input", title="Invalid input", detail=detail,
                   instance=request.url.path, errors=errors)


def install_problem_handlers(app: FastAPI) -> None:
    """Render Daiban errors, validation errors, HTTP errors and crashes as problem+json."""

    @app.exception_handler(DaibanError)
    async def _daiban(request: Request, exc: DaibanError) -> JSONResponse:
        extra: dict[str, Any] = dict(exc.extensions)
        if isinstance(exc, InvalidInput):
            extra["errors"] = [{"field": p.field, "reason": p.reason} for p in exc.problems]
        if exc.status >= 500:
            log.error("%s: %s", type(exc).__name__, exc.detail)
        return problem(exc.status, slug=exc.slug, title=exc.title, detail=exc.detail,
                       instance=request.url.path, **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_problem(exc, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug = _HTTP_SLUGS.get(exc.status_code, "http-error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_methods_serving(request))
        return problem(exc.status_code, slug=slug, title=slug.replace("-", " ").capitalize(),
                       detail=str(exc.detail), instance=request.url.path, headers=headers)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem(500, slug="internal", title="Internal error",
                       detail="an unexpected error occurred; it has been logged",
                       instance=request.url.path)


async def literal_resource_first(request: Request) -> None:
    """A path that names a literal resource (``/places/export``) is that resource for every
    method: one it does not serve is 405, even where a template beside it (``/places/{code}``)
    serves that method and Starlette would dispatch to the template."""
    served = _methods_serving(request)
    if served and request.method not in served:
        raise StarletteHTTPException(405)


def _methods_serving(request: Request) -> list[str]:
    """Every method the resource at this path is served with (Starlette names the first
    route's only). Where a literal path and a template both match (``/places/export`` and
    ``/places/{code}``), the resource is the most literal one: the routes with the fewest
    path parameters."""
    matching: dict[int, set[str]] = {}
    for route in request.app.router.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.scope["path"]):
            parameters = len(getattr(route, "param_convertors", {}))
            matching.setdefault(parameters, set()).update(getattr(route, "methods", None) or ())
    return sorted(matching[min(matching)]) if matching else []
