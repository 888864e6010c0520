"""What staff read: their own in-app inbox, and the notices of a case in their jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.actor import Actor
from daiban_kernel.clock import Clock
from daiban_notify.domain.delivery import Delivery, DeliveryChannel
from daiban_notify.domain.errors import NotificationNotFound
from daiban_notify.ports import UnitOfWork


@dataclass(frozen=True)
class InboxOf:
    """The caller's in-app notices, newest first."""

    actor: Actor
    unread_only: bool
    limit: int


@dataclass(frozen=True)
class ReadNotice:
    """The caller has read one of their notices."""

    actor: Actor
    notification_id: str


@dataclass(frozen=True)
class NoticesOfCase:
    """The notices about a case, to recipients in the caller's jurisdiction."""

    actor: Actor
    case_number: str


async def inbox(query: InboxOf, uow: UnitOfWork) -> list[Delivery]:
    """The caller's in-app notices."""
    async with uow:
        return await uow.deliveries.inbox(query.actor.staff_id, unread_only=query.unread_only,
                                          limit=query.limit)


async def read_notice(cmd: ReadNotice, uow: UnitOfWork, *, clock: Clock) -> Delivery:
    """Mark one of the caller's in-app notices read (again: no change)."""
    async with uow:
        found = await uow.deliveries.get(cmd.notification_id)
        if found is None or found.channel is not DeliveryChannel.INBOX or \
                found.recipient != cmd.actor.staff_id:
            raise NotificationNotFound(f"no notice {cmd.notification_id} in your inbox")
        found.mark_read(clock())
        await uow.deliveries.save(found)
        await uow.commit()
        return found


async def notices_of_case(query: NoticesOfCase, uow: UnitOfWork) -> list[Delivery]:
    """Every notice about the case whose recipient lies in the caller's jurisdiction."""
    async with uow:
        found = await uow.deliveries.of_case(query.case_number)
    return [d for d in found if query.actor.covers(d.recipient_place)]
