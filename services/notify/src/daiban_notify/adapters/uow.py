"""Notify's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_notify.adapters.case_file_repository import PostgresCaseFileRepository
from daiban_notify.adapters.delivery_repository import PostgresDeliveryRepository
from daiban_notify.adapters.matter_name_repository import PostgresMatterNameRepository
from daiban_notify.adapters.preferences_repository import PostgresPreferencesRepository
from daiban_notify.adapters.staff_repository import PostgresStaffRepository
from daiban_notify.adapters.webhook_subscription_repository import (
    PostgresWebhookSubscriptionRepository,
)


class PostgresUnitOfWork(AsyncUnitOfWork):
    """The delivery log, notify's read models and staff preferences, committed with the inbox
    claim and the outbox rows."""

    deliveries: PostgresDeliveryRepository
    staff: PostgresStaffRepository
    cases: PostgresCaseFileRepository
    matters: PostgresMatterNameRepository
    webhooks: PostgresWebhookSubscriptionRepository
    preferences: PostgresPreferencesRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.deliveries = PostgresDeliveryRepository(self.session, self.seen)
        self.staff = PostgresStaffRepository(self.session)
        self.cases = PostgresCaseFileRepository(self.session)
        self.matters = PostgresMatterNameRepository(self.session)
        self.webhooks = PostgresWebhookSubscriptionRepository(self.session)
        self.preferences = PostgresPreferencesRepository(self.session)
        return self
