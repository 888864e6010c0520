"""The demo county's village agents and town clerks, and what they do through the gateway.

An agent takes a resident's application the way docs/intake.md describes it: open the case
(``POST /api/intake/v1/cases``), mark each material of the matter's checklist as seen or provided
(``PUT .../materials/{item}``), then pre-review it (``POST .../review``), which accepts a complete
case. For a sample of cases the agent and the town's clerk then walk the whole relay of
docs/routing-relay.md: hand over to the town, the clerk acknowledges and decides, hands the result
down, the agent acknowledges it and delivers it at the station.

The people and matters come from data/demo (what ``daiban demo load`` loads): one village agent
per town, at the agent's own village, with a town clerk of that town; the town-level matters that
need no power of attorney, their mandatory materials marked as the matter asks for them.
"""

from __future__ import annotations

import asyncio
import csv
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from daiban_common.auth import issue_dev_token
from daiban_common.settings import CommonSettings
from daiban_kernel.china import CHINA
from daiban_kernel.roles import Role

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"

APPLICANT = {"name": "李林珍", "id_number": "11010519491231002X", "phone": "13800138000"}


@dataclass(frozen=True)
class Matter:
    """A published town-level matter and how each mandatory material is marked."""

    code: str
    marks: tuple[tuple[int, str], ...]  # (1-based item, state)


@dataclass(frozen=True)
class Agent:
    """A village agent at their village, and a clerk of the village's town."""

    staff_id: str
    village: str
    town: str
    clerk_id: str


@dataclass(frozen=True)
class County:
    agents: tuple[Agent, ...]
    matters: tuple[Matter, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def demo_county() -> County:
    """One agent per town that has a clerk on duty; every town-level matter an agent can accept."""
    places = {r["code"]: r for r in _rows("places.csv")}
    station_place = {r["code"]: r["place_code"] for r in _rows("stations.csv")}
    staff = [s for s in _rows("staff.csv") if s["active"] == "true" and s["duty"] == "on_duty"]
    clerks: dict[str, str] = {}
    for s in staff:
        if s["role"] == "town_clerk":
            clerks.setdefault(station_place[s["station_code"]], s["staff_id"])
    agents: dict[str, Agent] = {}
    for s in staff:
        village = station_place[s["station_code"]]
        town = places[village]["parent_code"]
        if s["role"] == "village_agent" and town in clerks and town not in agents:
            agents[town] = Agent(s["staff_id"], village, town, clerks[town])
    matters = []
    for m in json.loads((DEMO / "matters.json").read_text(encoding="utf-8")):
        if (m["deciding_tier"] == "town" and m["published"] and not m["authorization_required"]
                and m["kind"] in ("proxy", "accept")):
            marks = tuple((i, "provided" if item["form"] == "copy" else "original_seen")
                          for i, item in enumerate(m["materials"], start=1) if item["mandatory"])
            matters.append(Matter(m["code"], marks))
    return County(tuple(agents[t] for t in sorted(agents)), tuple(matters))


def bearer(settings: CommonSettings, role: Role, place: str, subject: str) -> dict[str, str]:
    token = issue_dev_token(settings, role=role, place=place, subject=subject)
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Tokens:
    """Each agent's and clerk's bearer header (signed once, as a login would)."""

    agent: dict[str, dict[str, str]]
    clerk: dict[str, dict[str, str]]


def tokens(settings: CommonSettings, county: County) -> Tokens:
    return Tokens(
        {a.staff_id: bearer(settings, Role.VILLAGE_AGENT, a.village, a.staff_id)
         for a in county.agents},
        {a.staff_id: bearer(settings, Role.TOWN_CLERK, a.town, a.clerk_id)
         for a in county.agents})


@dataclass
class CaseRun:
    """One case's times (wall clock, seconds since the epoch) as the load generator saw them."""

    agent: Agent
    matter: Matter
    started: float = 0.0
    number: str = ""
    submitted: float = 0.0  # the case exists (201 from intake)
    accepted: float = 0.0   # the review answered: the case is accepted
    relay: bool = False     # walked through the whole relay too
    relay_started: float = 0.0
    relay_done: float = 0.0
    calls: dict[str, list[float]] = field(default_factory=dict)  # call -> seconds
    error: str = ""
    attempts: int = 1  # tries of each step (the fault run retries as an agent would)
    retried: list[str] = field(default_factory=list)


class CallFailed(Exception):
    """The gateway answered a step with something other than success."""


ALREADY = {"already": True}  # a retried step the first, lost attempt had done


async def _call(client: httpx.AsyncClient, run: CaseRun, name: str, method: str, url: str,
                **kwargs: Any) -> Any:
    """One step; with ``run.attempts`` > 1 a lost answer or a 5xx is tried again, as an agent
    would press the button again (creating steps carry an ``Idempotency-Key``)."""
    for attempt in range(1, run.attempts + 1):
        began = time.perf_counter()
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            if attempt == run.attempts:
                raise
            run.retried.append(f"{name}: {type(exc).__name__}")
            await asyncio.sleep(1)
            continue
        run.calls.setdefault(name, []).append(time.perf_counter() - began)
        if response.status_code in (200, 201):
            return response.json()
        if response.status_code == 409 and attempt > 1:
            return ALREADY
        if response.status_code < 500 or attempt == run.attempts:
            raise CallFailed(f"{name}: {response.status_code} {response.text[:300]}")
        run.retried.append(f"{name}: {response.status_code}")
        await asyncio.sleep(1)
    raise CallFailed(f"{name}: no attempt left")


def _keyed(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Idempotency-Key": uuid.uuid4().hex}


async def take_application(client: httpx.AsyncClient, run: CaseRun, headers: dict[str, str]
                           ) -> None:
    """Submit, mark the checklist, pre-review: the case ends accepted."""
    run.started = time.time()
    body = {"matter_code": run.matter.code, "village_code": run.agent.village,
            "channel": "station", "applicant": APPLICANT}
    case = await _call(client, run, "submit", "POST", "/api/intake/v1/cases", json=body,
                       headers=_keyed(headers))
    run.number = case["number"]
    run.submitted = time.time()
    for item, state in run.matter.marks:
        await _call(client, run, "mark material", "PUT",
                    f"/api/intake/v1/cases/{run.number}/materials/{item}",
                    json={"state": state}, headers=headers)
    reviewed = await _call(client, run, "review", "POST",
                           f"/api/intake/v1/cases/{run.number}/review", json={},
                           headers=_keyed(headers))
    if reviewed.get("status") != "accepted":
        raise CallFailed(f"review left {run.number} {reviewed.get('status')}")
    run.accepted = time.time()


async def _handover_id(client: httpx.AsyncClient, run: CaseRun, answer: Any,
                       headers: dict[str, str]) -> str:
    if answer is not ALREADY:
        return str(answer["handover_id"])
    case = await _call(client, run, "read case", "GET", f"/api/routing/v1/cases/{run.number}",
                       headers=headers)
    return str(case["handover"]["handover_id"])


async def walk_relay(client: httpx.AsyncClient, run: CaseRun, agent: dict[str, str],
                     clerk: dict[str, str]) -> None:
    """Village → town → decided → result down → delivered, once routing holds the case."""
    n = run.number
    run.relay_started = time.time()
    up = await _call(client, run, "hand over", "POST", f"/api/routing/v1/cases/{n}/handovers",
                     json={}, headers=_keyed(agent))
    up_id = await _handover_id(client, run, up, agent)
    await _call(client, run, "acknowledge", "POST",
                f"/api/routing/v1/cases/{n}/handovers/{up_id}/acknowledge", headers=clerk)
    await _call(client, run, "decide", "POST", f"/api/routing/v1/cases/{n}/decision",
                json={"outcome": "approved"}, headers=clerk)
    down = await _call(client, run, "hand over", "POST", f"/api/routing/v1/cases/{n}/handovers",
                       json={}, headers=_keyed(clerk))
    down_id = await _handover_id(client, run, down, clerk)
    await _call(client, run, "acknowledge", "POST",
                f"/api/routing/v1/cases/{n}/handovers/{down_id}/acknowledge", headers=agent)
    await _call(client, run, "deliver", "POST", f"/api/routing/v1/cases/{n}/delivery",
                json={"delivery": "collected",
                      "delivered_on": datetime.now(UTC).astimezone(CHINA).date().isoformat()},
                headers=agent)
