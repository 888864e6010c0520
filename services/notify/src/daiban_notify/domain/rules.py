"""Who hears what: the rule table from events to people (see docs/notify.md, "The rules").

Each rule names the event type it hears, the audience it reaches, the channel and the template
(``<template>.<channel>.j2``), whether it is an alarm (sent in quiet hours too, never muted), and,
where an event type means different things, the condition that selects it. The table is data: the
handlers find the audience's people and the template's values; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseIncompleteV1,
    CaseRatedV1,
    CaseSubmittedV1,
    CaseTakenOverV1,
    ComplaintFiledV1,
    RatingEntry,
)
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseAssignedV1,
    CaseDecidedV1,
    CaseHandedOverV1,
    CaseHandoverRemindedV1,
    CaseResultDeliveredV1,
    CaseReturnedV1,
    Delivery,
)
from daiban_kernel.contracts.report import ReportMonthlyReadyV1
from daiban_kernel.contracts.sla import (
    SlaBreachedV1,
    SlaComplaintOverdueV1,
    SlaEscalatedV1,
    SlaStartedV1,
    SlaTimedOutV1,
    SlaWarningV1,
)
from daiban_kernel.events import EventData
from daiban_notify.domain.delivery import DeliveryChannel

BAD_RATING = 2
"""Ratings of this many stars or fewer reach the supervisor (差评)."""


class Audience(StrEnum):
    """The people a rule reaches."""

    RESIDENT = "resident"
    """The applicant, by SMS to the phone sealed in ``case.submitted``."""
    AGENT = "agent"
    """The village agent: who submitted the case, or the village's agents on duty."""
    HOLDER = "holder"
    """The member who holds the case at its tier, or the tier's members on duty."""
    PARTNER = "partner"
    """The A/B partner a case moved to while they cover an absent colleague."""
    SUPERVISOR = "supervisor"
    """The supervisors of the tier above the place concerned (the county supervises itself)."""
    TOWN = "town"
    """The staff of the town concerned: its members on duty at the town tier and its supervisors
    (the town sends its monthly report to the county)."""


Condition = Callable[[Any], bool]


def _always(_: EventData) -> bool:
    return True


def _covering(event: CaseAssignedV1) -> bool:
    return event.reason == "partner_cover"


def _not_covering(event: CaseAssignedV1) -> bool:
    return event.reason != "partner_cover"


def _up(event: CaseHandedOverV1) -> bool:
    return event.direction == "up"


def _back_at_village(event: CaseHandedOverV1) -> bool:
    return event.direction == "down" and event.to_tier is Tier.VILLAGE


def _mailed(event: CaseResultDeliveredV1) -> bool:
    return event.delivery is Delivery.MAILED


def _not_mailed(event: CaseResultDeliveredV1) -> bool:
    """A mailed result's SMS carries the rating link itself: one SMS per event and person."""
    return event.delivery is not Delivery.MAILED


def _bad(event: CaseRatedV1) -> bool:
    return event.stars <= BAD_RATING


def _by_resident(event: CaseRatedV1) -> bool:
    """The resident rated by the SMS's link: the staff did not key it in, so are not aware."""
    return event.entered_by is RatingEntry.RESIDENT


@dataclass(frozen=True)
class Rule:
    """One line of the table."""

    name: str
    contract: type[EventData]
    audience: Audience
    channel: DeliveryChannel
    template: str
    alarm: bool = False
    when: Condition = _always

    @property
    def event_type(self) -> str:
        return self.contract.event_type

    def applies_to(self, event: EventData) -> bool:
        """Whether this rule hears ``event``."""
        return isinstance(event, self.contract) and self.when(event)


A, C = Audience, DeliveryChannel
RULES: tuple[Rule, ...] = (
    Rule("submitted_to_agent", CaseSubmittedV1, A.AGENT, C.INBOX, "case_submitted"),
    Rule("accepted_to_resident", SlaStartedV1, A.RESIDENT, C.SMS, "case_accepted"),
    Rule("notice_to_resident", CaseIncompleteV1, A.RESIDENT, C.SMS, "case_incomplete"),
    Rule("returned_to_resident", CaseReturnedV1, A.RESIDENT, C.SMS, "case_returned"),
    Rule("returned_to_agent", CaseReturnedV1, A.AGENT, C.INBOX, "case_returned"),
    Rule("decided_to_resident", CaseDecidedV1, A.RESIDENT, C.SMS, "case_decided"),
    Rule("ready_to_resident", CaseHandedOverV1, A.RESIDENT, C.SMS, "result_ready",
         when=_back_at_village),
    Rule("mailed_to_resident", CaseResultDeliveredV1, A.RESIDENT, C.SMS, "result_mailed",
         when=_mailed),
    Rule("rate_to_resident", CaseResultDeliveredV1, A.RESIDENT, C.SMS, "rating_invitation",
         when=_not_mailed),
    Rule("back_to_agent", CaseHandedOverV1, A.AGENT, C.INBOX, "result_back",
         when=_back_at_village),
    Rule("handover_to_holder", CaseHandedOverV1, A.HOLDER, C.INBOX, "handover_waiting",
         when=_up),
    Rule("reminder_to_holder", CaseHandoverRemindedV1, A.HOLDER, C.INBOX, "handover_reminder"),
    Rule("reminder_sms_to_holder", CaseHandoverRemindedV1, A.HOLDER, C.SMS,
         "handover_reminder"),
    Rule("assigned_to_holder", CaseAssignedV1, A.HOLDER, C.INBOX, "case_assigned",
         when=_not_covering),
    Rule("cover_to_partner", CaseAssignedV1, A.PARTNER, C.INBOX, "case_covered",
         when=_covering),
    Rule("yellow_to_holder", SlaWarningV1, A.HOLDER, C.INBOX, "sla_warning"),
    Rule("red_to_supervisor", SlaBreachedV1, A.SUPERVISOR, C.INBOX, "sla_breached",
         alarm=True),
    Rule("red_sms_to_supervisor", SlaBreachedV1, A.SUPERVISOR, C.SMS, "sla_breached",
         alarm=True),
    Rule("escalated_to_supervisor", SlaEscalatedV1, A.SUPERVISOR, C.INBOX, "sla_escalated",
         alarm=True),
    Rule("escalated_mail_to_supervisor", SlaEscalatedV1, A.SUPERVISOR, C.EMAIL,
         "sla_escalated", alarm=True),
    Rule("timeout_to_supervisor", SlaTimedOutV1, A.SUPERVISOR, C.INBOX, "sla_timed_out",
         alarm=True),
    Rule("bad_rating_to_supervisor", CaseRatedV1, A.SUPERVISOR, C.INBOX, "bad_rating",
         when=_bad),
    Rule("rated_to_agent", CaseRatedV1, A.AGENT, C.INBOX, "case_rated", when=_by_resident),
    Rule("monthly_report_to_town", ReportMonthlyReadyV1, A.TOWN, C.INBOX,
         "report_monthly_ready"),
    Rule("complaint_to_supervisor", ComplaintFiledV1, A.SUPERVISOR, C.INBOX, "complaint_filed"),
    Rule("complaint_mail_to_supervisor", ComplaintFiledV1, A.SUPERVISOR, C.EMAIL,
         "complaint_filed"),
    Rule("complaint_overdue_to_supervisor", SlaComplaintOverdueV1, A.SUPERVISOR, C.INBOX,
         "complaint_overdue", alarm=True),
    Rule("complaint_overdue_sms_to_supervisor", SlaComplaintOverdueV1, A.SUPERVISOR, C.SMS,
         "complaint_overdue", alarm=True),
)
"""The whole table, in the order docs/notify.md lists it."""


def rules_for(event: EventData) -> list[Rule]:
    """The rules that hear ``event``."""
    return [rule for rule in RULES if rule.applies_to(event)]


WEBHOOKS_ONLY: tuple[type[EventData], ...] = (CaseAcceptedV1, CaseTakenOverV1)
"""Contracts no rule hears that integrators' webhooks still may (the resident's acceptance SMS
waits for ``sla.started``, which names the deadline date); both name the case's first-inquiry
owner, whom notify's case file keeps as the case's agent."""


def heard_contracts() -> list[type[EventData]]:
    """Every contract some rule hears, and those offered to webhooks only."""
    return list(dict.fromkeys((*(rule.contract for rule in RULES), *WEBHOOKS_ONLY)))
