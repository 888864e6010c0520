"""Events about notices sent to residents and staff."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.events import EventData, registry
from daiban_kernel.places import PLACE_CODE


class _NotificationEvent(EventData):
    notification_id: str = Field(min_length=1, max_length=64)
    case_number: str | None = Field(default=None, pattern=CASE_NUMBER)
    recipient: str = Field(min_length=1, max_length=64,
                           description="a staff id, resident:<case number> or "
                                       "webhook:<subscription id>; never a phone number")
    recipient_place: str = Field(pattern=PLACE_CODE, description="the recipient's place")
    channel: str = Field(pattern=r"^(inbox|sms|email|webhook)$")
    template: str = Field(min_length=1, max_length=64)

    def subject(self) -> str | None:
        return self.case_number

    def place(self) -> str:
        return self.recipient_place


@registry.register
class NotificationSentV1(_NotificationEvent):
    """A notice was delivered on a channel (in-app, SMS, e-mail, webhook)."""

    event_type = "notification.sent"
    version = 1

    sent_at: datetime


@registry.register
class NotificationFailedV1(_NotificationEvent):
    """A notice could not be delivered: refused for good, or every retry used (dead-lettered)."""

    event_type = "notification.failed"
    version = 1

    reason: str = Field(min_length=1, max_length=500)
    attempts: int = Field(ge=0)
    failed_at: datetime
