"""Notify's wire models: phones masked, never the webhook secret except once at creation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from daiban_notify.domain.delivery import Delivery, DeliveryChannel
from daiban_notify.domain.preferences import MUTABLE, Preferences
from daiban_notify.domain.webhook_subscription import WebhookSubscription
from daiban_notify.handlers import Preview


class NotificationOut(BaseModel):
    """One notice: to whom, on which channel, and what became of it."""

    id: str
    case_number: str | None
    recipient: str
    address: str = Field(description="where it went; a phone masked")
    channel: str
    template: str
    text: str
    status: str = Field(description="pending, sent or failed")
    attempts: int
    error: str | None
    sent_at: datetime | None

    @classmethod
    def from_domain(cls, d: Delivery) -> NotificationOut:
        return cls(id=d.id, case_number=d.case_number, recipient=d.recipient,
                   address=d.shown_address, channel=d.channel.value, template=d.template,
                   text=d.text, status=d.status.value, attempts=len(d.attempts),
                   error=d.error, sent_at=d.sent_at)


class InboxItemOut(BaseModel):
    """One in-app notice of the caller."""

    id: str
    case_number: str | None
    rule: str
    text: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_domain(cls, d: Delivery) -> InboxItemOut:
        return cls(id=d.id, case_number=d.case_number, rule=d.rule, text=d.text,
                   created_at=d.created_at, read_at=d.read_at)


class TemplateOut(BaseModel):
    name: str
    channel: str


class PreviewIn(BaseModel):
    """Sample values for a template (``event`` as the event's JSON)."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, Any] = Field(default_factory=dict)


class PreviewOut(BaseModel):
    text: str
    length: int = Field(description="characters, the sign-name included for SMS")
    segments: int = Field(description="messages the network sends (SMS: 70, or 67 per part)")

    @classmethod
    def from_domain(cls, p: Preview) -> PreviewOut:
        return cls(text=p.text, length=p.length, segments=p.segments)


class WebhookIn(BaseModel):
    """An endpoint and the event types it wants."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2000)
    event_types: list[str] = Field(min_length=1, max_length=50)


class WebhookOut(BaseModel):
    """A subscription; ``secret`` verifies the ``webhook-signature`` header."""

    id: str
    url: str
    event_types: list[str]
    secret: str
    created_at: datetime

    @classmethod
    def from_domain(cls, s: WebhookSubscription) -> WebhookOut:
        return cls(id=s.id, url=s.url, event_types=list(s.event_types), secret=s.secret,
                   created_at=s.created_at)



class PreferencesIn(BaseModel):
    """The channels the caller mutes (all others, and every alarm, still reach them)."""

    model_config = ConfigDict(extra="forbid")

    muted: list[DeliveryChannel] = Field(max_length=4, examples=[["sms"]])


class PreferencesOut(BaseModel):
    """The caller's muted channels; alarms (red light, escalation, timeout default) are never
    muted, and the inbox keeps every notice."""

    staff_id: str
    muted: list[DeliveryChannel]
    mutable: list[DeliveryChannel] = Field(description="the channels that can be muted")
    updated_at: datetime | None

    @classmethod
    def from_domain(cls, p: Preferences) -> PreferencesOut:
        return cls(staff_id=p.staff_id, muted=sorted(p.muted), mutable=sorted(MUTABLE),
                   updated_at=p.updated_at)
