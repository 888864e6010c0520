"""The dispatcher sends what is due, retries what the channel could not take after a growing
delay, fails for good what it refused or what used every attempt, and never sends a notice
twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from daiban_kernel.contracts.notification import NotificationFailedV1, NotificationSentV1
from daiban_kernel.events import EventData
from daiban_notify.domain.delivery import DeliveryChannel, DeliveryStatus, RetryPolicy
from daiban_notify.domain.errors import ChannelUnavailable, DeliveryRefused
from daiban_notify.domain.quiet_hours import QuietHours
from daiban_notify.handlers import DispatchDue, Dispatching, dispatch_due
from daiban_notify.ports import OutgoingMessage, UnitOfWork

from .conftest import MORNING, NIGHT, PHONE, Hear, submitted

POLICY = RetryPolicy(first_delay=timedelta(seconds=30), longest_delay=timedelta(minutes=5),
                     max_attempts=3)


class Phone:
    """An SMS channel that is down for the first ``down`` sends, or refuses every one."""

    def __init__(self, *, down: int = 0, refuse: bool = False) -> None:
        self.down, self.refuse = down, refuse
        self.received: list[OutgoingMessage] = []

    async def send(self, message: OutgoingMessage) -> None:
        if self.refuse:
            raise DeliveryRefused("isv.MOBILE_NUMBER_ILLEGAL")
        if self.down > 0:
            self.down -= 1
            raise ChannelUnavailable("provider unreachable")
        self.received.append(message)


async def _accepted_sms(hear: Hear) -> None:
    from .conftest import started

    await hear(submitted())
    await hear(started())


async def _dispatch(uow: UnitOfWork, phone: Phone, at: datetime) -> list[EventData]:
    before = len(_committed(uow))
    await dispatch_due(DispatchDue(10), uow, clock=lambda: at, dispatching=Dispatching(
        channels={DeliveryChannel.SMS: phone}, quiet=QuietHours(), policy=POLICY))
    return _committed(uow)[before:]


def _committed(uow: UnitOfWork) -> list[EventData]:
    committed = getattr(uow, "committed")  # noqa: B009 - the fake's record of commits
    assert isinstance(committed, list)
    return committed


async def test_a_due_sms_is_sent_once_with_the_residents_phone(
    hear: Hear, county: UnitOfWork,
) -> None:
    await _accepted_sms(hear)
    phone = Phone()
    (sent,) = await _dispatch(county, phone, MORNING)
    assert isinstance(sent, NotificationSentV1)
    assert sent.channel == "sms"
    assert await _dispatch(county, phone, MORNING + timedelta(hours=1)) == []
    (message,) = phone.received
    assert message.address == PHONE
    assert message.text.startswith("【代办】李林珍您好")


async def test_a_provider_down_is_retried_after_a_growing_delay_and_the_sms_goes_once(
    hear: Hear, county: UnitOfWork,
) -> None:
    await _accepted_sms(hear)
    phone = Phone(down=2)
    assert await _dispatch(county, phone, MORNING) == []
    assert await _dispatch(county, phone, MORNING + timedelta(seconds=29)) == []
    assert await _dispatch(county, phone, MORNING + timedelta(seconds=30)) == []
    assert await _dispatch(county, phone, MORNING + timedelta(seconds=89)) == []
    (sent,) = await _dispatch(county, phone, MORNING + timedelta(seconds=90))
    assert isinstance(sent, NotificationSentV1)
    assert len(phone.received) == 1
    async with county as uow:
        (sms,) = [d for d in await uow.deliveries.of_case(sent.case_number or "")
                  if d.channel is DeliveryChannel.SMS]
    assert [a.outcome for a in sms.attempts] == [DeliveryStatus.FAILED, DeliveryStatus.FAILED,
                                                 DeliveryStatus.SENT]


async def test_every_attempt_used_fails_the_notice_for_good(
    hear: Hear, county: UnitOfWork,
) -> None:
    await _accepted_sms(hear)
    phone = Phone(down=99)
    failed: list[EventData] = []
    for minute in range(0, 60, 1):
        failed += await _dispatch(county, phone, MORNING + timedelta(minutes=minute))
    (dead,) = failed
    assert isinstance(dead, NotificationFailedV1)
    assert (dead.attempts, dead.reason) == (3, "provider unreachable")


async def test_a_refused_number_fails_at_once_without_retry(
    hear: Hear, county: UnitOfWork,
) -> None:
    await _accepted_sms(hear)
    (failed,) = await _dispatch(county, Phone(refuse=True), MORNING)
    assert isinstance(failed, NotificationFailedV1)
    assert (failed.attempts, failed.reason) == (1, "isv.MOBILE_NUMBER_ILLEGAL")


async def test_a_due_sms_found_at_night_waits_for_the_morning(
    hear: Hear, county: UnitOfWork,
) -> None:
    await _accepted_sms(hear)
    phone = Phone()
    assert await _dispatch(county, phone, NIGHT) == []
    assert phone.received == []
    async with county as uow:
        assert await uow.deliveries.due(NIGHT + timedelta(hours=9), limit=10) == []
