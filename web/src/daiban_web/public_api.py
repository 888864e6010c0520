"""The public APIs the pages read, through the gateway: nothing here needs a login, and nothing
they answer carries a resident's full name, an ID number or a personal phone number unmasked.

An answer the pages cannot read (not JSON, a key missing, a value of the wrong kind) is
``UnreadableAnswer``, an ``httpx.HTTPError``: to a page, the service is as good as unavailable,
and it says so as it does when the service does not answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import httpx

PAGE_SIZE = 100
PLACES_SHOWN = 5000  # a county has a few hundred places; this only bounds a runaway listing
PLACE_NAMES_SECONDS = 300.0  # place names change rarely: read again after five minutes
LIGHTS_SHOWN = 500  # a board shows the first 500 of each light; the counts say "500+" beyond
MATTERS_SHOWN = 1000
RELAY_ORDER = ["village", "town", "county", "department"]


class UnreadableAnswer(httpx.HTTPError):
    """A service answered, but not what its API says it answers (a body that is not JSON, a key
    missing, a value of the wrong kind): a page treats it as the service being unavailable."""


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Read an answer; what it lacks, or has in the wrong kind, is ``UnreadableAnswer``."""
    try:
        yield
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise UnreadableAnswer(f"{what}: an answer that cannot be read ({exc!r})") from exc


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
class StationAgent:
    """An agent as a station's notice board shows them: the phone masked (138****0001)."""

    name: str
    role: str
    phone: str


@dataclass(frozen=True)
class PublicStation:
    """An open station as routing discloses it: its place and town by name, its office and
    supervision phones (in full: they are there to be called), its agents."""

    code: str
    name: str
    place_code: str
    place_name: str
    town_name: str | None
    phone: str | None
    supervision_phone: str | None
    agents: list[StationAgent]


@dataclass(frozen=True)
class Material:
    """A paper a matter asks for."""

    name: str
    form: str
    count: int
    mandatory: bool


@dataclass(frozen=True)
class PublicMatter:
    """A published matter of the catalogue, as intake discloses it."""

    code: str
    name: str
    kind: str
    deciding_tier: str
    limit_working_days: int
    proxy_allowance_days: int
    stages: list[str]
    materials: list[Material]
    authorization_required: bool
    fee_yuan: str | None


@dataclass(frozen=True)
class Lights:
    """The open yellow and red cases under a place (at most ``LIGHTS_SHOWN`` of each)."""

    items: list[PublicLight]
    complete: bool


class PlaceNames:
    """The names of the places under a county or town, kept for ``seconds`` after they were
    read (a board refreshes every half minute; names change rarely)."""

    def __init__(self, *, seconds: float = PLACE_NAMES_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds = seconds
        self._clock = clock
        self._kept: dict[str, tuple[float, dict[str, str]]] = {}

    def get(self, under: str) -> dict[str, str] | None:
        """The names read for ``under`` if they are fresh enough, else None."""
        kept = self._kept.get(under)
        if kept is None or self._clock() - kept[0] >= self._seconds:
            return None
        return kept[1]

    def keep(self, under: str, names: dict[str, str]) -> None:
        """Remember the names just read for ``under``."""
        self._kept[under] = (self._clock(), names)


@dataclass(frozen=True)
class RatingLinkCase:
    """The case a rating link is for, as intake discloses it to the link's holder."""

    case_number: str
    matter_name: str
    state: str
    expires_on: date
    stars: int | None


@dataclass(frozen=True)
class Refusal:
    """A problem+json intake answered: its status, type slug, and the fields it names."""

    status: int
    slug: str
    fields: dict[str, str]


class PublicApi:
    """A client of the gateway's public routes."""

    def __init__(self, client: httpx.AsyncClient, *, names: PlaceNames | None = None) -> None:
        self._client = client
        self._names = names or PlaceNames()

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
        with reading("sla's public results"):
            return Results(
                latest=[PublicResult(
                    case_number=item["case_number"], village_code=item["village_code"],
                    matter_name=item.get("matter_name"), applicant=item.get("applicant"),
                    finished_at=datetime.fromisoformat(item["finished_at"]),
                    on_time=item.get("on_time")) for item in body["latest"]],
                today=_on_time(body["today"]), this_month=_on_time(body["this_month"]))

    async def station(self, station: str) -> PublicStation | None:
        """An open station for its notice board (routing ``GET /v1/public/stations/{code}``);
        None when there is no such open station."""
        response = await self._client.get(f"/api/routing/v1/public/stations/{station}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        with reading("routing's public station"):
            body = response.json()
            return PublicStation(
                code=body["code"], name=body["name"], place_code=body["place_code"],
                place_name=body["place_name"], town_name=body.get("town_name"),
                phone=body.get("phone"), supervision_phone=body.get("supervision_phone"),
                agents=[StationAgent(name=a["name"], role=a["role"], phone=a["phone"])
                        for a in body["agents"]])

    async def place_names(self, under: str) -> dict[str, str]:
        """Code → name of ``under`` and every place under it (routing
        ``GET /v1/public/places``), kept a few minutes; empty when routing knows no such place
        or cannot be read (the pages then show codes)."""
        kept = self._names.get(under)
        if kept is not None:
            return kept
        try:
            items, _ = await self._pages("/api/routing/v1/public/places", {"under": under},
                                         cap=PLACES_SHOWN)
            with reading("routing's public places"):
                names = {str(item["code"]): str(item["name"]) for item in items}
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code != 404:
                return {}
            names = {}  # a place routing does not know: codes, until it is registered
        except httpx.HTTPError:  # unreadable ones too
            return {}
        self._names.keep(under, names)
        return names

    async def matters(self) -> list[PublicMatter]:
        """The published catalogue, every page of it up to ``MATTERS_SHOWN`` (intake
        ``GET /v1/public/matters``)."""
        items, _ = await self._pages("/api/intake/v1/public/matters", {}, cap=MATTERS_SHOWN)
        with reading("intake's public matters"):
            return [_matter(item) for item in items]

    async def rating_link(self, token: str) -> RatingLinkCase | Refusal:
        """The case of a rating link, or why not (intake
        ``GET /v1/public/rating-links/{token}``)."""
        return _rating_answer(await self._client.get(_rating_path(token)))

    async def rate(self, token: str, body: dict[str, Any], *,
                   key: str | None) -> RatingLinkCase | Refusal:
        """Send the resident's rating, or why it was refused (intake
        ``POST /v1/public/rating-links/{token}``; ``key`` is its ``Idempotency-Key``)."""
        headers = {"Idempotency-Key": key} if key else {}
        return _rating_answer(await self._client.post(_rating_path(token), json=body,
                                                      headers=headers))

    async def _lights(self, place: str, light: str) -> tuple[list[PublicLight], bool]:
        items, complete = await self._pages("/api/sla/v1/public/lights",
                                            {"place": place, "light": light}, cap=LIGHTS_SHOWN)
        with reading("sla's public lights"):
            return [_light(item) for item in items], complete

    async def _pages(self, path: str, params: dict[str, Any], *,
                     cap: int) -> tuple[list[dict[str, Any]], bool]:
        """The items of a cursor-paged list, page after page until the last or until ``cap``
        items are read; and whether the last page was reached."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            query = {**params, "limit": PAGE_SIZE, **({"cursor": cursor} if cursor else {})}
            page = await self._get(path, query)
            with reading(path):
                items += list(page["items"])
                cursor = page.get("next_cursor")
            if not cursor:
                return items, True
            if len(items) >= cap:
                return items, False

    async def _get(self, path: str, params: dict[str, Any]) -> Any:
        response = await self._client.get(path, params=params)
        response.raise_for_status()
        with reading(path):
            return response.json()


def _light(item: dict[str, Any]) -> PublicLight:
    deadline = item.get("deadline")
    return PublicLight(case_number=item["case_number"], matter_name=item.get("matter_name"),
                       place_code=item["place_code"], light=item["light"],
                       deadline=datetime.fromisoformat(deadline) if deadline else None)


def _on_time(figures: dict[str, Any]) -> OnTime:
    return OnTime(finished=figures["finished"], on_time=figures["on_time"], late=figures["late"],
                  on_time_rate=figures.get("on_time_rate"))


def _matter(item: dict[str, Any]) -> PublicMatter:
    stages = [t for t in RELAY_ORDER if t in item.get("stage_days", {})]
    fee = item.get("department_fee_yuan")
    return PublicMatter(
        code=item["code"], name=item["name"], kind=item["kind"],
        deciding_tier=item["deciding_tier"], limit_working_days=item["limit_working_days"],
        proxy_allowance_days=item["proxy_allowance_days"], stages=stages,
        materials=[Material(name=m["name"], form=m["form"], count=m["count"],
                            mandatory=m.get("mandatory", True))
                   for m in item.get("materials", [])],
        authorization_required=item.get("authorization_required", False),
        fee_yuan=None if fee is None else str(fee))


def _rating_path(token: str) -> str:
    return f"/api/intake/v1/public/rating-links/{quote(token, safe='')}"


def _rating_answer(response: httpx.Response) -> RatingLinkCase | Refusal:
    """The case, or the refusal of a 4xx problem; a 5xx (or a gateway's non-problem) raises,
    and so does an answer that cannot be read (``UnreadableAnswer``)."""
    if response.is_success:
        with reading("intake's rating link"):
            body = response.json()
            return RatingLinkCase(case_number=str(body["case_number"]),
                                  matter_name=str(body["matter_name"]), state=str(body["state"]),
                                  expires_on=date.fromisoformat(body["expires_on"]),
                                  stars=body.get("stars"))
    if response.status_code >= 500 or "problem+json" not in response.headers.get(
            "content-type", ""):
        response.raise_for_status()
        raise httpx.HTTPStatusError("not a problem document", request=response.request,
                                    response=response)
    with reading("intake's refusal of a rating link"):
        problem = response.json()
        slug = str(problem.get("type", "")).rsplit(":", 1)[-1]
        fields = {str(e.get("field")): str(e.get("reason", ""))
                  for e in problem.get("errors") or []}
    return Refusal(response.status_code, slug, fields)
