"""After the result: the resident's receipt and rating (好差评), and complaints (投诉举报).

A bad rating (1-2 stars) opens a complaint for follow-up; complaints are also filed directly. A
complaint is answered once, and the answer is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from daiban_intake.domain.case_errors import (
    CaseAlreadyRated,
    ComplaintAlreadyAnswered,
    ReceiptAlreadySigned,
    ResultNotDelivered,
)
from daiban_intake.domain.model import Case
from daiban_intake.domain.records import Rating, Receipt
from daiban_intake.domain.status import CaseStatus
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import (
    CaseRatedV1,
    CaseReceiptSignedV1,
    ComplaintAnsweredV1,
    ComplaintFiledV1,
)
from daiban_kernel.events import EventData

S = CaseStatus


def sign_receipt(case: Case, *, received_on: date, feedback: str | None, by: Actor,
                 at: datetime) -> None:
    """The resident signs for the result with feedback; the result is then delivered."""
    if case.receipt is not None:
        raise ReceiptAlreadySigned(f"case {case.number}'s result was signed for on "
                                   f"{case.receipt.received_on}")
    if case.status not in (S.DECIDED, S.DELIVERED):
        raise ResultNotDelivered(case.number, case.status, "signed for")
    if case.status is S.DECIDED:
        case.move(S.DELIVERED)
    else:
        case.version += 1
    case.receipt = Receipt(received_on=received_on, feedback=feedback, recorded_by=by, at=at)
    case.events.append(CaseReceiptSignedV1(case=case.ref, received_on=received_on,
                                           feedback=feedback, by=by, at=at))


def rate(case: Case, *, stars: int, comment: str | None, by: Actor, at: datetime,
         complaint_id: str) -> Complaint | None:
    """Record the resident's rating; a bad one opens a complaint (returned) under
    ``complaint_id``."""
    if case.status is S.RATED:
        raise CaseAlreadyRated(case.number, case.status, "rated again")
    if case.status is not S.DELIVERED:
        raise ResultNotDelivered(case.number, case.status, "rated")
    rating = Rating(stars=stars, comment=comment, recorded_by=by, at=at)
    complaint = None
    if rating.is_bad:
        summary = f"差评（{stars}星）：{comment or '未注明原因'}"[:500]
        complaint = Complaint.file(id=complaint_id, case_number=case.number,
                                   place_code=case.village_code, summary=summary,
                                   from_rating=True, by=by, at=at)
        rating = rating.model_copy(update={"complaint_id": complaint_id})
    case.rating = rating
    case.move(S.RATED)
    case.events.append(CaseRatedV1(case=case.ref, stars=stars, comment=comment,
                                   complaint_id=rating.complaint_id, by=by, at=at))
    return complaint


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
