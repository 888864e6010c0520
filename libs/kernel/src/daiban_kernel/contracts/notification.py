"""Events about notices sent to residents and staff."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.events import EventData, registry
from daiban_kernel.places import PLACE_CODE


@registry.register
class NotificationSentV1(EventData):
    """A notice was delivered on a channel (in-app, SMS, e-mail)."""

    event_type = "notification.sent"
    version = 1

    notification_id: str = Field(min_length=1, max_length=64)
    case_number: str | None = Field(default=None, pattern=CASE_NUMBER)
    recipient: str = Field(min_length=1, max_length=64, description="staff id or masked phone")
    recipient_place: str = Field(pattern=PLACE_CODE, description="the recipient's place")
    channel: str = Field(pattern=r"^(inbox|sms|email)$")
    template: str = Field(min_length=1, max_length=64)
    sent_at: datetime

    def subject(self) -> str | None:
        return self.case_number

    def place(self) -> str:
        return self.recipient_place
