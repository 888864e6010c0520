"""An integrating system's webhook endpoint: the event types it hears, signed per Standard
Webhooks with its own secret."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from daiban_notify.domain.errors import WebhookUrlNotHttp


def checked_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, else ``WebhookUrlNotHttp``."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or any(
            c.isspace() for c in url):
        raise WebhookUrlNotHttp
    return url


@dataclass(frozen=True)
class WebhookSubscription:
    """Where an integrating system wants events, and the secret notify signs them with."""

    id: str
    url: str
    event_types: tuple[str, ...]
    secret: str
    place_code: str
    created_at: datetime
    active: bool = True

    def hears(self, event_type: str) -> bool:
        return self.active and event_type in self.event_types
