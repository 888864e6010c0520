"""What notify's handlers need from the outside world: repositories, channels, templates, and the
unit of work that holds the repositories on one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from daiban_common.ports import UnitOfWorkPort
from daiban_kernel.contracts.case import SealedContact
from daiban_notify.domain.case_file import CaseFile
from daiban_notify.domain.delivery import Delivery, DeliveryChannel
from daiban_notify.domain.matter_name import MatterName
from daiban_notify.domain.preferences import Preferences
from daiban_notify.domain.staff_member import StaffMember
from daiban_notify.domain.webhook_subscription import WebhookSubscription


class DeliveryRepository(Protocol):
    """Every notice, its attempts and its state; a notice's row is its lock."""

    async def add(self, delivery: Delivery) -> bool:
        """Record a new notice; False (and nothing written) when its id is recorded already."""
        ...

    async def due(self, now: datetime, *, limit: int) -> list[Delivery]:
        """Pending notices whose time has come, oldest first, locked; those another transaction
        holds are skipped."""
        ...

    async def save(self, delivery: Delivery) -> None:
        """Store a notice's state and its new attempts (it was locked in this transaction)."""
        ...

    async def get(self, delivery_id: str) -> Delivery | None:
        """A notice, or None."""
        ...

    async def of_case(self, case_number: str) -> list[Delivery]:
        """The notices about one case, in the order they were recorded."""
        ...

    async def inbox(self, owner: str, *, unread_only: bool, limit: int) -> list[Delivery]:
        """The in-app notices of ``owner``, newest first."""
        ...

    async def oldest_due(self, now: datetime) -> datetime | None:
        """Since when the longest-waiting notice that is due has been due (None: none is); a
        notice held for the quiet hours or for its next retry is not due."""
        ...


class StaffRepository(Protocol):
    """The read model of staff members."""

    async def keep(self, member: StaffMember) -> None:
        """Insert or replace a member, unless a newer version is kept already."""
        ...

    async def get(self, staff_id: str) -> StaffMember | None:
        """A member, or None."""
        ...

    async def at_place(self, place_code: str) -> list[StaffMember]:
        """The active members whose station is at exactly ``place_code``, by id."""
        ...


class CaseFileRepository(Protocol):
    """Notify's view of each case."""

    async def get(self, case_number: str) -> CaseFile | None:
        """A case file, or None."""
        ...

    async def save(self, case_file: CaseFile) -> None:
        """Insert or replace a case file."""
        ...


class MatterNameRepository(Protocol):
    """The read model of matter names."""

    async def keep(self, matter: MatterName) -> None:
        """Insert or replace a matter version."""
        ...

    async def get(self, code: str, version: int) -> MatterName | None:
        """A matter version, or None."""
        ...


class WebhookSubscriptionRepository(Protocol):
    """Integrating systems' endpoints."""

    async def add(self, subscription: WebhookSubscription) -> None:
        """Store a new subscription."""
        ...

    async def get(self, subscription_id: str) -> WebhookSubscription | None:
        """A subscription, or None."""
        ...

    async def hearing(self, event_type: str) -> list[WebhookSubscription]:
        """The active subscriptions to ``event_type``, by id."""
        ...


class PreferencesRepository(Protocol):
    """Each staff member's muted channels."""

    async def get(self, staff_id: str) -> Preferences | None:
        """A member's preferences, or None when they never chose."""
        ...

    async def save(self, preferences: Preferences) -> None:
        """Insert or replace a member's preferences."""
        ...


@dataclass(frozen=True)
class OutgoingMessage:
    """What a channel sends: to whom, the subject (e-mail) and text, and the notice's id (the
    provider's or receiver's idempotency key)."""

    delivery_id: str
    address: str
    subject: str
    text: str
    sent_at: datetime
    secret: str | None = None


class ChannelSender(Protocol):
    """One channel's way out (SMS provider, SMTP, webhook, in-app inbox)."""

    async def send(self, message: OutgoingMessage) -> None:
        """Hand the message over; ``DeliveryRefused`` for good, ``ChannelUnavailable`` for
        now."""
        ...


class TemplateRenderer(Protocol):
    """The versioned Chinese templates, ``<name>.<channel>.j2``."""

    def render(self, name: str, channel: DeliveryChannel, values: dict[str, Any]) -> str:
        """The text; ``TemplateNotFound`` / ``TemplateValuesMissing`` when it cannot be."""
        ...

    def names(self) -> list[tuple[str, DeliveryChannel]]:
        """Every (template, channel) there is."""
        ...


class ContactOpener(Protocol):
    """Opens a resident's sealed contact (only notify holds the key)."""

    def open(self, contact: SealedContact) -> str | None:
        """The phone, or None when it cannot be opened (unknown key, tampered)."""
        ...


class UnitOfWork(UnitOfWorkPort, Protocol):
    """One transaction over notify's repositories."""

    @property
    def deliveries(self) -> DeliveryRepository: ...
    @property
    def staff(self) -> StaffRepository: ...
    @property
    def cases(self) -> CaseFileRepository: ...
    @property
    def matters(self) -> MatterNameRepository: ...
    @property
    def webhooks(self) -> WebhookSubscriptionRepository: ...
    @property
    def preferences(self) -> PreferencesRepository: ...
