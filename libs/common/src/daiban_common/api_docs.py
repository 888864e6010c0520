"""The API documentation every service serves itself, working where no CDN can be reached.

Swagger UI (``/docs``) and ReDoc (``/redoc``) load their scripts, styles and icon from
``/docs-assets/``, served by the service from the pinned ``fastapi-offline`` package; nothing is
fetched from another host. Behind the gateway the pages use the prefix the service is served
under (its ``root_path``), so ``/api/intake/docs`` loads ``/api/intake/docs-assets/...``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

DOCS_ASSETS = "/docs-assets"


def documented_app(*, title: str, description: str, version: str,
                   lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]]) -> FastAPI:
    """A FastAPI app whose ``/docs`` and ``/redoc`` pages use only assets it serves itself."""
    return FastAPIOffline(title=title, description=description, version=version,
                          lifespan=lifespan, static_url=DOCS_ASSETS)
