"""The FastAPI application shell every service shares.

Middleware (outermost first): CORS (only with ``CORS_ALLOW_ORIGINS``), the public prefix of links
and ``Location`` (``daiban_common.links``), body size limit, metrics, tracing; then problem+json
handlers, ``/healthz`` (the process lives), ``/readyz`` (database and broker reachable) and
``/metrics``. The OpenAPI document gives every error response as problem+json only.
The gateway does not expose ``/metrics``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Response
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from daiban_common.api_docs import documented_app
from daiban_common.auth import TokenVerifier
from daiban_common.bus import connect
from daiban_common.links import PublicPrefix
from daiban_common.observability import HTTP_DURATION, HTTP_REQUESTS
from daiban_common.problems import (
    install_problem_handlers,
    literal_resource_first,
    problem,
    problem_responses,
    problems_only,
)
from daiban_common.service import Service
from daiban_common.settings import CommonSettings

CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
CORS_REQUEST_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "traceparent",
                        "tracestate"]
CORS_RESPONSE_HEADERS = ["Location", "Content-Disposition", "Allow", "WWW-Authenticate"]


class Cors(CORSMiddleware):
    """Starlette's CORS, whose refused preflight is problem+json like every other refusal."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """The preflight answer; a refusal names what was disallowed."""
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        refused = bytes(response.body).decode().removeprefix("Disallowed CORS ")
        return problem(response.status_code, slug="cors-refused", title="CORS request refused",
                       detail=f"this API does not allow the requested {refused}",
                       headers={"Vary": "Origin"})

    async def send(self, message: Message, send: Send, request_headers: Headers) -> None:
        """Adds the CORS headers for an allowed origin only (Starlette adds some for any)."""
        if self.is_allowed_origin(origin=request_headers["Origin"]):
            await super().send(message, send, request_headers)
            return
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).add_vary_header("Origin")  # caches keep them apart
        await send(message)


class BodySizeLimit:
    """Refuses bodies over ``limit`` bytes with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._too_large(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _TooLarge(self.limit)
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(413, slug="payload-too-large", title="Payload too large",
                           detail=f"the request body exceeds {self.limit} bytes",
                           instance=scope.get("path"))
        await response(scope, receive, send)


class _TooLarge(HTTPException):
    """Raised while reading the body; FastAPI passes HTTPException through to the handlers."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body exceeds {limit} bytes")


class HttpMetrics:
    """Counts and times requests by route template (pure ASGI, so body errors pass unwrapped)."""

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            HTTP_REQUESTS.labels(self.service, scope["method"], route, str(status)).inc()
            HTTP_DURATION.labels(self.service, scope["method"], route).observe(
                time.perf_counter() - started)


def create_base_app(
    settings: CommonSettings,
    *,
    service: str,
    engine: AsyncEngine,
    description: str,
    routers: list[APIRouter],
    state: dict[str, Any],
) -> FastAPI:
    """A FastAPI app with Daiban's middleware, auth, error rendering, probes and routes."""
    broker = _BrokerProbe(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await broker.close()
        await engine.dispose()

    app = documented_app(title=f"Daiban {service}", description=description, version="1.0.0",
                         lifespan=lifespan)
    for key, value in state.items():
        setattr(app.state, key, value)
    app.state.token_verifier = TokenVerifier(settings)
    for router in routers:
        # Before the routers' own dependencies: a literal resource answers 405 for the methods it
        # does not serve, before anything reads the request for a template beside it.
        app.include_router(router, responses=problem_responses(),
                           dependencies=[Depends(literal_resource_first)])
    _document_problems_only(app)
    install_problem_handlers(app)
    _install_probes(app, engine, broker)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    app.add_middleware(HttpMetrics, service=service)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(PublicPrefix)
    if settings.cors_allow_origins:
        # Outermost, so that refusals (413, 401...) carry the headers a browser needs to read them.
        app.add_middleware(Cors, allow_origins=list(settings.cors_allow_origins),
                           allow_methods=CORS_METHODS, allow_headers=CORS_REQUEST_HEADERS,
                           expose_headers=CORS_RESPONSE_HEADERS, max_age=600)
    return app


def create_service_app(
    settings: CommonSettings,
    *,
    service: Service[Any, Any],
    description: str,
    routers: list[APIRouter],
) -> FastAPI:
    """A service's HTTP app: ``service`` (what ``bootstrap.build`` returned) is in
    ``app.state.service``, where ``api/deps.py`` hands its commands and queries to the routes."""
    if service.engine is None:
        raise ValueError("an HTTP app needs the service built on its database")
    return create_base_app(settings, service=service.name, engine=service.engine,
                           description=description, routers=routers,
                           state={"service": service})


def _document_problems_only(app: FastAPI) -> None:
    """The app's OpenAPI document gives every error response as problem+json only."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problems_only(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _install_probes(app: FastAPI, engine: AsyncEngine, broker: _BrokerProbe) -> None:
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        checks = {"database": await _check_db(engine), "broker": await broker.check()}
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                            status_code=200 if ready else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


async def _check_db(engine: AsyncEngine) -> str:
    try:
        async with asyncio.timeout(2):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # noqa: BLE001 - a probe reports any failure
        return f"unreachable: {type(exc).__name__}"


class _BrokerProbe:
    """Keeps one broker connection to answer readiness without reconnecting every probe."""

    def __init__(self, settings: CommonSettings) -> None:
        self._settings = settings
        self._connection: Any = None

    async def check(self) -> str:
        try:
            async with asyncio.timeout(3):
                if self._connection is None or self._connection.is_closed:
                    self._connection = await connect(self._settings)
            return "ok"
        except Exception as exc:  # noqa: BLE001 - a probe reports any failure
            self._connection = None
            return f"unreachable: {type(exc).__name__}"

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
