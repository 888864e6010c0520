"""DeliveryRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from daiban_notify.domain.delivery import DeliveryChannel, DeliveryStatus, RetryPolicy
from daiban_notify.ports import UnitOfWork

from .conftest import AT, a_case_number, a_delivery, an_id


async def test_a_notice_is_recorded_once_and_a_second_add_is_refused(
    units: Callable[[], UnitOfWork],
) -> None:
    notice = a_delivery(case_number=a_case_number())
    async with units() as uow:
        assert await uow.deliveries.add(notice)
        await uow.commit()
    async with units() as uow:
        assert not await uow.deliveries.add(replace(notice, events=[]))
        found = await uow.deliveries.get(notice.id)
        assert found is not None
        assert (found.status, found.address, found.text) == (
            DeliveryStatus.PENDING, "13800138000", "【代办】测试")


async def test_due_notices_are_those_pending_whose_time_has_come(
    units: Callable[[], UnitOfWork],
) -> None:
    far = AT - timedelta(days=3650)
    now_due, later = a_delivery(at=far), a_delivery(at=far)
    later.hold_until(far + timedelta(hours=1))
    async with units() as uow:
        for notice in (now_due, later):
            await uow.deliveries.add(notice)
        await uow.commit()
    async with units() as uow:
        due = [d.id for d in await uow.deliveries.due(far + timedelta(minutes=1), limit=1000)]
        assert now_due.id in due
        assert later.id not in due


async def test_attempts_and_state_survive_a_save(units: Callable[[], UnitOfWork]) -> None:
    notice = a_delivery(case_number=a_case_number())
    async with units() as uow:
        await uow.deliveries.add(notice)
        await uow.commit()
    policy = RetryPolicy(max_attempts=2)
    async with units() as uow:
        found = await uow.deliveries.get(notice.id)
        assert found is not None
        found.attempt_failed(AT, "provider down", retry=True, policy=policy)
        await uow.deliveries.save(found)
        await uow.commit()
    async with units() as uow:
        found = await uow.deliveries.get(notice.id)
        assert found is not None
        assert [(a.number, a.outcome, a.error) for a in found.attempts] == [
            (1, DeliveryStatus.FAILED, "provider down")]
        assert found.not_before == AT + policy.first_delay
        found.sent(AT + timedelta(minutes=1))
        await uow.deliveries.save(found)
        await uow.commit()
    async with units() as uow:
        found = await uow.deliveries.get(notice.id)
        assert found is not None
        assert found.status is DeliveryStatus.SENT
        assert [a.outcome for a in found.attempts] == [DeliveryStatus.FAILED,
                                                       DeliveryStatus.SENT]


async def test_a_case_lists_its_notices_and_an_owner_their_inbox(
    units: Callable[[], UnitOfWork],
) -> None:
    number, owner = a_case_number(), f"s-{an_id()[:12]}"
    first = a_delivery(case_number=number, recipient=owner, channel=DeliveryChannel.INBOX)
    second = a_delivery(case_number=number, recipient=owner, channel=DeliveryChannel.INBOX,
                        at=AT + timedelta(minutes=1))
    sms = a_delivery(case_number=number)
    async with units() as uow:
        for notice in (first, second, sms):
            await uow.deliveries.add(notice)
        await uow.commit()
    async with units() as uow:
        assert [d.id for d in await uow.deliveries.of_case(number)] == [
            d.id for d in sorted((first, sms, second), key=lambda d: (d.created_at, d.id))]
        assert [d.id for d in await uow.deliveries.inbox(owner, unread_only=False,
                                                         limit=10)] == [second.id, first.id]
        read = await uow.deliveries.get(second.id)
        assert read is not None
        read.mark_read(AT)
        await uow.deliveries.save(read)
        await uow.commit()
    async with units() as uow:
        assert [d.id for d in await uow.deliveries.inbox(owner, unread_only=True,
                                                         limit=10)] == [first.id]
        assert await uow.deliveries.get(an_id()) is None


async def test_the_longest_waiting_due_notice_is_known_and_a_held_one_is_not_due(
    units: Callable[[], UnitOfWork],
) -> None:
    long_ago = AT - timedelta(days=36500)
    old, held = a_delivery(at=long_ago), a_delivery(at=long_ago - timedelta(days=1))
    held.hold_until(long_ago + timedelta(hours=10))
    async with units() as uow:
        await uow.deliveries.add(old)
        await uow.deliveries.add(held)
        await uow.commit()
    async with units() as uow:
        assert await uow.deliveries.oldest_due(long_ago + timedelta(hours=1)) == long_ago
        assert await uow.deliveries.oldest_due(long_ago - timedelta(days=2)) is None
