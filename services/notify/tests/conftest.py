"""What every notify test tree shares: in-memory stand-ins for notify's repositories (the unit
tests' unit of work, and one side of each repository's contract suite), and the Postgres side."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import datetime
from functools import partial
from types import TracebackType
from typing import Self

import pytest

from daiban_common.db import create_engine, session_factory
from daiban_kernel.events import EventData
from daiban_notify.adapters.orm import messaging
from daiban_notify.adapters.uow import PostgresUnitOfWork
from daiban_notify.bootstrap import SOURCE
from daiban_notify.domain.case_file import CaseFile
from daiban_notify.domain.delivery import Delivery, DeliveryChannel, DeliveryStatus
from daiban_notify.domain.matter_name import MatterName
from daiban_notify.domain.preferences import Preferences
from daiban_notify.domain.staff_member import StaffMember
from daiban_notify.domain.webhook_subscription import WebhookSubscription
from daiban_notify.ports import (
    CaseFileRepository,
    DeliveryRepository,
    MatterNameRepository,
    PreferencesRepository,
    StaffRepository,
    UnitOfWork,
    WebhookSubscriptionRepository,
)
from daiban_notify.settings import NotifySettings
from tests.support.fakes import FakeUnitOfWork


def _copy(d: Delivery) -> Delivery:
    return replace(d, attempts=list(d.attempts), events=[])


class FakeDeliveries(DeliveryRepository):
    """Notices as committed; what a transaction reads are copies, tracked for their events."""

    def __init__(self, seen: list[object]) -> None:
        self.rows: dict[str, Delivery] = {}
        self._seen = seen

    def _tracked(self, found: list[Delivery]) -> list[Delivery]:
        copies = [_copy(d) for d in found]
        self._seen.extend(copies)
        return copies

    async def add(self, delivery: Delivery) -> bool:
        if delivery.id in self.rows:
            return False
        self.rows[delivery.id] = _copy(delivery)
        self._seen.append(delivery)
        return True

    async def due(self, now: datetime, *, limit: int) -> list[Delivery]:
        due = sorted((d for d in self.rows.values()
                      if d.status is DeliveryStatus.PENDING and d.not_before <= now),
                     key=lambda d: (d.not_before, d.id))
        return self._tracked(due[:limit])

    async def save(self, delivery: Delivery) -> None:
        self.rows[delivery.id] = _copy(delivery)

    async def get(self, delivery_id: str) -> Delivery | None:
        found = self.rows.get(delivery_id)
        return None if found is None else self._tracked([found])[0]

    async def of_case(self, case_number: str) -> list[Delivery]:
        return self._tracked(sorted((d for d in self.rows.values()
                                     if d.case_number == case_number),
                                    key=lambda d: (d.created_at, d.id)))

    async def inbox(self, owner: str, *, unread_only: bool, limit: int) -> list[Delivery]:
        found = sorted((d for d in self.rows.values()
                        if d.channel is DeliveryChannel.INBOX and d.recipient == owner
                        and not (unread_only and d.read_at is not None)),
                       key=lambda d: (d.created_at, d.id), reverse=True)
        return self._tracked(found[:limit])

    async def oldest_due(self, now: datetime) -> datetime | None:
        return min((d.not_before for d in self.rows.values()
                    if d.status is DeliveryStatus.PENDING and d.not_before <= now),
                   default=None)


class FakeStaff(StaffRepository):
    def __init__(self) -> None:
        self.rows: dict[str, StaffMember] = {}

    async def keep(self, member: StaffMember) -> None:
        kept = self.rows.get(member.staff_id)
        if kept is None or kept.version < member.version:
            self.rows[member.staff_id] = member

    async def get(self, staff_id: str) -> StaffMember | None:
        return self.rows.get(staff_id)

    async def at_place(self, place_code: str) -> list[StaffMember]:
        return sorted((m for m in self.rows.values()
                       if m.place_code == place_code and m.active), key=lambda m: m.staff_id)


class FakeCaseFiles(CaseFileRepository):
    def __init__(self) -> None:
        self.rows: dict[str, CaseFile] = {}

    async def get(self, case_number: str) -> CaseFile | None:
        found = self.rows.get(case_number)
        return None if found is None else replace(found, holders=dict(found.holders))

    async def save(self, case_file: CaseFile) -> None:
        kept = self.rows.get(case_file.case_number)
        if kept is None:
            self.rows[case_file.case_number] = replace(case_file, holders=dict(case_file.holders))
            return
        self.rows[case_file.case_number] = replace(
            case_file, holders={**kept.holders, **case_file.holders},
            **{name: getattr(case_file, name) or getattr(kept, name)
               for name in ("applicant_name", "agent_id", "owner_id", "resident_phone",
                            "holding_tier")})


class FakeMatterNames(MatterNameRepository):
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], MatterName] = {}

    async def keep(self, matter: MatterName) -> None:
        self.rows[(matter.code, matter.version)] = matter

    async def get(self, code: str, version: int) -> MatterName | None:
        return self.rows.get((code, version))


class FakeWebhooks(WebhookSubscriptionRepository):
    def __init__(self) -> None:
        self.rows: dict[str, WebhookSubscription] = {}

    async def add(self, subscription: WebhookSubscription) -> None:
        assert subscription.id not in self.rows
        self.rows[subscription.id] = subscription

    async def get(self, subscription_id: str) -> WebhookSubscription | None:
        return self.rows.get(subscription_id)

    async def hearing(self, event_type: str) -> list[WebhookSubscription]:
        return [s for _, s in sorted(self.rows.items()) if s.hears(event_type)]


class FakePreferences(PreferencesRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Preferences] = {}

    async def get(self, staff_id: str) -> Preferences | None:
        found = self.rows.get(staff_id)
        return None if found is None else replace(found)

    async def save(self, preferences: Preferences) -> None:
        self.rows[preferences.staff_id] = replace(preferences)


class FakeNotifyUnitOfWork(FakeUnitOfWork):
    """Notify's repositories in memory, shared across transactions (a factory hands out this one
    object)."""

    def __init__(self) -> None:
        super().__init__()
        self.deliveries = FakeDeliveries(self.seen)
        self.staff = FakeStaff()
        self.cases = FakeCaseFiles()
        self.matters = FakeMatterNames()
        self.webhooks = FakeWebhooks()
        self.preferences = FakePreferences()

    async def __aenter__(self) -> Self:
        self.seen.clear()
        return await super().__aenter__()

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            await super().__aexit__(exc_type, exc, tb)
        finally:
            self.seen.clear()

    async def commit(self) -> list[EventData]:
        return await super().commit()


@pytest.fixture
def uow() -> FakeNotifyUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeNotifyUnitOfWork()


def notify_settings(env: dict[str, str], **overrides: object) -> NotifySettings:
    """Notify's settings from a test's environment."""
    return NotifySettings.model_validate({**env, **overrides})


@pytest.fixture(params=["fake", "postgres"])
async def units(request: pytest.FixtureRequest, uow: FakeNotifyUnitOfWork,
                env: dict[str, str]) -> AsyncIterator[Callable[[], UnitOfWork]]:
    """Where a repository contract runs: the in-memory fakes, or Postgres (the session's test
    database; tests keep apart by random ids); a fresh unit of work on each call."""
    if request.param == "fake":
        yield lambda: uow
        return
    engine = create_engine(notify_settings(env))
    yield partial(PostgresUnitOfWork, session_factory(engine), tables=messaging, source=SOURCE)
    await engine.dispose()
