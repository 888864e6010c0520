"""Webhooks signed per the Standard Webhooks specification: ``webhook-id`` (the notice's id,
the same on every retry, so receivers deduplicate), ``webhook-timestamp`` and
``webhook-signature`` (``v1,`` HMAC-SHA256 of ``id.timestamp.body``)."""

from __future__ import annotations

import base64
import secrets

import httpx
from standardwebhooks.webhooks import Webhook

from daiban_notify.domain.errors import ChannelUnavailable, DeliveryRefused
from daiban_notify.ports import OutgoingMessage

RETRIED = frozenset({408, 409, 425, 429})
"""4xx answers that mean "later"."""


def new_webhook_secret() -> str:
    """A fresh signing secret, ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class StandardWebhookSender:
    """POSTs each notice's JSON body, signed with its subscription's secret."""

    def __init__(self, *, timeout_seconds: float = 10.0) -> None:
        self._timeout = timeout_seconds

    async def send(self, message: OutgoingMessage) -> None:
        """One POST; 2xx is delivered, other 4xx refused, the rest retried."""
        if message.secret is None:
            raise DeliveryRefused("the subscription has no secret")
        headers = {
            "content-type": "application/json",
            "webhook-id": message.delivery_id,
            "webhook-timestamp": str(int(message.sent_at.timestamp())),
            "webhook-signature": Webhook(message.secret).sign(
                message.delivery_id, message.sent_at, message.text),
        }
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(message.address, content=message.text.encode(),
                                             headers=headers)
        except httpx.HTTPError as error:
            raise ChannelUnavailable(f"webhook receiver unreachable: {type(error).__name__}"
                                     ) from error
        if response.is_success:
            return
        if 400 <= response.status_code < 500 and response.status_code not in RETRIED:
            raise DeliveryRefused(f"webhook receiver refused: {response.status_code}")
        raise ChannelUnavailable(f"webhook receiver answered {response.status_code}")
