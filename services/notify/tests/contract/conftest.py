"""Sample people, places and notices for the repository contracts; random ids keep the tests apart
on the shared database."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

from daiban_kernel.contracts.staff import Duty, StaffSnapshot
from daiban_kernel.roles import Role
from daiban_notify.domain.delivery import Delivery, DeliveryChannel, delivery_id
from daiban_notify.domain.staff_member import StaffMember

AT = datetime(2026, 12, 1, 2, tzinfo=UTC)
"""10:00 in China on a Tuesday: no quiet hours."""


def a_village() -> str:
    """A village code of a random town of its own, so other tests' staff are not there."""
    return f"110116{random.randrange(200, 999)}{random.randrange(200, 999)}"


def a_case_number() -> str:
    return f"110116-20261201-{random.randrange(0, 999_999):06d}"


def an_id() -> str:
    return uuid.uuid4().hex


def member(place: str, role: Role, *, name: str = "王芳", partner: str | None = None,
           duty: Duty = Duty.ON_DUTY, version: int = 1, staff_id: str | None = None,
           email: str | None = None) -> StaffSnapshot:
    """A staff record as routing publishes it."""
    return StaffSnapshot(staff_id=staff_id or f"s-{an_id()[:12]}", name=name,
                         phone="13912345678", email=email, role=role,
                         station_code=f"{place}-01", place_code=place, skills=(),
                         partner_id=partner, duty=duty, active=True, version=version)


def staff_member(place: str, role: Role = Role.TOWN_CLERK, **kw: object) -> StaffMember:
    return StaffMember.from_snapshot(member(place, role, **kw))  # type: ignore[arg-type]


def a_delivery(*, case_number: str | None = None, recipient: str | None = None,
               channel: DeliveryChannel = DeliveryChannel.SMS, at: datetime = AT,
               place: str = "110116104201") -> Delivery:
    """A pending notice."""
    event_id, recipient = an_id(), recipient or f"resident:{case_number or a_case_number()}"
    return Delivery(id=delivery_id(event_id, recipient, channel), event_id=event_id,
                    event_type="case.accepted", rule="accepted_to_resident",
                    case_number=case_number, recipient=recipient, recipient_place=place,
                    channel=channel, address="13800138000", template="case_accepted",
                    subject="", text="【代办】测试", created_at=at, not_before=at)
