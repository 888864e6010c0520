"""The village notice board (村代办公开栏) of a station: its name, town and phones (the
supervision phone, 监督电话, among them), who its agents are (their phones masked), which matters
they take with the papers, limits and steps of each, which matters must be done in person, and
how to complain. Everything comes from the public APIs; what they do not give is not shown."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_web.public_api import PublicApi, PublicMatter, PublicStation
from daiban_web.roles import ROLE_NAMES

TIER_NAMES = {"village": "村（社区）代办站", "town": "乡镇（街道）便民服务中心",
              "county": "县（区）政务服务中心", "department": "县（区）主管部门"}
FORM_NAMES = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}
KIND_NAMES = {"accept": "受理", "proxy": "代收代办", "consult": "咨询预审"}


@dataclass(frozen=True)
class NoticeAgent:
    """An agent as the notice board lists them."""

    name: str
    role: str
    """In Chinese."""
    phone: str
    """Masked by routing (138****0001)."""


@dataclass(frozen=True)
class NoticeBoard:
    """What the notice board of a station shows."""

    station_code: str
    station_name: str
    place_name: str
    town_name: str | None
    phone: str | None
    supervision_phone: str | None
    agents: list[NoticeAgent]
    """Each agent on public duty."""
    matters: list[PublicMatter]
    """The matters a station takes for residents (not those done in person), by code."""
    in_person: list[PublicMatter]
    """The matters that cannot be proxied (必须本人办理)."""


def notice_board_of(station: PublicStation, matters: list[PublicMatter]) -> NoticeBoard:
    """The notice board of ``station`` from what routing discloses of it and the published
    catalogue."""
    return NoticeBoard(
        station_code=station.code, station_name=station.name, place_name=station.place_name,
        town_name=station.town_name, phone=station.phone,
        supervision_phone=station.supervision_phone,
        agents=[NoticeAgent(a.name, ROLE_NAMES.get(a.role, "代办员"), a.phone)
                for a in station.agents],
        matters=sorted((m for m in matters if m.kind != "in_person"), key=lambda m: m.code),
        in_person=sorted((m for m in matters if m.kind == "in_person"), key=lambda m: m.code))


async def read_notice_board(api: PublicApi, station: str) -> NoticeBoard | None:
    """The notice board of ``station`` from the public APIs; None when there is no such open
    station."""
    found = await api.station(station)
    if found is None:
        return None
    return notice_board_of(found, await api.matters())
