"""Integrating systems subscribe a webhook endpoint to event types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from daiban_common.idempotency import RetryKey
from daiban_kernel.actor import Actor
from daiban_kernel.clock import Clock, Ids
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_notify.domain.errors import NotificationNotFound
from daiban_notify.domain.rules import heard_contracts
from daiban_notify.domain.webhook_subscription import WebhookSubscription, checked_url
from daiban_notify.ports import UnitOfWork


@dataclass(frozen=True)
class SubscribeWebhook:
    """An endpoint and the event types it wants."""

    actor: Actor
    url: str
    event_types: tuple[str, ...]
    retry: RetryKey | None = None


def hearable_event_types() -> frozenset[str]:
    """The event types notify hears, and so can offer to webhooks."""
    return frozenset(c.event_type for c in heard_contracts())


async def subscribe_webhook(cmd: SubscribeWebhook, uow: UnitOfWork, *, clock: Clock, ids: Ids,
                            new_secret: Callable[[], str]) -> WebhookSubscription:
    """Store the subscription with a fresh secret (a retry under the same key returns it)."""
    url = checked_url(cmd.url)
    unknown = sorted(set(cmd.event_types) - hearable_event_types())
    if unknown:
        raise InvalidInput(FieldProblem("event_types", f"notify does not hear {unknown[0]}"))
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                found = await uow.webhooks.get(retry.prior)
                if found is None:
                    raise NotificationNotFound(f"no webhook subscription {retry.prior}")
                return found
            subscription = WebhookSubscription(
                id=ids(), url=url, event_types=tuple(sorted(set(cmd.event_types))),
                secret=new_secret(), place_code=cmd.actor.place, created_at=clock())
            await uow.webhooks.add(subscription)
            retry.record(subscription.id)
        await uow.commit()
    return subscription
