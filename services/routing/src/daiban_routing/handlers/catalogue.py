"""The matter catalogue's read model, from intake's events."""

from __future__ import annotations

from datetime import datetime

from daiban_kernel.contracts.matter import MatterPublishedV1, MatterUnpublishedV1
from daiban_routing.domain.catalogue import CatalogueEntry
from daiban_routing.ports import UnitOfWork


async def record_published_matter(event: MatterPublishedV1, uow: UnitOfWork, *,
                                  at: datetime) -> None:
    """Keep the published version; a late duplicate does not undo a newer withdrawal."""
    matter = event.matter
    entry = await uow.matters.get(matter.code, matter.version)
    entry = entry or CatalogueEntry(matter.code, matter.version)
    entry.publish(matter, at=at)
    await uow.matters.save(entry)


async def record_unpublished_matter(event: MatterUnpublishedV1, uow: UnitOfWork, *,
                                    at: datetime) -> None:
    """Mark the version withdrawn (remembered even if its publication has not arrived yet)."""
    entry = await uow.matters.get(event.code, event.matter_version)
    entry = entry or CatalogueEntry(event.code, event.matter_version)
    if entry.withdraw(at=at):
        await uow.matters.save(entry)
