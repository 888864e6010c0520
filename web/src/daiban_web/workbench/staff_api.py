"""The platform's APIs as the signed-in member calls them, through the gateway with their token.

A refusal comes back as ``ApiRefused`` carrying the problem+json the service sent (its title,
detail and the fields it names), so that a page can show each reason next to its field; a 401
means the token is no longer good, and the member signs in again. A refusal a page does not
handle itself is shown on a page of its own (``app``), in its status. A 5xx, or an answer that
is not JSON (``UnreadableAnswer``), is an ``httpx.HTTPError``: the page says the services are
unavailable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from daiban_web.public_api import reading
from daiban_web.workbench.session import Member, NotSignedIn


@dataclass
class ApiRefused(Exception):
    """A 4xx answer: what the service said, and by field."""

    status: int
    title: str
    detail: str
    fields: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, response: httpx.Response) -> ApiRefused:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        fields: dict[str, str] = {}
        for error in body.get("errors") or []:
            if isinstance(error, dict) and "field" in error:
                fields.setdefault(_field_name(str(error["field"])), str(error.get("reason", "")))
        return cls(status=response.status_code, title=str(body.get("title") or ""),
                   detail=str(body.get("detail") or ""), fields=fields)


def _field_name(path: str) -> str:
    """``body.applicant.phone`` → ``applicant.phone``: the form's own name for the field."""
    for prefix in ("body.", "query.", "path."):
        if path.startswith(prefix):
            return path[len(prefix):]
    return path


class StaffApi:
    """The gateway's APIs, called as ``member``."""

    def __init__(self, client: httpx.AsyncClient, member: Member) -> None:
        self._client = client
        self._member = member

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return _body(await self._client.get(path, params=params, headers=self._member.bearer))

    async def post(self, path: str, body: Any = None, *, idempotency_key: str | None = None
                   ) -> Any:
        headers = dict(self._member.bearer)
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return _body(await self._client.post(path, json=body, headers=headers))

    async def put(self, path: str, body: Any) -> Any:
        return _body(await self._client.put(path, json=body, headers=self._member.bearer))

    async def upload(self, path: str, content: bytes, content_type: str,
                     params: dict[str, Any]) -> Any:
        headers = {**self._member.bearer, "Content-Type": content_type}
        return _body(await self._client.post(path, content=content, params=params,
                                             headers=headers))

    async def raw(self, path: str) -> httpx.Response:
        """The answer as it came (a notice's HTML or PDF, a scan)."""
        response = await self._client.get(path, headers=self._member.bearer)
        if response.status_code == 401:
            raise NotSignedIn
        return response


def _body(response: httpx.Response) -> Any:
    if response.status_code == 401:
        raise NotSignedIn
    if 400 <= response.status_code < 500:
        raise ApiRefused.of(response)
    response.raise_for_status()
    if not response.content:
        return None
    with reading(str(response.request.url.path)):  # not JSON: as good as unavailable
        return response.json()
