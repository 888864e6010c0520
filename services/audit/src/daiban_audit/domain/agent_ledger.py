"""The agent's 代办台账: every case an agent took, open and closed, with where it stands, its
outcome and its timeliness."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_audit.domain.case_record import CaseRecord


@dataclass(frozen=True)
class AgentCaseLine:
    """One line of the agent's ledger."""

    record: CaseRecord

    @property
    def status(self) -> str:
        """``withdrawn``, ``closed``, ``delivered``, ``decided``, ``accepted`` or ``submitted``."""
        r = self.record
        if r.withdrawn_at:
            return "withdrawn"
        for name, at in (("closed", r.closed_at), ("delivered", r.delivered_at),
                         ("decided", r.decided_at), ("accepted", r.accepted_at)):
            if at:
                return name
        return "submitted"

    @property
    def timeliness(self) -> str:
        """``late`` once a clock went red or timed out, ``on_time`` once decided without,
        ``open`` before that."""
        if self.record.late:
            return "late"
        return "on_time" if self.record.decided_at else "open"
