"""The village notice board (村代办公开栏) of a station: who its agents are, which matters they
take with the papers, limits and steps of each, which matters must be done in person, and how to
complain. Everything comes from the public APIs; what they do not give yet is not shown."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_web.public_api import PublicAgent, PublicMatter

ROLE_NAMES = {"village_agent": "村代办员", "online_agent": "网上代办员", "grid_worker": "网格员",
              "town_clerk": "乡镇代办员", "county_coordinator": "县级代办协调员"}
TIER_NAMES = {"village": "村（社区）代办站", "town": "乡镇（街道）便民服务中心",
              "county": "县（区）政务服务中心", "department": "县（区）主管部门"}
FORM_NAMES = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}
KIND_NAMES = {"accept": "受理", "proxy": "代收代办", "consult": "咨询预审"}


@dataclass(frozen=True)
class NoticeBoard:
    """What the notice board of a station shows."""

    station_code: str
    agents: list[tuple[str, str]]
    """(name, role in Chinese) of each agent on public duty."""
    matters: list[PublicMatter]
    """The matters a station takes for residents (not those done in person), by code."""
    in_person: list[PublicMatter]
    """The matters that cannot be proxied (必须本人办理)."""


def notice_board_of(station: str, agents: list[PublicAgent],
                    matters: list[PublicMatter]) -> NoticeBoard:
    """The notice board of ``station`` from its agents and the published catalogue."""
    return NoticeBoard(
        station_code=station,
        agents=[(a.name, ROLE_NAMES.get(a.role, "代办员")) for a in agents],
        matters=sorted((m for m in matters if m.kind != "in_person"), key=lambda m: m.code),
        in_person=sorted((m for m in matters if m.kind == "in_person"), key=lambda m: m.code))
