"""Routing's read model of the matter catalogue, kept from intake's ``matter.*`` events.

Every published version is kept by (code, version): a case is routed by the version it was opened
under. Events may arrive late or twice; an entry takes a publication or a withdrawal only if it is
newer (by the event's time) than what the entry last took, so replays change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from daiban_kernel.contracts.matter import MatterVersion
from daiban_kernel.events import EventData

NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(eq=False)
class CatalogueEntry:
    """One version of one matter, as far as routing has heard of it."""

    code: str
    version: int
    matter: MatterVersion | None = None
    published: bool = False
    changed_at: datetime = NEVER
    events: list[EventData] = field(default_factory=list, repr=False)

    def publish(self, matter: MatterVersion, *, at: datetime) -> bool:
        """Take a publication; False if a newer publication or withdrawal was taken before."""
        self.matter = matter
        if at <= self.changed_at:
            return False
        self.published, self.changed_at = True, at
        return True

    def withdraw(self, *, at: datetime) -> bool:
        """Take a withdrawal; False if a newer publication or withdrawal was taken before."""
        if at <= self.changed_at:
            return False
        self.published, self.changed_at = False, at
        return True
