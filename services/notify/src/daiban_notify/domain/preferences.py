"""A staff member's choice of channels: which non-alarm channels they have muted.

Only SMS and e-mail can be muted; the in-app inbox keeps every notice (it is the record of what a
member was told), and alarms (red light, escalation, timeout default) reach every channel of
their rule whatever the member chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.errors import ChannelNotMutable

MUTABLE = frozenset({DeliveryChannel.SMS, DeliveryChannel.EMAIL})
"""The channels a member may mute."""


@dataclass
class Preferences:
    """One member's muted channels (none until they choose)."""

    staff_id: str
    muted: frozenset[DeliveryChannel] = frozenset()
    updated_at: datetime | None = None

    def mute_only(self, channels: frozenset[DeliveryChannel], at: datetime) -> None:
        """Mute exactly ``channels`` (the empty set unmutes all); the inbox and webhooks cannot
        be muted."""
        refused = sorted(channels - MUTABLE)
        if refused:
            raise ChannelNotMutable([c.value for c in refused])
        self.muted, self.updated_at = channels, at

    def hears(self, channel: DeliveryChannel, *, alarm: bool) -> bool:
        """Whether a notice on ``channel`` reaches the member (an alarm always does)."""
        return alarm or channel not in self.muted
