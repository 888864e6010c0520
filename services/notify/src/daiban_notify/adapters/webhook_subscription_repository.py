"""Integrating systems' webhook endpoints in Postgres."""

from __future__ import annotations

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_notify.adapters.orm import webhook_subscriptions
from daiban_notify.domain.webhook_subscription import WebhookSubscription


class PostgresWebhookSubscriptionRepository:
    """Subscriptions, by id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, subscription: WebhookSubscription) -> None:
        """Store a new subscription."""
        s = subscription
        await self._session.execute(webhook_subscriptions.insert().values(
            id=s.id, url=s.url, event_types=list(s.event_types), secret=s.secret,
            place_code=s.place_code, created_at=s.created_at, active=s.active))

    async def get(self, subscription_id: str) -> WebhookSubscription | None:
        """A subscription, or None."""
        t = webhook_subscriptions
        row = (await self._session.execute(
            select(t).where(t.c.id == subscription_id))).mappings().first()
        return None if row is None else _subscription(row)

    async def hearing(self, event_type: str) -> list[WebhookSubscription]:
        """The active subscriptions to ``event_type``."""
        t = webhook_subscriptions
        rows = (await self._session.execute(
            select(t).where(t.c.active, t.c.event_types.contains([event_type]))
            .order_by(t.c.id))).mappings().all()
        return [_subscription(r) for r in rows]


def _subscription(r: RowMapping) -> WebhookSubscription:
    return WebhookSubscription(id=r["id"], url=r["url"], event_types=tuple(r["event_types"]),
                               secret=r["secret"], place_code=r["place_code"],
                               created_at=r["created_at"], active=r["active"])
