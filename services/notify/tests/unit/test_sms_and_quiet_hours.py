"""SMS follows the network's segment rule for Chinese and carries the sign-name; residents get
no SMS at night except alarms: what falls in the quiet hours waits for 08:00 China time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaBreachedV1
from daiban_notify.domain.quiet_hours import QuietHours
from daiban_notify.domain.sms_text import SmsText
from daiban_notify.ports import UnitOfWork

from .conftest import NIGHT, NUMBER, REF, Hear, deadline, started, submitted

EIGHT_NEXT_MORNING = datetime(2026, 12, 2, 0, tzinfo=UTC)


def test_seventy_characters_with_the_sign_name_are_one_message() -> None:
    sms = SmsText("代办", "字" * 66)
    assert (sms.length, sms.segments, sms.text[:4]) == (70, 1, "【代办】")
    assert sms.parts() == [sms.text]


def test_seventy_one_characters_are_two_parts_of_at_most_sixty_seven() -> None:
    sms = SmsText("代办", "字" * 67)
    assert (sms.length, sms.segments) == (71, 2)
    assert [len(p) for p in sms.parts()] == [67, 4]
    assert SmsText("代办", "字" * 130).segments == 2
    assert SmsText("代办", "字" * 131).segments == 3


def test_the_quiet_hours_run_from_nine_at_night_to_eight_in_the_morning_china_time() -> None:
    quiet = QuietHours()
    assert quiet.holds(NIGHT)
    assert not quiet.holds(datetime(2026, 12, 1, 12, 59, tzinfo=UTC))  # 20:59
    assert quiet.holds(datetime(2026, 12, 1, 13, tzinfo=UTC))  # 21:00
    assert quiet.holds(datetime(2026, 12, 1, 23, 59, tzinfo=UTC))  # 07:59
    assert not quiet.holds(EIGHT_NEXT_MORNING)  # 08:00
    assert quiet.next_morning(NIGHT) == EIGHT_NEXT_MORNING
    assert quiet.next_morning(datetime(2026, 12, 1, 18, tzinfo=UTC)) == EIGHT_NEXT_MORNING
    assert quiet.next_morning(EIGHT_NEXT_MORNING + timedelta(hours=3)) == \
        EIGHT_NEXT_MORNING + timedelta(hours=3)


async def test_a_residents_sms_recorded_at_night_waits_until_eight(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted(at=NIGHT), at=NIGHT)
    await hear(started(), at=NIGHT)
    async with county as uow:
        (sms,) = [d for d in await uow.deliveries.of_case(NUMBER) if d.channel.value == "sms"]
        assert sms.not_before == EIGHT_NEXT_MORNING
        assert await uow.deliveries.due(NIGHT + timedelta(hours=1), limit=10) == []
        assert [d.id for d in await uow.deliveries.due(EIGHT_NEXT_MORNING, limit=10)] == [
            sms.id]


async def test_a_red_light_sms_to_the_supervisor_goes_at_night_too(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted(at=NIGHT), at=NIGHT)
    await hear(SlaBreachedV1(case=REF, clock_id="c-1", stage=Tier.VILLAGE, deadline=deadline(),
                             at=NIGHT, place_code=REF.village_code), at=NIGHT)
    async with county as uow:
        (sms,) = [d for d in await uow.deliveries.of_case(NUMBER) if d.channel.value == "sms"]
    assert (sms.alarm, sms.not_before) == (True, NIGHT)
