"""The public APIs the pages read, through the gateway: nothing here needs a login, and nothing
they answer carries a full name or an ID number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

LIGHTS_PER_PAGE = 100
LIGHTS_SHOWN = 500  # a board shows the first 500 of each light; the counts say "500+" beyond


@dataclass(frozen=True)
class PublicLight:
    """A case showing yellow or red, as sla's public board gives it."""

    case_number: str
    matter_name: str | None
    place_code: str
    light: str
    deadline: datetime | None


@dataclass(frozen=True)
class PublicResult:
    """A delivered case, as sla's public results give it (the applicant's name masked)."""

    case_number: str
    village_code: str
    matter_name: str | None
    applicant: str | None
    finished_at: datetime
    on_time: bool | None


@dataclass(frozen=True)
class OnTime:
    """Cases delivered in a period and how many kept their limit."""

    finished: int
    on_time: int
    late: int
    on_time_rate: float | None


@dataclass(frozen=True)
class Results:
    """The latest delivered cases under a place, and today's and this month's figures."""

    latest: list[PublicResult]
    today: OnTime
    this_month: OnTime


@dataclass(frozen=True)
class Lights:
    """The open yellow and red cases under a place (at most ``LIGHTS_SHOWN`` of each)."""

    items: list[PublicLight]
    complete: bool


class PublicApi:
    """A client of the gateway's public routes."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def lights(self, place: str) -> Lights:
        """The yellow and red cases under ``place`` (sla ``GET /v1/public/lights``)."""
        items: list[PublicLight] = []
        complete = True
        for light in ("red", "yellow"):
            found, whole = await self._lights(place, light)
            items += found
            complete = complete and whole
        return Lights(items, complete)

    async def results(self, place: str, *, latest: int) -> Results:
        """The latest results and on-time figures under ``place`` (sla
        ``GET /v1/public/results``)."""
        body = await self._get("/api/sla/v1/public/results", {"place": place, "limit": latest})
        return Results(
            latest=[PublicResult(
                case_number=item["case_number"], village_code=item["village_code"],
                matter_name=item.get("matter_name"), applicant=item.get("applicant"),
                finished_at=datetime.fromisoformat(item["finished_at"]),
                on_time=item.get("on_time")) for item in body["latest"]],
            today=_on_time(body["today"]), this_month=_on_time(body["this_month"]))

    async def _lights(self, place: str, light: str) -> tuple[list[PublicLight], bool]:
        found: list[PublicLight] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"place": place, "light": light, "limit": LIGHTS_PER_PAGE}
            if cursor:
                params["cursor"] = cursor
            page = await self._get("/api/sla/v1/public/lights", params)
            found += [_light(item) for item in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                return found, True
            if len(found) >= LIGHTS_SHOWN:
                return found, False

    async def _get(self, path: str, params: dict[str, Any]) -> Any:
        response = await self._client.get(path, params=params)
        response.raise_for_status()
        return response.json()


def _light(item: dict[str, Any]) -> PublicLight:
    deadline = item.get("deadline")
    return PublicLight(case_number=item["case_number"], matter_name=item.get("matter_name"),
                       place_code=item["place_code"], light=item["light"],
                       deadline=datetime.fromisoformat(deadline) if deadline else None)


def _on_time(figures: dict[str, Any]) -> OnTime:
    return OnTime(finished=figures["finished"], on_time=figures["on_time"], late=figures["late"],
                  on_time_rate=figures.get("on_time_rate"))
