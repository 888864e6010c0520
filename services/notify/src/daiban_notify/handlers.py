"""Notify's event handlers: decide who must hear, render, deliver, log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from daiban_kernel.contracts.case import CaseSubmittedV1
from daiban_notify.domain.model import DeliveryChannel, Notification


class Renderer(Protocol):
    def render(self, name: str, channel: str, **values: Any) -> str: ...


class Deliveries(Protocol):
    async def add(self, notification: Notification) -> None: ...


class UnitOfWork(Protocol):
    @property
    def deliveries(self) -> Deliveries: ...


async def confirm_submission_to_agent(
    event: CaseSubmittedV1, uow: UnitOfWork, *, renderer: Renderer, now: Callable[[], datetime]
) -> None:
    """The agent who took the case gets an in-app confirmation with its number."""
    text = renderer.render("case_submitted", DeliveryChannel.INBOX.value,
                           applicant=event.applicant.name, case_number=event.case_number,
                           matter_code=event.matter_code)
    notification = Notification(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"case_submitted/{event.case_number}")),
        case_number=event.case_number,
        recipient=event.submitted_by.staff_id,
        recipient_place=event.submitted_by.place,
        channel=DeliveryChannel.INBOX,
        template="case_submitted",
        text=text,
    )
    notification.mark_sent(now())
    await uow.deliveries.add(notification)
