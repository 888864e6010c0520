"""Links valid where the client called: the gateway's prefix before a service's own paths.

A service names its resources by its own paths (``/v1/cases/1``); behind the gateway the client
called ``/api/intake/v1/cases/1``. The prefix of a request is the ``X-Forwarded-Prefix`` the
gateway sets (nginx sets it on every request it passes, whatever the client sent), else the
ASGI ``root_path`` (``daiban api --root-path``). ``PublicPrefix`` (in every app, see webapp) puts
it before a ``Location`` header's path and makes it the prefix of ``PublicLink`` fields.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Annotated

from pydantic import PlainSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_PREFIX = re.compile(r"(/(?!\.\.?(?:/|$))[A-Za-z0-9._~-]+)+")  # no dot segments
_current_prefix: ContextVar[str] = ContextVar("daiban_public_prefix", default="")


def prefix_of(scope: Scope) -> str:
    """The path before the service's own paths, as the client called it ("" when none)."""
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-prefix":
            forwarded = bytes(value).decode("latin-1").rstrip("/")
            if _PREFIX.fullmatch(forwarded):
                return forwarded
    root = str(scope.get("root_path", "")).rstrip("/")
    return root if _PREFIX.fullmatch(root) else ""


def public_path(path: str, prefix: str | None = None) -> str:
    """``path`` (a service's own, ``/v1/...``) where the client reaches it: with the request's
    prefix before it, once. Anything that is not an absolute path is left alone."""
    prefix = _current_prefix.get() if prefix is None else prefix
    if not prefix or not path.startswith("/") or path.startswith("//"):
        return path
    if path == prefix or path.startswith(prefix + "/"):
        return path
    return prefix + path


PublicLink = Annotated[str, PlainSerializer(public_path, return_type=str)]
"""A link to one of the service's own resources, by its own path; written out with the prefix
the client called through."""


class PublicPrefix:
    """Makes the request's prefix the one of ``PublicLink`` and of a ``Location`` header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        prefix = prefix_of(scope)

        async def located(message: Message) -> None:
            if message["type"] == "http.response.start" and prefix:
                headers = MutableHeaders(scope=message)
                if "location" in headers:
                    headers["location"] = public_path(headers["location"], prefix)
            await send(message)

        token = _current_prefix.set(prefix)
        try:
            await self.app(scope, receive, located)
        finally:
            _current_prefix.reset(token)
