"""The rating page (好差评) a resident opens from the "please rate" SMS: no login, the link's
token is the authority (intake checks it). Behind the gateway under ``/rate/``, passed through
unchanged; every URL the page writes is relative (its stylesheet ``{root}assets/rating.css``,
the form posting to itself).

- ``/rate/{token}``: the form (5 stars, a comment), or what the link's state says instead:
  rated already (已评价), expired (链接已过期), invalid (链接无效), not delivered yet;
- ``POST /rate/{token}``: the rating sent; thanks (谢谢), or the form again with intake's
  refusal next to the field it names.
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import parse_qs

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from daiban_kernel.rating_link import TOKEN
from daiban_web.pages import render
from daiban_web.public_api import PublicApi, RatingLinkCase, Refusal

router = APIRouter(prefix="/rate")

_TOKEN = re.compile(TOKEN)
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
_STARS = re.compile(r"[0-9]{1,2}")
"""Stars as a number: ASCII digits only (``str.isdigit`` is true of a superscript two, U+00B2,
which ``int`` refuses)."""
STARS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
FIELD_MESSAGES = {
    "stars": "请选择 1 到 5 颗星。",
    "comment": "意见最多 500 字，不能含有特殊控制字符。",
}
"""What the page says next to a field intake refused (its reason is in English)."""
STATE_STATUS = {"invalid": 404, "expired": 410, "rated": 200, "waiting": 200, "open": 200,
                "thanks": 201}
_STATES_BY_SLUG = {"rating-link-invalid": "invalid", "rating-link-expired": "expired",
                   "case-already-rated": "rated", "result-not-delivered": "waiting"}


@router.get("/{token}", response_class=HTMLResponse)
async def rating_page(request: Request, token: str) -> Response:
    """The link's page: the form while the case can be rated, else what its state is."""
    if not _TOKEN.fullmatch(token):
        return _page(request, "invalid")
    try:
        answer = await _api(request).rating_link(token)
    except httpx.HTTPError:
        return _page(request, "unavailable")
    if isinstance(answer, Refusal):
        return _page(request, _state_of(answer))
    return _page(request, answer.state, case=answer)


@router.post("/{token}", response_class=HTMLResponse)
async def send_rating(request: Request, token: str) -> Response:
    """The resident's rating, sent to intake; thanks, or the form with what to correct."""
    if not _TOKEN.fullmatch(token):
        return _page(request, "invalid")
    form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace"),
                                          keep_blank_values=True).items()}
    body: dict[str, Any] = {}
    if stars := form.get("stars", "").strip():
        body["stars"] = int(stars) if _STARS.fullmatch(stars) else stars  # else intake says
    if comment := form.get("comment", "").strip():
        body["comment"] = comment
    key = form.get("key") if _KEY.fullmatch(form.get("key", "")) else None
    api = _api(request)
    try:
        answer = await api.rate(token, body, key=key)
        if isinstance(answer, Refusal) and answer.status == 422 and "token" not in answer.fields:
            case = await api.rating_link(token)
            if isinstance(case, RatingLinkCase):
                errors = {f: FIELD_MESSAGES.get(f, "填写有误，请检查。") for f in answer.fields}
                return _page(request, "open", case=case, errors=errors, status=422,
                             chosen=form.get("stars", ""), comment=form.get("comment", ""),
                             key=key)
            answer = case
    except httpx.HTTPError:
        return _page(request, "unavailable")
    if isinstance(answer, Refusal):
        return _page(request, _state_of(answer))
    return _page(request, "thanks", case=answer)


def _api(request: Request) -> PublicApi:
    api: PublicApi = request.app.state.public_api
    return api


def _state_of(refusal: Refusal) -> str:
    if refusal.slug in _STATES_BY_SLUG:
        return _STATES_BY_SLUG[refusal.slug]
    return "invalid" if refusal.status in (400, 404, 422) else "unavailable"


def _page(request: Request, state: str, *, case: RatingLinkCase | None = None,
          errors: dict[str, str] | None = None, status: int | None = None, chosen: str = "",
          comment: str = "", key: str | None = None) -> Response:
    return render(request, "rating.html", {
        "state": state, "case": case, "stars": STARS, "errors": errors or {},
        "chosen": chosen, "comment": comment, "key": key or secrets.token_urlsafe(18),
    }, status_code=status or STATE_STATUS.get(state, 503))
