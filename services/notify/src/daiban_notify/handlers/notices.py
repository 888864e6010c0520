"""From an event to notices: the rules that hear it, the people of each rule's audience, the text
of each notice; every notice recorded as a pending delivery (in-app ones delivered at once: the
inbox is the delivery log itself). Runs inside the consumer's transaction; sends nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from daiban_kernel.clock import Clock
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseEvent,
    CaseRatedV1,
    CaseSubmittedV1,
    CaseTakenOverV1,
    ComplaintFiledV1,
)
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseAssignedV1,
    CaseHandedOverV1,
    CaseHandoverRemindedV1,
    CaseResultDeliveredV1,
)
from daiban_kernel.contracts.sla import SlaComplaintOverdueV1, SlaEscalatedV1, SlaStartedV1
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceCode, PlaceTier
from daiban_kernel.roles import Role
from daiban_notify.domain.case_file import CaseFile
from daiban_notify.domain.delivery import Delivery, DeliveryChannel, delivery_id
from daiban_notify.domain.errors import (
    CaseNotYetSubmitted,
    RatingLinkNotMinted,
    TemplateNotFound,
    TemplateValuesMissing,
)
from daiban_notify.domain.quiet_hours import QuietHours
from daiban_notify.domain.rating_invitation import RatingLinks
from daiban_notify.domain.rules import Audience, Rule, rules_for
from daiban_notify.domain.sms_text import SmsText
from daiban_notify.domain.staff_member import StaffMember, supervisor_place
from daiban_notify.ports import ContactOpener, TemplateRenderer, UnitOfWork

TIER_PLACE = {Tier.VILLAGE: PlaceTier.VILLAGE, Tier.TOWN: PlaceTier.TOWN,
              Tier.COUNTY: PlaceTier.COUNTY, Tier.DEPARTMENT: PlaceTier.COUNTY}
WAIT_FOR_SUBMISSION = frozenset({Audience.RESIDENT, Audience.AGENT})
"""Audiences whose person (the applicant's phone, the agent who took the case) comes with
``case.submitted``: a case's event for them waits until notify has heard it."""
NO_MATTER_NAME = "所办事项"
"""How a notice names a matter notify has not heard of yet."""


@dataclass(frozen=True)
class NoticeWriting:
    """What turning events into notices needs: the templates, the key to residents' phones,
    the quiet hours, the SMS sign-name, the clock notices are recorded by, and how rating
    links are minted (none: the "please rate" SMS fails for want of its link)."""

    templates: TemplateRenderer
    contacts: ContactOpener | None
    quiet: QuietHours
    sign_name: str
    clock: Clock
    rating_links: RatingLinks | None = None


@dataclass(frozen=True)
class Recipient:
    """One person a rule reaches, and where (None: no address on that channel)."""

    id: str
    place: str
    name: str
    address: str | None


async def notice_event(event: EventData, uow: UnitOfWork, *, event_id: str, at: datetime,
                       writing: NoticeWriting) -> None:
    """Record the notices the rule table gives for ``event`` (and its webhook deliveries), at
    the clock's time (``at``, when the event happened, orders nothing here)."""
    del at
    at = writing.clock()
    case_file = await _case_file(event, uow, writing)
    rules = rules_for(event)
    number = _case_number(event)
    if number is not None and any(r.audience in WAIT_FOR_SUBMISSION for r in rules) and (
            case_file is None or not case_file.heard_submission):
        raise CaseNotYetSubmitted(number)
    for rule in rules:
        for recipient in await _audience(rule, event, case_file, uow):
            if not await _hears(rule, recipient, uow):
                continue
            await _record(rule, event, recipient, case_file, uow, event_id=event_id, at=at,
                          writing=writing)
    await _offer_to_webhooks(event, uow, event_id=event_id, at=at)


async def _case_file(event: EventData, uow: UnitOfWork, writing: NoticeWriting
                     ) -> CaseFile | None:
    if isinstance(event, CaseSubmittedV1):
        found = await uow.cases.get(event.case_number) or CaseFile(
            event.case_number, event.village_code, event.matter_code, event.matter_version)
        phone = None
        if event.contact is not None and writing.contacts is not None:
            phone = writing.contacts.open(event.contact)
        found.submitted(applicant_name=event.applicant.name,
                        agent_id=event.submitted_by.staff_id, phone=phone)
        await uow.cases.save(found)
        return found
    if not isinstance(event, CaseEvent):
        number = getattr(event, "case_number", None)
        return None if number is None else await uow.cases.get(number)
    ref = event.case
    found = await uow.cases.get(ref.case_number) or CaseFile(
        ref.case_number, ref.village_code, ref.matter_code, ref.matter_version)
    if isinstance(event, CaseAssignedV1):
        found.assigned(event.tier, event.assignee.staff_id)
        await uow.cases.save(found)
    elif isinstance(event, CaseTakenOverV1 | CaseAcceptedV1) and event.owner is not None:
        found.taken_over(event.owner.staff_id)
        await uow.cases.save(found)
    return found


# ------------------------------------------------------------------------------ audiences


async def _audience(rule: Rule, event: EventData, case_file: CaseFile | None,
                    uow: UnitOfWork) -> list[Recipient]:
    channel = rule.channel
    if rule.audience is Audience.RESIDENT:
        return [_resident(case_file, event)]
    members: list[StaffMember]
    if rule.audience is Audience.AGENT:
        members = await _agents(event, case_file, uow)
    elif rule.audience in {Audience.HOLDER, Audience.PARTNER}:
        members = await _holders(event, case_file, uow)
    elif rule.audience is Audience.TOWN:
        members = await _town_staff(_place(event), uow)
    else:
        members = await _supervisors(event, case_file, uow)
    return [_staff(m, channel) for m in members]


def _place(event: EventData) -> PlaceCode:
    """The place an event concerns (every event a rule hears has one)."""
    return PlaceCode(event.place() or "")


def _resident(case_file: CaseFile | None, event: EventData) -> Recipient:
    number = case_file.case_number if case_file else (event.subject() or "unknown")
    place = case_file.village_code if case_file else _place(event)
    name = (case_file.applicant_name if case_file else None) or "群众"
    return Recipient(f"resident:{number}", place, name,
                     case_file.resident_phone if case_file else None)


def _staff(member: StaffMember, channel: DeliveryChannel) -> Recipient:
    address = {DeliveryChannel.INBOX: member.staff_id, DeliveryChannel.SMS: member.phone,
               DeliveryChannel.EMAIL: member.email}.get(channel)
    return Recipient(member.staff_id, member.place_code, member.name, address)


async def _covered(members: list[StaffMember], uow: UnitOfWork) -> list[StaffMember]:
    """Each member at work, or their A/B partner in their place when they are absent."""
    found: dict[str, StaffMember] = {}
    for member in members:
        if member.reachable:
            found[member.staff_id] = member
        elif member.active and member.partner_id:
            partner = await uow.staff.get(member.partner_id)
            if partner is not None and partner.reachable:
                found[partner.staff_id] = partner
    return list(found.values())


async def _one(staff_id: str | None, uow: UnitOfWork) -> list[StaffMember]:
    member = None if staff_id is None else await uow.staff.get(staff_id)
    return [] if member is None else await _covered([member], uow)


async def _working_at(place: PlaceCode, uow: UnitOfWork) -> list[StaffMember]:
    return await _covered([m for m in await uow.staff.at_place(place)
                           if m.works_the_tier_of(place)], uow)


async def _agents(event: EventData, case_file: CaseFile | None,
                  uow: UnitOfWork) -> list[StaffMember]:
    if isinstance(event, CaseSubmittedV1):
        member = await uow.staff.get(event.submitted_by.staff_id)
        return [member] if member is not None else [_unlisted(event)]
    found = await _one(case_file.agent if case_file else None, uow)
    return found or await _working_at(_place(event), uow)


def _unlisted(event: CaseSubmittedV1) -> StaffMember:
    """The submitting agent as the event names them, when the staff read model lacks them."""
    actor = event.submitted_by
    return StaffMember(actor.staff_id, actor.name or actor.staff_id, "", None, actor.role,
                       actor.place, None, on_duty=True, active=True, version=0)


async def _holders(event: EventData, case_file: CaseFile | None,
                   uow: UnitOfWork) -> list[StaffMember]:
    if isinstance(event, CaseAssignedV1):
        return await _one(event.assignee.staff_id, uow)
    if isinstance(event, CaseHandoverRemindedV1):
        return (await _one(event.assignee.staff_id if event.assignee else None, uow)
                or await _working_at(PlaceCode(event.to_place), uow))
    village = _place(event)
    if isinstance(event, CaseHandedOverV1):
        return await _working_at(village.at(TIER_PLACE[event.to_tier]), uow)
    stage = getattr(event, "stage", None)
    holder = case_file.holders.get(stage) if case_file and stage else (
        case_file.holder if case_file else None)
    place = PlaceCode.parse(getattr(event, "place_code", None)) or village
    return await _one(holder, uow) or await _working_at(place, uow)


async def _town_staff(town: PlaceCode, uow: UnitOfWork) -> list[StaffMember]:
    on_duty = await _working_at(town, uow)
    supervisors = [m for m in await uow.staff.at_place(town)
                   if m.role is Role.SUPERVISOR and m.active and m not in on_duty]
    return [*on_duty, *supervisors]


async def _supervisors(event: EventData, case_file: CaseFile | None,
                       uow: UnitOfWork) -> list[StaffMember]:
    if isinstance(event, SlaEscalatedV1):
        place = PlaceCode(event.to_place)
    elif isinstance(event, ComplaintFiledV1 | SlaComplaintOverdueV1):
        place = supervisor_place(PlaceCode(event.place_code))
    elif isinstance(event, CaseRatedV1):
        place = supervisor_place(PlaceCode(event.case.village_code))
    else:
        place = supervisor_place(PlaceCode.parse(getattr(event, "place_code", None))
                                 or _place(event))
    return [m for m in await uow.staff.at_place(place)
            if m.role is Role.SUPERVISOR and m.active]


# ------------------------------------------------------------------------------ the notice


async def _hears(rule: Rule, recipient: Recipient, uow: UnitOfWork) -> bool:
    """Whether a staff member's preferences let the rule's channel reach them (residents have
    none; an alarm reaches everyone). A muted notice is not recorded: the member chose it."""
    if rule.audience is Audience.RESIDENT:
        return True
    found = await uow.preferences.get(recipient.id)
    return found is None or found.hears(rule.channel, alarm=rule.alarm)


async def _record(rule: Rule, event: EventData, recipient: Recipient,
                  case_file: CaseFile | None, uow: UnitOfWork, *, event_id: str, at: datetime,
                  writing: NoticeWriting) -> None:
    delivery = Delivery(
        id=delivery_id(event_id, recipient.id, rule.channel), event_id=event_id,
        event_type=event.event_type, rule=rule.name, case_number=_case_number(event),
        recipient=recipient.id, recipient_place=recipient.place, channel=rule.channel,
        address=recipient.address or "", template=rule.template, subject="", text="",
        created_at=at, not_before=at, alarm=rule.alarm)
    problem = None
    try:
        values = await template_values(event, case_file, recipient.name, uow,
                                       rating_links=writing.rating_links)
        text = writing.templates.render(rule.template, rule.channel, values)
    except (TemplateNotFound, TemplateValuesMissing, RatingLinkNotMinted) as error:
        problem, text = f"cannot render {rule.template}: {error.detail}", ""
    delivery.subject, delivery.text = _shaped(text, rule.channel, writing.sign_name)
    if not await uow.deliveries.add(delivery):
        return
    if problem is None and recipient.address is None:
        problem = _no_address(rule.channel)
    if problem is not None:
        delivery.fail(at, problem)
    elif rule.channel is DeliveryChannel.INBOX:
        delivery.sent(at)
    elif rule.channel is DeliveryChannel.SMS and not rule.alarm:
        delivery.hold_until(writing.quiet.next_morning(at))
    await uow.deliveries.save(delivery)


def _no_address(channel: DeliveryChannel) -> str:
    return {DeliveryChannel.SMS: "the recipient has no phone number",
            DeliveryChannel.EMAIL: "the recipient has no e-mail address"}.get(
        channel, "the recipient has no address on this channel")


def _shaped(text: str, channel: DeliveryChannel, sign_name: str) -> tuple[str, str]:
    """(subject, text) as the channel carries them."""
    if channel is DeliveryChannel.SMS:
        return "", SmsText(sign_name, text).text if text else ""
    if channel is DeliveryChannel.EMAIL:
        subject, _, body = text.partition("\n")
        return subject.strip(), body.strip()
    return "", text


def _case_number(event: EventData) -> str | None:
    if isinstance(event, CaseEvent):
        return event.case.case_number
    number = getattr(event, "case_number", None)
    return number if isinstance(number, str) else None


async def template_values(event: EventData, case_file: CaseFile | None, recipient: str,
                          uow: UnitOfWork, *, rating_links: RatingLinks | None = None,
                          ) -> dict[str, Any]:
    """What every template may use: the event, the case number, the matter's name and limit,
    the applicant and the recipient's names; for ``sla.started`` the matter's name and whole
    limit as sla counted them, and the deadline date (``deadline_date``, ``provisional``); for
    ``case.result_delivered`` the resident's rating link (``rating_url``)."""
    matter = None
    if case_file is not None:
        matter = await uow.matters.get(case_file.matter_code, case_file.matter_version)
    values: dict[str, Any] = {
        "event": event, "case_number": _case_number(event),
        "matter": matter.name if matter else NO_MATTER_NAME,
        "limit_days": matter.limit_working_days if matter else None,
        "applicant": (case_file.applicant_name if case_file else None) or "群众",
        "recipient": recipient,
    }
    if isinstance(event, SlaStartedV1):
        values.update(matter=event.matter_name, limit_days=event.limit_working_days,
                      deadline_date=event.deadline_date, provisional=event.provisional)
    if isinstance(event, CaseResultDeliveredV1) and rating_links is not None:
        values["rating_url"] = rating_links.url(event.case.case_number,
                                                delivered_on=event.delivered_on)
    return values


async def _offer_to_webhooks(event: EventData, uow: UnitOfWork, *, event_id: str,
                             at: datetime) -> None:
    for subscription in await uow.webhooks.hearing(event.event_type):
        body = json.dumps({"id": event_id, "type": event.event_type,
                           "timestamp": at.isoformat(),
                           "data": event.model_dump(mode="json")},
                          ensure_ascii=False, separators=(",", ":"))
        recipient = f"webhook:{subscription.id}"
        await uow.deliveries.add(Delivery(
            id=delivery_id(event_id, recipient, DeliveryChannel.WEBHOOK), event_id=event_id,
            event_type=event.event_type, rule="webhook", case_number=_case_number(event),
            recipient=recipient, recipient_place=subscription.place_code,
            channel=DeliveryChannel.WEBHOOK, address=subscription.url, template="webhook",
            subject=event.event_type, text=body, created_at=at, not_before=at))
