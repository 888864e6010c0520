"""A notice to someone who must hear about a case, and its delivery."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from daiban_kernel.contracts.notification import NotificationSentV1
from daiban_kernel.events import EventData


class DeliveryChannel(StrEnum):
    INBOX = "inbox"
    SMS = "sms"
    EMAIL = "email"


@dataclass(eq=False)
class Notification:
    """One rendered notice for one recipient on one channel."""

    id: str
    case_number: str | None
    recipient: str
    recipient_place: str
    channel: DeliveryChannel
    template: str
    text: str
    sent_at: datetime | None = None
    events: list[EventData] = field(default_factory=list, repr=False)

    def mark_sent(self, at: datetime) -> None:
        """The channel accepted the notice."""
        self.sent_at = at
        self.events.append(NotificationSentV1(
            notification_id=self.id, case_number=self.case_number, recipient=self.recipient,
            recipient_place=self.recipient_place, channel=self.channel.value,
            template=self.template, sent_at=at,
        ))
