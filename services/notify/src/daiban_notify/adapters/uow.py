"""Notify's unit of work."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_notify.adapters.repository import DeliveryLog


class NotifyUnitOfWork(AsyncUnitOfWork):
    """The delivery log, committed with its outbox rows and inbox claims."""

    deliveries: DeliveryLog

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.deliveries = DeliveryLog(self.session, self.seen)
        return self
