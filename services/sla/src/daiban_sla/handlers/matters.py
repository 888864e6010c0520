"""SLA's read model of the matter catalogue, kept from intake's events."""

from __future__ import annotations

from daiban_kernel.contracts.matter import MatterPublishedV1, MatterUnpublishedV1
from daiban_sla.domain.errors import MatterVersionNotKnown
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.ports import UnitOfWork


async def keep_published_matter(event: MatterPublishedV1, uow: UnitOfWork) -> None:
    """Keep a published version's time limits; hearing it again changes nothing."""
    await uow.matters.keep(MatterTerms.published_as(event.matter))


async def withdraw_unpublished_matter(event: MatterUnpublishedV1, uow: UnitOfWork) -> None:
    """Mark a version unpublished; its limits stay for the cases opened under it.

    An unpublish of a version not heard of yet overtook its publish: it is refused, so the broker
    redelivers it after the publish (past the delivery limit it is parked, not lost)."""
    if not await uow.matters.unpublish(event.code, event.matter_version):
        raise MatterVersionNotKnown(
            f"matter {event.code} version {event.matter_version} was never published here")
