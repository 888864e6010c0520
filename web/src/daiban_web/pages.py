"""How every face renders a page: Jinja2 templates from ``templates/``, each given ``root``, the
app's root relative to the page (``./``, ``../``), so that every URL a page writes is relative
and the gateway's address is never written down."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from daiban_kernel.china import CHINA, china_date

HERE = Path(__file__).parent


def relative_root(request: Request) -> str:
    """The app's root as seen from the page ``request`` asks for (``./``, ``../``...)."""
    depth = request.url.path.removeprefix(request.scope.get("root_path", "")).count("/") - 1
    return "../" * depth if depth > 0 else "./"


def _root(request: Request) -> dict[str, str]:
    return {"root": relative_root(request)}


def china_time(value: str | datetime | None, style: str = "%Y-%m-%d %H:%M") -> str:
    """An instant (ISO text or datetime) as a clock in China shows it."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).strftime(style)


def china_today(request: Request) -> date:
    """Today as a calendar in China shows it (the server's own clock may be in UTC, a day behind
    before 08:00), by the app's clock."""
    return china_date(request.app.state.clock())


TEMPLATES = Jinja2Templates(directory=HERE / "templates", context_processors=[_root])
TEMPLATES.env.filters["china_time"] = china_time


def render(request: Request, template: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200) -> Response:
    """``template`` rendered for ``request``."""
    return TEMPLATES.TemplateResponse(request, template, context or {}, status_code=status_code)
