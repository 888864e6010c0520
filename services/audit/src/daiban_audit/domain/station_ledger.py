"""A station's 代办台账: the cases its agents took there, and a line per agent. A case's station
is its agent's station when they took it, known from routing's staff records (``staff.*``), kept
as each member's posts: one per version of their record, from the time it was published."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from daiban_audit.domain.agent_ledger import AgentCaseLine
from daiban_kernel.contracts.staff import StaffSnapshot

EARLIEST = datetime.min.replace(tzinfo=UTC)
STAFF_EVENT_TYPES = frozenset({"staff.created", "staff.updated", "staff.deactivated",
                               "staff.duty_changed"})
MAX_VERSION = 2**31 - 1
"""The largest version of a staff record a post is kept for (the read model's column)."""


@dataclass(frozen=True)
class StaffPost:
    """Where a staff member worked from a moment on: one version of their record."""

    staff_id: str
    version: int
    station_code: str
    name: str
    since: datetime

    @classmethod
    def of_snapshot(cls, snapshot: Any, since: datetime) -> StaffPost:
        """The post a staff event's record gives, read as routing's contract writes it (fields
        it does not know of passed over); a ValueError for a record the contract refuses (a
        name over 50 characters, a station code that is none) or a version beyond 2³¹ − 1,
        which the read model could not hold."""
        if not isinstance(snapshot, Mapping):
            raise TypeError("a staff record is an object")
        record = StaffSnapshot.model_validate(
            {k: v for k, v in snapshot.items() if k in StaffSnapshot.model_fields})
        if record.version > MAX_VERSION:
            raise ValueError(f"a staff record's version is at most {MAX_VERSION}")
        return cls(staff_id=record.staff_id, version=record.version,
                   station_code=record.station_code, name=record.name, since=since)


def post_at(posts: Sequence[StaffPost], moment: datetime) -> StaffPost | None:
    """The member's post at a moment: the newest version published by then, else (a case taken
    before the first record audit heard of) the oldest one; None without any."""
    held = [p for p in posts if p.since <= moment]
    if held:
        return max(held, key=lambda p: p.version)
    return min(posts, key=lambda p: p.version, default=None)


@dataclass(frozen=True)
class AgentTally:
    """One agent's line of the station's ledger."""

    staff_id: str
    name: str | None
    taken: int = 0
    decided: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    withdrawn: int = 0
    returned: int = 0
    complaints: int = 0

    def counting(self, line: AgentCaseLine) -> AgentTally:
        r = line.record
        return AgentTally(
            staff_id=self.staff_id, name=self.name, taken=self.taken + 1,
            decided=self.decided + (r.decided_at is not None),
            on_time=self.on_time + (line.timeliness == "on_time"),
            late=self.late + (line.timeliness == "late"),
            open=self.open + (line.status in ("submitted", "accepted")),
            withdrawn=self.withdrawn + (r.withdrawn_at is not None),
            returned=self.returned + bool(r.returns),
            complaints=self.complaints + len(r.complaints))


@dataclass(frozen=True)
class StationCaseLine:
    """A case of the station's ledger, with the agent who took it."""

    line: AgentCaseLine
    agent: StaffPost


@dataclass(frozen=True)
class StationLedger:
    """The cases taken at a station in a period, oldest first, and a line per agent."""

    station_code: str
    cases: list[StationCaseLine]

    @property
    def by_agent(self) -> list[AgentTally]:
        """Each agent who took a case there, by staff id."""
        tallies: dict[str, AgentTally] = {}
        for case in self.cases:
            held = tallies.get(case.agent.staff_id) or AgentTally(case.agent.staff_id,
                                                                  case.agent.name)
            tallies[case.agent.staff_id] = held.counting(case.line)
        return [tallies[k] for k in sorted(tallies)]


def taken_at(station_code: str, lines: Iterable[AgentCaseLine],
             posts: Mapping[str, Sequence[StaffPost]]) -> StationLedger:
    """The lines whose agent was at the station when they took the case, oldest first."""
    found = []
    for line in lines:
        r = line.record
        post = None if r.agent_id is None or r.opened_at is None else post_at(
            posts.get(r.agent_id, ()), r.opened_at)
        if post is not None and post.station_code == station_code:
            found.append(StationCaseLine(line, post))
    found.sort(key=lambda c: (c.line.record.opened_at or EARLIEST, c.line.record.case_number))
    return StationLedger(station_code, found)
