"""The delivery log in Postgres."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_notify.adapters.orm import deliveries
from daiban_notify.domain.model import DeliveryChannel, Notification


class DeliveryLog:
    """Every notice and whether it went out."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def add(self, notification: Notification) -> None:
        """Record a notice (sent or not)."""
        n = notification
        await self._session.execute(deliveries.insert().values(
            id=n.id, case_number=n.case_number, recipient=n.recipient,
            recipient_place=n.recipient_place, channel=n.channel.value, template=n.template,
            text=n.text, sent_at=n.sent_at))
        self._seen.append(n)

    async def for_case(self, case_number: str) -> list[Notification]:
        """The notices about one case, oldest first."""
        rows = (await self._session.execute(
            select(deliveries).where(deliveries.c.case_number == case_number)
            .order_by(deliveries.c.sent_at))).mappings().all()
        return [Notification(r["id"], r["case_number"], r["recipient"], r["recipient_place"],
                             DeliveryChannel(r["channel"]), r["template"], r["text"],
                             r["sent_at"]) for r in rows]
