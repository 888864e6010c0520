"""The case as intake takes it: who applies, for which matter, at which village, and how; its
checklist, authorization and notices until it is accepted, and what it hears back afterwards.

The moves are drawn in ``status``. Intake's own steps and what it hears back are all methods of
``Case``.

Routing numbers its changes of a case (``flow_version``). Intake hears only some of them, so it
keeps the last it applied (``relay_version``): an event not newer than that is a redelivery or
overtaken, and changes nothing. An event that needs one intake has not heard yet (a delivery
before the decision) raises ``RelayEventEarly``, and the broker brings it again later. A withdrawn
case stays withdrawn whatever routing says after.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from daiban_intake.domain import checklist as cl
from daiban_intake.domain.case_history import (
    Authorization,
    Decision,
    Notice,
    Rating,
    Receipt,
    ReturnRecord,
    Stage,
)
from daiban_intake.domain.complaint import Complaint
from daiban_intake.domain.errors import (
    CaseAlreadyRated,
    CaseNotAwaitingReview,
    CaseOwnedInTheRelay,
    ChecklistClosed,
    IllegalCaseMove,
    MatterCannotBeProxied,
    NoAuthorizationToRevoke,
    NothingToSupplement,
    PapersStillMissing,
    ReceiptAlreadySigned,
    RelayEventEarly,
    ResultNotDelivered,
    WithdrawalAfterDecision,
)
from daiban_intake.domain.status import IN_RELAY, CaseStatus, can_move
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import Applicant as ApplicantRef
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseIncompleteV1,
    CaseRatedV1,
    CaseReceiptSignedV1,
    CaseRef,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseTakenOverV1,
    CaseWithdrawnV1,
    MissingItem,
    RatingEntry,
    SealedContact,
    SpecialGroup,
)
from daiban_kernel.contracts.matter import MatterKind, MatterVersion
from daiban_kernel.contracts.relay import Outcome
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role

S = CaseStatus
SATURDAY = 5
OPEN_CHECKLIST = frozenset({S.SUBMITTED, S.INCOMPLETE, S.RETURNED})
BEFORE_ACCEPTANCE = frozenset({S.SUBMITTED, S.INCOMPLETE})
"""States in which the first-inquiry owner may change: from acceptance on, the owner is the one
``case.accepted`` named, which routing holds to until baton 1."""


@dataclass(frozen=True)
class ProtectedIdNumber:
    """A resident ID number as intake keeps it: sealed, hashed for lookup, masked for display."""

    sealed: bytes
    lookup_hash: str
    masked: str


@dataclass(frozen=True)
class Applicant:
    """The resident who applies (申请人)."""

    name: str
    id_number: ProtectedIdNumber
    phone: str
    home_village_code: str | None = None
    special_groups: tuple[SpecialGroup, ...] = ()


@dataclass(frozen=True)
class NoticeTerms:
    """What a notice needs beyond the case: its date to supplement by and who hands it over."""

    supplement_by: date
    agent_name: str | None
    date_set_by_agent: bool = False
    """Whether the agent chose ``supplement_by``; else a further notice keeps the first's."""
    station_name: str | None = None
    """The village's station as the notice names it (None: not known to intake)."""


def working_days_after(day: date, days: int) -> date:
    """``days`` working days after ``day``, counting Monday to Friday only: the expected date a
    notice tells, which statutory holidays postpone (the notice says so)."""
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < SATURDAY
    return day


@dataclass(eq=False)
class Case:
    """One resident's matter, from the moment a staff member takes it (首问负责: its owner)."""

    number: str
    matter_code: str
    matter_version: int
    village_code: str
    channel: Channel
    applicant: Applicant
    opened_by: Actor
    opened_at: datetime
    status: CaseStatus = S.SUBMITTED
    version: int = 1
    owner: Actor | None = None
    checklist: cl.Checklist = ()
    authorization: Authorization | None = None
    notices: tuple[Notice, ...] = ()
    returns: tuple[ReturnRecord, ...] = ()
    relay_version: int = 0
    decision: Decision | None = None
    closed_why: str | None = None
    receipt: Receipt | None = None
    rating: Rating | None = None
    events: list[EventData] = field(default_factory=list, repr=False)

    @classmethod
    def submit(cls, *, number: str, matter: MatterVersion, village_code: str, channel: Channel,
               applicant: Applicant, by: Actor, at: datetime,
               contact: SealedContact | None = None) -> Case:
        """Register a case under the matter's current version; its taker owns it (首问负责).
        ``contact`` is the applicant's phone sealed for notify, which ``case.submitted``
        carries (None: notify cannot text the resident)."""
        if matter.kind is MatterKind.IN_PERSON:
            raise MatterCannotBeProxied(matter.code, matter.name)
        case = cls(number, matter.code, matter.version, village_code, channel, applicant, by,
                   at, owner=by, checklist=cl.checklist_for(matter))
        case.events.append(CaseSubmittedV1(
            case_number=number, matter_code=matter.code, matter_version=matter.version,
            village_code=village_code, channel=channel,
            applicant=ApplicantRef(name=applicant.name,
                                   id_number_masked=applicant.id_number.masked),
            submitted_by=by, submitted_at=at, contact=contact))
        return case

    @property
    def ref(self) -> CaseRef:
        """The fields every case event repeats."""
        return CaseRef(case_number=self.number, village_code=self.village_code,
                       matter_code=self.matter_code, matter_version=self.matter_version)

    @property
    def open_return(self) -> ReturnRecord | None:
        """The return the resident has not answered yet, if any."""
        last = self.returns[-1] if self.returns else None
        return last if last is not None and last.answered_at is None else None

    def take_over(self, by: Actor, *, at: datetime) -> None:
        """Another staff member becomes the first-inquiry owner before acceptance (a grid
        worker's report taken up by the village agent, or the A/B partner covering), recorded
        as ``case.taken_over``; the owner taking it again changes nothing."""
        if self.status not in BEFORE_ACCEPTANCE:
            raise CaseOwnedInTheRelay(
                self.number, self.status,
                f"taken over: its owner until baton 1 is {self._owner.name or self._owner.staff_id}"
                ", whom case.accepted named")
        previous = self._owner
        if previous.staff_id == by.staff_id:
            return
        self.owner = by
        self.version += 1
        self.events.append(CaseTakenOverV1(case=self.ref, previous_owner=previous, owner=by,
                                           at=at))

    @property
    def _owner(self) -> Actor:
        return self.owner or self.opened_by

    def _take_up_report(self, by: Actor, at: datetime) -> None:
        """Whoever checks the papers of a grid worker's report (who cannot) takes it over."""
        if self._owner.role is Role.GRID_WORKER and by.role is not Role.GRID_WORKER:
            self.take_over(by, at=at)

    def mark(self, item: int, state: cl.MaterialState, note: str | None) -> None:
        """Mark one material provided, seen in the original, or missing."""
        self._checklist_open("changed")
        self.checklist = cl.marked(self.checklist, item, state, note)
        self.version += 1

    def attach(self, item: int, attachment_id: str) -> None:
        """Add a scan to one material of the checklist."""
        self._checklist_open("given scans")
        self.checklist = cl.attached(self.checklist, item, attachment_id)
        self.version += 1

    def authorize(self, authorization: Authorization) -> None:
        """Record the power of attorney (replacing an earlier one)."""
        self._checklist_open("given a power of attorney")
        self.authorization = authorization
        self.checklist = cl.with_authorization(self.checklist, authorization.scan_attachment_id)
        self.version += 1

    def revoke_authorization(self, reason: str, *, by: Actor, at: datetime) -> None:
        """The resident revokes the power of attorney, which withdraws the case."""
        if self.authorization is None or not self.authorization.in_force:
            raise NoAuthorizationToRevoke(f"case {self.number} has no authorization in force")
        self.withdraw(f"申请人撤销授权委托：{reason}"[:200], by=by, at=at, revoked=True)
        self.authorization = self.authorization.model_copy(
            update={"revoked_at": at, "revoke_reason": reason})

    def missing(self, matter: MatterVersion) -> tuple[MissingItem, ...]:
        """Everything the case still lacks under its matter version."""
        return cl.shortfalls(
            self.checklist, authorization_required=matter.authorization_required,
            authorization_in_force=self.authorization is not None and self.authorization.in_force)

    def review(self, matter: MatterVersion, terms: NoticeTerms, *, by: Actor,
               at: datetime) -> None:
        """Pre-review: accept a complete case, or give ONE notice listing all that is missing."""
        if self.status is not S.SUBMITTED:
            raise CaseNotAwaitingReview(self.number, self.status, "pre-reviewed again")
        self._take_up_report(by, at)
        self._accept_or_notify(matter, terms, by=by, at=at)

    def supplement(self, matter: MatterVersion, terms: NoticeTerms, *, by: Actor,
                   at: datetime) -> None:
        """The resident brought what was asked: after a notice the case is checked again; after a
        return it goes back to routing when nothing listed is missing any more."""
        if self.status is S.INCOMPLETE:
            supplied = self._newly_supplied(matter)
            if not supplied:
                raise NothingToSupplement(
                    self.number, self.status,
                    f"supplemented: nothing notice {self.notices[-1].seq} asked for has been "
                    "provided since (mark the papers the resident brought first)")
            if not terms.date_set_by_agent:
                terms = replace(terms, supplement_by=self.notices[0].supplement_by)
            self._take_up_report(by, at)
            self.move(S.SUPPLEMENTED)
            self.events.append(CaseSupplementedV1(case=self.ref, supplied=supplied, by=by, at=at))
            self._accept_or_notify(matter, terms, by=by, at=at)
            return
        answered = self.open_return
        if self.status is not S.RETURNED or answered is None:
            raise NothingToSupplement(self.number, self.status,
                                      "supplemented: no notice or return is open")
        still = self.missing(matter)
        if still:
            raise PapersStillMissing(self.number, self.status,
                                     "sent back while it still lacks: "
                                     + "、".join(m.name for m in still))
        supplied = tuple(r.name for r in answered.reasons)
        self.returns = (*self.returns[:-1], answered.model_copy(update={"answered_at": at}))
        self.move(S.SUPPLEMENTED)
        self.events.append(CaseSupplementedV1(case=self.ref, supplied=supplied,
                                              return_flow_version=answered.flow_version,
                                              by=by, at=at))

    def withdraw(self, reason: str, *, by: Actor, at: datetime, revoked: bool = False
                 ) -> None:
        """Withdraw at the resident's wish, at any time before a decision."""
        if not can_move(self.status, S.WITHDRAWN):
            raise WithdrawalAfterDecision(self.number, self.status, "withdrawn")
        self.move(S.WITHDRAWN)
        self.events.append(CaseWithdrawnV1(case=self.ref, reason=reason,
                                           authorization_revoked=revoked, by=by, at=at))

    def issue_notice(self, matter: MatterVersion, terms: NoticeTerms,
                     missing: tuple[MissingItem, ...], *, by: Actor, at: datetime,
                     after_return_by: str | None = None) -> Notice:
        """Write the next one-time notice of this case."""
        seq = len(self.notices) + 1
        total = matter.limit_working_days + matter.proxy_allowance_days
        notice = Notice(
            seq=seq, id=f"{self.number}-N{seq}", case_number=self.number,
            matter_code=matter.code, matter_name=matter.name,
            applicant_name=self.applicant.name, village_code=self.village_code, agent=by,
            agent_name=terms.agent_name or by.name, missing=missing, issued_at=at,
            supplement_by=terms.supplement_by, after_return_by=after_return_by,
            station_name=terms.station_name,
            stages=tuple(Stage(tier=tier.value, working_days=days)
                         for tier, days in matter.stage_days.items()),
            limit_working_days=matter.limit_working_days,
            proxy_allowance_days=matter.proxy_allowance_days,
            expected_by=working_days_after(terms.supplement_by, total),
            department_fee_yuan=matter.department_fee_yuan)
        self.notices = (*self.notices, notice)
        return notice

    # ---------------------------------------------------------------- what routing tells

    def hear_return(self, matter: MatterVersion, *, flow_version: int, tier: str,
                    reasons: tuple[MissingItem, ...], by: Actor, at: datetime,
                    terms: NoticeTerms) -> Notice | None:
        """A tier returned the case for correction: its checklist reopens with the reasons, and
        the resident gets a notice of all of them. None if the event is not news."""
        if not self._news(flow_version):
            return None
        self._require(IN_RELAY, "case.returned", flow_version)
        checklist, corrections = cl.reopened(self.checklist, reasons)
        self.checklist = checklist
        if any(cl.names_authorization(r) for r in reasons):
            self.authorization = None
            self.checklist = cl.with_authorization(self.checklist, None)
        self.returns = (*self.returns, ReturnRecord(flow_version=flow_version, tier=tier,
                                                    reasons=reasons, corrections=corrections,
                                                    by=by, at=at))
        if self.status is not S.RETURNED:
            self.move(S.RETURNED)
        self.relay_version = flow_version
        return self.issue_notice(matter, terms, (*self.missing(matter), *corrections),
                                 by=self._owner,
                                 at=at, after_return_by=tier)

    def hear_decision(self, *, flow_version: int, tier: str, outcome: Outcome,
                      reason: str | None, deemed: bool, at: datetime) -> None:
        """The deciding tier approved or rejected the case."""
        if not self._news(flow_version):
            return
        self._require(IN_RELAY, "case.decided", flow_version)
        self.decision = Decision(outcome=outcome, reason=reason, tier=tier, deemed=deemed, at=at)
        self.move(S.DECIDED)
        self.relay_version = flow_version

    def hear_delivery(self, *, flow_version: int) -> None:
        """The result reached the resident (collected, mailed or paid)."""
        if not self._news(flow_version):
            return
        self._require(frozenset({S.DECIDED, S.DELIVERED}), "case.result_delivered", flow_version)
        if self.status is S.DECIDED:
            self.move(S.DELIVERED)
        self.relay_version = flow_version

    def hear_closing(self, *, flow_version: int, why: str) -> None:
        """Routing closed the case; a decided case whose result went out counts as delivered."""
        if not self._news(flow_version):
            return
        if why != "withdrawn":
            self._require(frozenset({S.DECIDED, S.DELIVERED, S.RATED}), "case.closed",
                          flow_version)
            if self.status is S.DECIDED:
                self.move(S.DELIVERED)
        self.closed_why = why
        self.relay_version = flow_version

    # ------------------------------------------------------------------ after the result

    def sign_receipt(self, *, received_on: date, feedback: str | None, by: Actor,
                     at: datetime) -> None:
        """The resident signs for the result with feedback; the result is then delivered."""
        if self.receipt is not None:
            raise ReceiptAlreadySigned(f"case {self.number}'s result was signed for on "
                                       f"{self.receipt.received_on}")
        if self.status not in (S.DECIDED, S.DELIVERED):
            raise ResultNotDelivered(self.number, self.status, "signed for")
        if self.status is S.DECIDED:
            self.move(S.DELIVERED)
        else:
            self.version += 1
        self.receipt = Receipt(received_on=received_on, feedback=feedback, recorded_by=by, at=at)
        self.events.append(CaseReceiptSignedV1(case=self.ref, received_on=received_on,
                                               feedback=feedback, by=by, at=at))

    def rate(self, *, stars: int, comment: str | None, by: Actor | None, at: datetime,
             complaint_id: str) -> Complaint | None:
        """Record the resident's rating, keyed in by staff (``by``) or, with ``by`` None, by
        the resident through their rating link; a bad one opens a complaint (returned) under
        ``complaint_id``."""
        if self.status is S.RATED:
            raise CaseAlreadyRated(self.number, self.status, "rated again")
        if self.status is not S.DELIVERED:
            raise ResultNotDelivered(self.number, self.status, "rated")
        entered_by = RatingEntry.RESIDENT if by is None else RatingEntry.STAFF
        rating = Rating(stars=stars, comment=comment, recorded_by=by, entered_by=entered_by,
                        at=at)
        complaint = None
        if rating.is_bad:
            summary = f"差评（{stars}星）：{comment or '未注明原因'}"[:500]
            complaint = Complaint.file(id=complaint_id, case_number=self.number,
                                       place_code=self.village_code, summary=summary,
                                       from_rating=True, by=by, at=at)
            rating = rating.model_copy(update={"complaint_id": complaint_id})
        self.rating = rating
        self.move(S.RATED)
        self.events.append(CaseRatedV1(case=self.ref, stars=stars, comment=comment,
                                       complaint_id=rating.complaint_id, by=by,
                                       entered_by=entered_by, at=at))
        return complaint

    # ------------------------------------------------------------------------- internals

    def _news(self, flow_version: int) -> bool:
        """Whether a relay event is news to the case (newer, and the case is not withdrawn)."""
        if flow_version <= self.relay_version:
            return False
        if self.status is S.WITHDRAWN:
            self.relay_version = flow_version
            return False
        return True

    def _require(self, states: frozenset[CaseStatus], event: str, flow_version: int) -> None:
        if self.status not in states:
            raise RelayEventEarly(
                f"{event} (flow version {flow_version}) for case {self.number}, which is "
                f"{self.status}: it needs an earlier event first")

    def _accept_or_notify(self, matter: MatterVersion, terms: NoticeTerms, *, by: Actor,
                          at: datetime) -> None:
        missing = self.missing(matter)
        if not missing:
            self.move(S.ACCEPTED)
            self.events.append(CaseAcceptedV1(
                case=self.ref, channel=self.channel,
                applicant=ApplicantRef(name=self.applicant.name,
                                       id_number_masked=self.applicant.id_number.masked),
                special_groups=self.applicant.special_groups,
                authorization_id=self.authorization.id if self.authorization else None,
                by=by, owner=self._owner, at=at))
            return
        notice = self.issue_notice(matter, terms, missing, by=by, at=at)
        self.move(S.INCOMPLETE)
        self.events.append(CaseIncompleteV1(
            case=self.ref, missing=missing, notice_id=notice.id,
            supplement_by=datetime.combine(terms.supplement_by, time(23, 59, 59),
                                           tzinfo=CHINA),
            by=by, at=at))

    def _newly_supplied(self, matter: MatterVersion) -> tuple[str, ...]:
        asked = {m.name for m in self.notices[-1].missing} if self.notices else set()
        still = {m.name for m in self.missing(matter)}
        return tuple(sorted(asked - still))

    def _checklist_open(self, move: str) -> None:
        if self.status not in OPEN_CHECKLIST:
            raise ChecklistClosed(self.number, self.status, move)

    def move(self, to: CaseStatus) -> None:
        """Move along the state machine; IllegalCaseMove where it has no such edge."""
        if not can_move(self.status, to):
            raise IllegalCaseMove(self.number, self.status, f"moved to {to}")
        self.status = to
        self.version += 1
