"""Webhook subscriptions of integrating systems."""

from __future__ import annotations

from fastapi import APIRouter, status

from daiban_common.idempotency import RetryKey
from daiban_notify.api.deps import Admin, IdempotencyKey, NotifyCommands
from daiban_notify.api.schemas import WebhookIn, WebhookOut
from daiban_notify.handlers import SubscribeWebhook

router = APIRouter(prefix="/v1", tags=["webhooks"])


@router.post("/webhooks", response_model=WebhookOut, status_code=status.HTTP_201_CREATED)
async def subscribe(actor: Admin, commands: NotifyCommands, body: WebhookIn,
                    idempotency_key: IdempotencyKey = None) -> WebhookOut:
    """Subscribe an http(s) endpoint to event types; the answer carries its signing secret."""
    retry = RetryKey.of(principal=actor.staff_id, key=idempotency_key, request=body.model_dump())
    return WebhookOut.from_domain(await commands.subscribe_webhook(
        SubscribeWebhook(actor, body.url, tuple(body.event_types), retry)))
