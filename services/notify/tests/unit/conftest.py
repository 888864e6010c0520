"""A county for notify's unit tests: its staff, a matter, a resident whose phone is sealed for
notify, the case events of one case life, and a way to hear them as the consumer would."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from daiban_common.sealed_contact import ContactKey, ContactSeal, new_contact_keys
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseRef, CaseSubmittedV1
from daiban_kernel.contracts.sla import SlaStartedV1
from daiban_kernel.contracts.staff import Duty, StaffSnapshot
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role
from daiban_notify.adapters.templates import JinjaTemplates
from daiban_notify.domain.matter_name import MatterName
from daiban_notify.domain.quiet_hours import QuietHours
from daiban_notify.domain.rating_invitation import RatingLinks
from daiban_notify.handlers import NoticeWriting, notice_event
from daiban_notify.handlers.read_models import keep_staff_member
from daiban_notify.ports import UnitOfWork

VILLAGE, TOWN, COUNTY = "110116104201", "110116104", "110116"
NUMBER = "110116-20261201-000001"
PHONE = "13800138000"
MORNING = datetime(2026, 12, 1, 2, tzinfo=UTC)
"""10:00 in China: outside the quiet hours."""
NIGHT = datetime(2026, 12, 1, 14, tzinfo=UTC)
"""22:00 in China: inside them."""
REF = CaseRef(case_number=NUMBER, village_code=VILLAGE, matter_code="MZ-001", matter_version=1)

_PRIVATE, _PUBLIC = new_contact_keys()
KEY = ContactKey(_PRIVATE, "k1")
SEAL = ContactSeal(_PUBLIC, "k1")


def person(staff_id: str, name: str, role: Role, place: str, *, partner: str | None = None,
           duty: Duty = Duty.ON_DUTY, email: str | None = None) -> StaffSnapshot:
    return StaffSnapshot(staff_id=staff_id, name=name, phone="13912345678", email=email,
                         role=role, station_code=f"{place}-01", place_code=place, skills=(),
                         partner_id=partner, duty=duty, active=True, version=1)


STAFF = (
    person("agent-1", "张秀英", Role.VILLAGE_AGENT, VILLAGE),
    person("clerk-a", "王芳", Role.TOWN_CLERK, TOWN, partner="clerk-b"),
    person("clerk-b", "刘洋", Role.TOWN_CLERK, TOWN, partner="clerk-a"),
    person("sup-town", "陈静", Role.SUPERVISOR, TOWN, email="chen@huairou.example"),
    person("coord-1", "赵磊", Role.COUNTY_COORDINATOR, COUNTY),
    person("sup-county", "孙伟", Role.SUPERVISOR, COUNTY, email="sun@huairou.example"),
)
AGENT = Actor(staff_id="agent-1", role=Role.VILLAGE_AGENT, place=VILLAGE, name="张秀英")


GATEWAY = "https://daiban.example.org"
RATING_SECRET = b"the-unit-tests-rating-link-secret"


def writing(*, at: datetime = MORNING, contacts: ContactKey | None = KEY) -> NoticeWriting:
    """Notices as bootstrap writes them, recorded at ``at``."""
    return NoticeWriting(templates=JinjaTemplates(), contacts=contacts, quiet=QuietHours(),
                         sign_name="代办", clock=lambda: at,
                         rating_links=RatingLinks(GATEWAY, RATING_SECRET, 30))


Hear = Callable[..., Awaitable[list[EventData]]]


@pytest.fixture
async def county(uow: UnitOfWork) -> UnitOfWork:
    """The unit of work with the county's staff and the matter MZ-001 heard."""
    for snapshot in STAFF:
        await keep_staff_member(_staff_event(snapshot), uow)
    await uow.matters.keep(MatterName("MZ-001", 1, "城乡居民基本养老保险待遇申领", 10))
    return uow


def _staff_event(snapshot: StaffSnapshot) -> Any:
    from daiban_kernel.contracts.staff import StaffCreatedV1

    return StaffCreatedV1(snapshot=snapshot)


@pytest.fixture
def hear(county: UnitOfWork) -> Hear:
    """Hear an event as the consumer does (one transaction); returns the events committed."""

    async def run(event: EventData, *, at: datetime = MORNING, event_id: str | None = None,
                  notices: NoticeWriting | None = None) -> list[EventData]:
        async with county as uow:
            await notice_event(event, uow, event_id=event_id or uuid.uuid4().hex, at=at,
                               writing=notices or writing(at=at))
            events = await uow.commit()
            assert isinstance(events, list)
            return events

    return run


def submitted(*, phone: str | None = PHONE, at: datetime = MORNING) -> CaseSubmittedV1:
    """The case as intake registers it, the resident's phone sealed for notify."""
    return CaseSubmittedV1(
        case_number=NUMBER, matter_code="MZ-001", matter_version=1, village_code=VILLAGE,
        channel=Channel.STATION,
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
        submitted_by=AGENT, submitted_at=at,
        contact=None if phone is None else SEAL.seal(phone))


def deadline(days: int = 3) -> datetime:
    return MORNING + timedelta(days=days)




def started(*, provisional: bool = False) -> SlaStartedV1:
    """The clocks of the case started at its acceptance: 13 working days, to 18 December."""
    return SlaStartedV1(case=REF, at=MORNING, matter_name="城乡居民基本养老保险待遇申领",
                        limit_working_days=13, deadline_date=date(2026, 12, 18),
                        provisional=provisional)
