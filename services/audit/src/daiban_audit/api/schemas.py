"""Audit's response bodies."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from daiban_audit.domain.entry import LedgerEntry
from daiban_audit.domain.merkle import Subtree
from daiban_audit.domain.verification import Verdict
from daiban_audit.handlers import CheckpointFinding, ConsistencyProof, InclusionProof


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


class WhoOut(BaseModel):
    staff_id: str | None
    staff_name: str | None
    station_code: str | None


class LedgerEntryOut(BaseModel):
    """One ledger entry: what (type, data), who, when (the source's time and order), where."""

    seq: int
    event_id: str
    type: str
    source: str
    subject: str | None
    place: str | None
    time: datetime
    happened_at: datetime | None
    flow_version: int | None
    who: WhoOut
    data: dict[str, Any]
    leaf_hash: str

    @classmethod
    def from_domain(cls, e: LedgerEntry) -> LedgerEntryOut:
        r = e.recorded
        return cls(seq=e.seq, event_id=r.event_id, type=r.event_type, source=r.source,
                   subject=r.subject, place=r.place, time=r.occurred_at,
                   happened_at=r.happened_at, flow_version=r.flow_version,
                   who=WhoOut(staff_id=r.who.staff_id, staff_name=r.who.staff_name,
                              station_code=r.who.station_code),
                   data=r.data, leaf_hash=b64(e.leaf_hash))


class InclusionOut(BaseModel):
    """RFC 9162 inclusion proof: leaf index is ``seq - 1``."""

    seq: int
    leaf_index: int
    tree_size: int
    leaf_hash: str
    root_hash: str
    path: list[str]

    @classmethod
    def from_domain(cls, p: InclusionProof) -> InclusionOut:
        return cls(seq=p.seq, leaf_index=p.seq - 1, tree_size=p.size, leaf_hash=b64(p.leaf_hash),
                   root_hash=b64(p.root), path=[b64(h) for h in p.path])


class ConsistencyOut(BaseModel):
    first: int
    second: int
    first_root_hash: str
    second_root_hash: str
    path: list[str]

    @classmethod
    def from_domain(cls, p: ConsistencyProof) -> ConsistencyOut:
        return cls(first=p.first, second=p.second, first_root_hash=b64(p.first_root),
                   second_root_hash=b64(p.second_root), path=[b64(h) for h in p.path])


class SubtreeOut(BaseModel):
    """A complete subtree of the ledger's tree: entries ``first_seq`` to ``last_seq``."""

    height: int
    index: int
    first_seq: int
    last_seq: int

    @classmethod
    def from_domain(cls, t: Subtree) -> SubtreeOut:
        return cls(height=t.height, index=t.idx, first_seq=t.start + 1, last_seq=t.end)


class VerdictOut(BaseModel):
    ok: bool
    entries: int
    checkpoints_verified: int
    first_bad_seq: int | None
    bad_checkpoint_size: int | None
    bad_subtree: SubtreeOut | None
    reason: str | None

    @classmethod
    def from_domain(cls, v: Verdict) -> VerdictOut:
        return cls(ok=v.ok, entries=v.size, checkpoints_verified=v.checkpoints,
                   first_bad_seq=v.first_bad_seq, bad_checkpoint_size=v.bad_checkpoint_size,
                   bad_subtree=None if v.bad_subtree is None
                   else SubtreeOut.from_domain(v.bad_subtree),
                   reason=v.reason)


class CheckpointFindingOut(BaseModel):
    """A held checkpoint against the log: whether the log's tree of its size has its root, and
    the consistency proof from it to the log's latest checkpoint."""

    tree_size: int
    matches: bool
    latest_size: int
    consistency_path: list[str]

    @classmethod
    def from_domain(cls, f: CheckpointFinding) -> CheckpointFindingOut:
        return cls(tree_size=f.size, matches=f.matches, latest_size=f.latest_size,
                   consistency_path=[b64(h) for h in f.proof])
