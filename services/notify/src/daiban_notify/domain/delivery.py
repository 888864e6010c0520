"""A notice to one recipient on one channel, and its way out: pending, sent, or failed for good.

A delivery is recorded once per (event, recipient, channel): its id is derived from the three,
so an event heard twice records nothing new. The dispatcher sends it outside the consumer's
transaction, records every attempt, retries after a growing delay, and fails it (dead-lettered,
``notification.failed``) when the channel refuses it or every attempt is used.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from daiban_kernel.contracts.notification import NotificationFailedV1, NotificationSentV1
from daiban_kernel.events import EventData
from daiban_kernel.phones import mask_phone

DELIVERY_IDS = uuid.UUID("5b0c3c4e-6f1d-4c53-9d1e-2a7e0d6f0a11")


class DeliveryChannel(StrEnum):
    """Where a notice goes."""

    INBOX = "inbox"
    SMS = "sms"
    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


def delivery_id(event_id: str, recipient: str, channel: DeliveryChannel) -> str:
    """The one id a notice of this event to this recipient on this channel can have."""
    return uuid.uuid5(DELIVERY_IDS, f"{event_id}/{recipient}/{channel.value}").hex


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait before attempt n+1, and how many attempts there are at most."""

    first_delay: timedelta = timedelta(seconds=30)
    longest_delay: timedelta = timedelta(minutes=30)
    max_attempts: int = 12

    def delay_after(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt (doubling, capped)."""
        return min(self.first_delay * (1 << max(attempts - 1, 0)), self.longest_delay)


@dataclass(frozen=True)
class Attempt:
    """One try at sending, and what came of it."""

    number: int
    at: datetime
    outcome: DeliveryStatus
    error: str | None = None


@dataclass(eq=False)
class Delivery:
    """One rendered notice for one recipient on one channel."""

    id: str
    event_id: str
    event_type: str
    rule: str
    case_number: str | None
    recipient: str
    """Who: a staff id, ``resident:<case number>``, or ``webhook:<subscription id>``."""
    recipient_place: str
    channel: DeliveryChannel
    address: str
    """Where: the staff id (inbox), the phone, the e-mail address or the webhook URL."""
    template: str
    subject: str
    text: str
    created_at: datetime
    not_before: datetime
    alarm: bool = False
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: list[Attempt] = field(default_factory=list)
    sent_at: datetime | None = None
    read_at: datetime | None = None
    error: str | None = None
    events: list[EventData] = field(default_factory=list, repr=False)

    @property
    def shown_address(self) -> str:
        """The address as responses and logs show it (a phone masked)."""
        return mask_phone(self.address) if self.channel is DeliveryChannel.SMS else self.address

    def hold_until(self, moment: datetime) -> None:
        """Send no earlier than ``moment`` (quiet hours)."""
        self.not_before = max(self.not_before, moment)

    def sent(self, at: datetime) -> None:
        """The channel took the notice."""
        self.attempts.append(Attempt(len(self.attempts) + 1, at, DeliveryStatus.SENT))
        self.status, self.sent_at, self.error = DeliveryStatus.SENT, at, None
        self.events.append(NotificationSentV1(
            notification_id=self.id, case_number=self.case_number,
            recipient=self.recipient, recipient_place=self.recipient_place,
            channel=self.channel.value, template=self.template, sent_at=at))

    def attempt_failed(self, at: datetime, reason: str, *, retry: bool,
                       policy: RetryPolicy) -> None:
        """The channel did not take it: retry after the policy's delay, or fail for good."""
        self.attempts.append(Attempt(len(self.attempts) + 1, at, DeliveryStatus.FAILED,
                                     reason))
        self.error = reason
        if retry and len(self.attempts) < policy.max_attempts:
            self.not_before = at + policy.delay_after(len(self.attempts))
            return
        self.fail(at, reason)

    def fail(self, at: datetime, reason: str) -> None:
        """No delivery will be tried again (dead-lettered)."""
        self.status, self.error = DeliveryStatus.FAILED, reason
        self.events.append(NotificationFailedV1(
            notification_id=self.id, case_number=self.case_number,
            recipient=self.recipient, recipient_place=self.recipient_place,
            channel=self.channel.value, template=self.template, reason=reason[:500],
            attempts=len(self.attempts), failed_at=at))

    def mark_read(self, at: datetime) -> None:
        """The owner read it in the inbox (the first reading counts)."""
        self.read_at = self.read_at or at
