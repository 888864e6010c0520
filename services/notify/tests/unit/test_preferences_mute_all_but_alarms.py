"""A member may mute SMS and e-mail; the inbox keeps every notice, and alarms (red light,
escalation, timeout default) reach every channel of their rule whatever was muted."""

from __future__ import annotations

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import ComplaintFiledV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaBreachedV1, SlaEscalatedV1, SlaTimedOutV1
from daiban_kernel.roles import Role
from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.errors import ChannelNotMutable
from daiban_notify.handlers import PreferencesOf, SetPreferences, preferences_of, set_preferences
from daiban_notify.ports import UnitOfWork

from .conftest import COUNTY, MORNING, NUMBER, REF, TOWN, Hear, deadline, submitted

SUP_TOWN = Actor(staff_id="sup-town", role=Role.SUPERVISOR, place=TOWN, name="陈静")
SUP_COUNTY = Actor(staff_id="sup-county", role=Role.SUPERVISOR, place=COUNTY, name="孙伟")
SMS, EMAIL, INBOX = DeliveryChannel.SMS, DeliveryChannel.EMAIL, DeliveryChannel.INBOX


async def mute(uow: UnitOfWork, actor: Actor, *channels: DeliveryChannel) -> None:
    await set_preferences(SetPreferences(actor, frozenset(channels)), uow,
                          clock=lambda: MORNING)


async def channels_of(uow: UnitOfWork, staff_id: str) -> list[tuple[str, str]]:
    async with uow:
        return sorted((d.rule, d.channel.value) for d in await uow.deliveries.of_case(NUMBER)
                      if d.recipient == staff_id)


async def test_a_muted_email_is_not_sent_and_the_inbox_copy_still_is(
    hear: Hear, county: UnitOfWork,
) -> None:
    await mute(county, SUP_TOWN, EMAIL, SMS)
    await hear(submitted())
    await hear(ComplaintFiledV1(complaint_id="cp-1", case_number=NUMBER,
                                place_code=REF.village_code, summary="多次跑腿", at=MORNING))
    assert await channels_of(county, "sup-town") == [("complaint_to_supervisor", "inbox")]


async def test_alarms_reach_every_channel_of_their_rule_whatever_was_muted(
    hear: Hear, county: UnitOfWork,
) -> None:
    await mute(county, SUP_TOWN, EMAIL, SMS)
    await mute(county, SUP_COUNTY, EMAIL, SMS)
    await hear(submitted())
    await hear(SlaBreachedV1(case=REF, clock_id="c-0", stage=Tier.VILLAGE, at=MORNING,
                             deadline=deadline(), place_code=REF.village_code))
    await hear(SlaTimedOutV1(case=REF, clock_id="c-1", stage=Tier.VILLAGE, at=MORNING,
                             deadline=deadline(), place_code=REF.village_code))
    await hear(SlaEscalatedV1(case=REF, clock_id="c-0", stage=Tier.VILLAGE, at=MORNING,
                              deadline=deadline(), place_code=REF.village_code,
                              to_place=COUNTY))
    assert await channels_of(county, "sup-town") == [
        ("red_sms_to_supervisor", "sms"), ("red_to_supervisor", "inbox"),
        ("timeout_to_supervisor", "inbox")]
    assert await channels_of(county, "sup-county") == [
        ("escalated_mail_to_supervisor", "email"), ("escalated_to_supervisor", "inbox")]


async def test_unmuting_lets_the_channel_through_again_and_the_caller_reads_her_choice(
    hear: Hear, county: UnitOfWork,
) -> None:
    assert (await preferences_of(PreferencesOf(SUP_TOWN), county)).muted == frozenset()
    await mute(county, SUP_TOWN, EMAIL)
    assert (await preferences_of(PreferencesOf(SUP_TOWN), county)).muted == {EMAIL}
    await mute(county, SUP_TOWN)
    await hear(submitted())
    await hear(ComplaintFiledV1(complaint_id="cp-1", case_number=NUMBER,
                                place_code=REF.village_code, summary="多次跑腿", at=MORNING))
    assert await channels_of(county, "sup-town") == [
        ("complaint_mail_to_supervisor", "email"), ("complaint_to_supervisor", "inbox")]


@pytest.mark.parametrize("channel", [INBOX, DeliveryChannel.WEBHOOK])
async def test_the_inbox_and_webhooks_cannot_be_muted(
    county: UnitOfWork, channel: DeliveryChannel,
) -> None:
    with pytest.raises(ChannelNotMutable) as refused:
        await mute(county, SUP_TOWN, SMS, channel)
    (problem,) = refused.value.problems
    assert problem.field == "muted"
    assert channel.value in problem.reason
    assert (await preferences_of(PreferencesOf(SUP_TOWN), county)).muted == frozenset()
