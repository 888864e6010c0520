"""The reporting read model: one record per case, kept from the events audit already records
(intake's case.*, routing's relay events, sla's lights and stopped clocks, ratings and
complaints), and the place
tree with each place's road distance to its parent (place.*).

Every event only fills in what it says, keyed so that a repeated or late delivery changes
nothing it should not: times are set by the event that names them, returns are keyed by
``flow_version``, late stages and stopped clocks by the clock's stage (a clock's latest stop
counts), complaints by their id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

WHOLE_CASE = "case"
"""The key of the whole case's clock among the late stages (sla's ``stage: null``)."""
UP_TIERS = frozenset({"county", "department"})
"""Tiers above the town: a case routed through one went up to the county."""


def _at(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


@dataclass(frozen=True)
class PlaceNode:
    """A place of the division tree as the reports need it."""

    code: str
    name: str
    tier: str
    parent_code: str | None
    distance_km: Decimal | None
    version: int

    @classmethod
    def of_snapshot(cls, snapshot: Mapping[str, Any]) -> PlaceNode:
        km = snapshot.get("distance_km")
        return cls(code=snapshot["code"], name=snapshot["name"], tier=snapshot["tier"],
                   parent_code=snapshot.get("parent_code"),
                   distance_km=None if km is None else Decimal(str(km)),
                   version=int(snapshot["version"]))


@dataclass(frozen=True)
class StageDays:
    """What a stopped clock used (``sla.clock_stopped``): working days used against its budget,
    as of its latest stop (a stage the case came back to stops again, with its days in all)."""

    budget: int
    used: int | None
    at: datetime

    @property
    def over(self) -> bool:
        """Whether it used more working days than its budget."""
        return self.used is not None and self.used > self.budget

    def to_json(self) -> dict[str, Any]:
        return {"budget": self.budget, "used": self.used, "at": self.at.isoformat()}

    @classmethod
    def of_json(cls, raw: Mapping[str, Any]) -> StageDays:
        used = raw.get("used")
        return cls(budget=int(raw["budget"]), used=None if used is None else int(used),
                   at=_at(raw["at"]))


@dataclass(frozen=True)
class CaseRecord:
    """What the reports know of one case."""

    case_number: str
    village_code: str | None = None
    matter_code: str | None = None
    department_code: str | None = None
    channel: str | None = None
    agent_id: str | None = None
    path: tuple[str, ...] = ()
    deciding_tier: str | None = None
    opened_at: datetime | None = None
    accepted_at: datetime | None = None
    decided_at: datetime | None = None
    delivered_at: datetime | None = None
    closed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    outcome: str | None = None
    closed_why: str | None = None
    returns: Mapping[int, datetime] = field(default_factory=dict)
    late_stages: Mapping[str, datetime] = field(default_factory=dict)
    timed_out_stages: Mapping[str, datetime] = field(default_factory=dict)
    """The stages sla timed out (超时默认, ``sla.timed_out``): each is among the late ones too."""
    stage_days: Mapping[str, StageDays] = field(default_factory=dict)
    """Each stopped clock's working days, by stage (``case`` for the whole case's, whose budget
    is the matter's legal limit with the agent's allowance)."""
    stars: int | None = None
    rated_at: datetime | None = None
    complaints: Mapping[str, datetime] = field(default_factory=dict)
    last_at: datetime | None = None

    @property
    def late(self) -> bool:
        """Whether any clock of the case (a stage's or the whole case's) went red or timed out."""
        return bool(self.late_stages)

    @property
    def whole_case_days(self) -> StageDays | None:
        """The whole case's working days used against its limit, once its clock stopped."""
        return self.stage_days.get(WHOLE_CASE)

    @property
    def went_up(self) -> bool:
        """Whether the route took the case above the town (county hall or a department)."""
        return bool(UP_TIERS.intersection(self.path))

    def apply(self, event_type: str, data: Mapping[str, Any], occurred_at: datetime
              ) -> CaseRecord:
        """The record after one event about the case (any other event changes nothing)."""
        change = _CHANGES.get(event_type)
        if change is None:
            return self
        ref = data.get("case") or {}
        base = replace(self, village_code=self.village_code or ref.get("village_code")
                       or data.get("village_code"),
                       matter_code=self.matter_code or ref.get("matter_code")
                       or data.get("matter_code"))
        changed = change(base, data)
        last = max(filter(None, (self.last_at, occurred_at)))
        return replace(changed, last_at=last)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, Mapping):
                value = {str(k): v.to_json() if isinstance(v, StageDays) else v.isoformat()
                         for k, v in value.items()}
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def of_json(cls, raw: Mapping[str, Any]) -> CaseRecord:
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = raw.get(f.name)
            if value is None:
                continue
            if f.name.endswith("_at"):
                value = _at(value)
            elif f.name == "returns":
                value = {int(k): _at(v) for k, v in value.items()}
            elif f.name in ("late_stages", "timed_out_stages", "complaints"):
                value = {k: _at(v) for k, v in value.items()}
            elif f.name == "stage_days":
                value = {k: StageDays.of_json(v) for k, v in value.items()}
            elif f.name == "path":
                value = tuple(value)
            values[f.name] = value
        return cls(**values)


def _first(current: datetime | None, value: Any) -> datetime:
    """The earliest of what is known and what the event says."""
    at = _at(value)
    return at if current is None or at < current else current


def _submitted(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, opened_at=_first(r.opened_at, d["submitted_at"]), channel=d["channel"],
                   agent_id=(d.get("submitted_by") or {}).get("staff_id"))


def _accepted(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, accepted_at=_first(r.accepted_at, d["at"]),
                   channel=r.channel or d.get("channel"))


def _routed(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, path=tuple(d["path"]), deciding_tier=d["deciding_tier"],
                   department_code=d.get("department_code"))


def _returned(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, returns={**r.returns, int(d["flow_version"]): _at(d["at"])})


def _decided(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, decided_at=_first(r.decided_at, d["at"]), outcome=d["outcome"])


def _delivered(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, delivered_at=_first(r.delivered_at, d["at"]))


def _closed(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, closed_at=_first(r.closed_at, d["at"]), closed_why=d["why"])


def _withdrawn(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, withdrawn_at=_first(r.withdrawn_at, d["at"]))


def _late(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    stage = d.get("stage") or WHOLE_CASE
    at = _first(r.late_stages.get(stage), d["at"])
    return replace(r, late_stages={**r.late_stages, stage: at})


def _timed_out(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    late = _late(r, d)
    stage = d.get("stage") or WHOLE_CASE
    at = _first(r.timed_out_stages.get(stage), d["at"])
    return replace(late, timed_out_stages={**r.timed_out_stages, stage: at})


def _clock_stopped(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    stage = d.get("stage") or WHOLE_CASE
    stopped = StageDays(budget=int(d["budget_working_days"]),
                        used=None if d.get("used_working_days") is None
                        else int(d["used_working_days"]), at=_at(d["at"]))
    known = r.stage_days.get(stage)
    if known is not None and known.at > stopped.at:
        return r
    return replace(r, stage_days={**r.stage_days, stage: stopped})


def _rated(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    at = _at(d["at"])
    if r.rated_at is not None and r.rated_at > at:
        return r
    return replace(r, stars=int(d["stars"]), rated_at=at)


def _complaint(r: CaseRecord, d: Mapping[str, Any]) -> CaseRecord:
    return replace(r, complaints={**r.complaints, d["complaint_id"]: _first(
        r.complaints.get(d["complaint_id"]), d["at"])})


_CHANGES = {
    "case.submitted": _submitted,
    "case.accepted": _accepted,
    "case.routed": _routed,
    "case.returned": _returned,
    "case.decided": _decided,
    "case.result_delivered": _delivered,
    "case.closed": _closed,
    "case.withdrawn": _withdrawn,
    "sla.breached": _late,
    "sla.timed_out": _timed_out,
    "sla.clock_stopped": _clock_stopped,
    "case.rated": _rated,
    "complaint.filed": _complaint,
}
CASE_EVENT_TYPES = frozenset(_CHANGES)
PLACE_EVENT_TYPES = frozenset({"place.created", "place.updated", "place.deactivated"})


def case_number_of(event_type: str, data: Mapping[str, Any]) -> str | None:
    """The case an event is about, or None (a complaint about no case)."""
    if event_type == "case.submitted":
        return str(data["case_number"])
    if event_type == "complaint.filed":
        number = data.get("case_number")
        return None if number is None else str(number)
    return str(data["case"]["case_number"])
