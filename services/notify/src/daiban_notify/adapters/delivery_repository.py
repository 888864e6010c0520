"""The delivery log in Postgres: notices, their attempts, their state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, Select, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_notify.adapters.orm import deliveries, delivery_attempts
from daiban_notify.domain.delivery import Attempt, Delivery, DeliveryChannel, DeliveryStatus

_STATE = ("status", "not_before", "sent_at", "read_at", "error")


class PostgresDeliveryRepository:
    """Every notice and whether it went out; read notices are tracked for their events."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def add(self, delivery: Delivery) -> bool:
        """Record a new notice; False when its id is recorded already."""
        d = delivery
        row = (await self._session.execute(insert(deliveries).values(
            id=d.id, event_id=d.event_id, event_type=d.event_type, rule=d.rule,
            case_number=d.case_number, recipient=d.recipient, recipient_place=d.recipient_place,
            channel=d.channel.value, address=d.address, template=d.template, subject=d.subject,
            text=d.text, alarm=d.alarm, status=d.status.value, created_at=d.created_at,
            not_before=d.not_before, sent_at=d.sent_at, read_at=d.read_at, error=d.error,
        ).on_conflict_do_nothing(index_elements=["id"]).returning(deliveries.c.id))).first()
        if row is None:
            return False
        await self._add_attempts(d, d.attempts)
        self._seen.append(d)
        return True

    async def due(self, now: datetime, *, limit: int) -> list[Delivery]:
        """Pending notices whose time has come, locked, the held ones skipped."""
        query = (select(deliveries).where(deliveries.c.status == DeliveryStatus.PENDING.value,
                                          deliveries.c.not_before <= now)
                 .order_by(deliveries.c.not_before, deliveries.c.id).limit(limit)
                 .with_for_update(skip_locked=True))
        return await self._load(query)

    async def save(self, delivery: Delivery) -> None:
        """Store the state and the attempts not stored yet."""
        d = delivery
        await self._session.execute(deliveries.update().where(deliveries.c.id == d.id).values(
            status=d.status.value, not_before=d.not_before, sent_at=d.sent_at,
            read_at=d.read_at, error=d.error))
        stored = (await self._session.execute(
            select(func.count()).select_from(delivery_attempts)
            .where(delivery_attempts.c.delivery_id == d.id))).scalar_one()
        await self._add_attempts(d, d.attempts[stored:])

    async def get(self, delivery_id: str) -> Delivery | None:
        """A notice, or None."""
        found = await self._load(select(deliveries).where(deliveries.c.id == delivery_id))
        return found[0] if found else None

    async def of_case(self, case_number: str) -> list[Delivery]:
        """The notices about one case, in recording order."""
        return await self._load(select(deliveries)
                                .where(deliveries.c.case_number == case_number)
                                .order_by(deliveries.c.created_at, deliveries.c.id))

    async def inbox(self, owner: str, *, unread_only: bool, limit: int) -> list[Delivery]:
        """The in-app notices of ``owner``, newest first."""
        query = select(deliveries).where(deliveries.c.channel == DeliveryChannel.INBOX.value,
                                         deliveries.c.recipient == owner)
        if unread_only:
            query = query.where(deliveries.c.read_at.is_(None))
        return await self._load(query.order_by(deliveries.c.created_at.desc(),
                                               deliveries.c.id.desc()).limit(limit))

    async def oldest_due(self, now: datetime) -> datetime | None:
        """Since when the longest-waiting due notice has been due."""
        found: datetime | None = (await self._session.execute(
            select(func.min(deliveries.c.not_before))
            .where(deliveries.c.status == DeliveryStatus.PENDING.value,
                   deliveries.c.not_before <= now))).scalar_one()
        return found

    async def _add_attempts(self, delivery: Delivery, attempts: Sequence[Attempt]) -> None:
        if attempts:
            await self._session.execute(delivery_attempts.insert(), [
                {"delivery_id": delivery.id, "number": a.number, "at": a.at,
                 "outcome": a.outcome.value, "error": a.error} for a in attempts])

    async def _load(self, query: Select[Any]) -> list[Delivery]:
        rows = (await self._session.execute(query)).mappings().all()
        if not rows:
            return []
        attempts: dict[str, list[Attempt]] = {}
        for a in (await self._session.execute(
                select(delivery_attempts)
                .where(delivery_attempts.c.delivery_id.in_([r["id"] for r in rows]))
                .order_by(delivery_attempts.c.number))).mappings():
            attempts.setdefault(a["delivery_id"], []).append(
                Attempt(a["number"], a["at"], DeliveryStatus(a["outcome"]), a["error"]))
        found = [_delivery(r, attempts.get(r["id"], [])) for r in rows]
        self._seen.extend(found)
        return found


def _delivery(r: RowMapping, attempts: list[Attempt]) -> Delivery:
    return Delivery(
        id=r["id"], event_id=r["event_id"], event_type=r["event_type"], rule=r["rule"],
        case_number=r["case_number"], recipient=r["recipient"],
        recipient_place=r["recipient_place"], channel=DeliveryChannel(r["channel"]),
        address=r["address"], template=r["template"], subject=r["subject"], text=r["text"],
        created_at=r["created_at"], not_before=r["not_before"], alarm=r["alarm"],
        status=DeliveryStatus(r["status"]), attempts=attempts, sent_at=r["sent_at"],
        read_at=r["read_at"], error=r["error"])
