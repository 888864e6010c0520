"""Complaints (投诉举报): about a place's service or one case; a bad rating (1-2 stars) opens one
for follow-up, and they are also filed directly. A complaint is answered once, and the answer is
recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from daiban_intake.domain.errors import ComplaintAlreadyAnswered
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import ComplaintAnsweredV1, ComplaintFiledV1
from daiban_kernel.events import EventData


@dataclass(frozen=True)
class Answer:
    """What the complainant is told, by whom and when."""

    text: str
    by: Actor
    at: datetime


@dataclass(eq=False)
class Complaint:
    """A complaint about a place's service, or about one case; it must be answered."""

    id: str
    case_number: str | None
    place_code: str
    summary: str
    from_rating: bool
    filed_by: Actor | None
    filed_at: datetime
    answer: Answer | None = None
    version: int = 1
    events: list[EventData] = field(default_factory=list, repr=False)

    @classmethod
    def file(cls, *, id: str, case_number: str | None, place_code: str, summary: str,
             from_rating: bool, by: Actor | None, at: datetime) -> Complaint:
        """Open a complaint; ``complaint.filed``."""
        complaint = cls(id, case_number, place_code, summary, from_rating, by, at)
        complaint.events.append(ComplaintFiledV1(
            complaint_id=id, case_number=case_number, place_code=place_code, summary=summary,
            from_rating=from_rating, by=by, at=at))
        return complaint

    def respond(self, text: str, *, by: Actor, at: datetime) -> None:
        """Answer the complaint, once; ``complaint.answered``."""
        if self.answer is not None:
            raise ComplaintAlreadyAnswered(f"complaint {self.id} was answered on "
                                           f"{self.answer.at:%Y-%m-%d}")
        self.answer = Answer(text, by, at)
        self.version += 1
        self.events.append(ComplaintAnsweredV1(
            complaint_id=self.id, case_number=self.case_number, place_code=self.place_code,
            answer=text, by=by, at=at))
