"""Whose records a request may see and change: the one jurisdiction rule of routing.

A caller's jurisdiction is its place and everything under it (``daiban_kernel.places``'s
``covers``); the demonstration load and other system work act on the whole tree. Outside it a
case or a record does not exist for the caller (404), so that nothing confirms it is there.
"""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.actor import Actor
from daiban_kernel.places import PlaceCode


@dataclass(frozen=True)
class Jurisdiction:
    """A place and everything under it; ``place`` None is the whole tree."""

    place: PlaceCode | None

    @classmethod
    def of(cls, actor: Actor) -> Jurisdiction:
        """The acting person's jurisdiction: their place and below."""
        return cls(PlaceCode(actor.place))

    @classmethod
    def everywhere(cls) -> Jurisdiction:
        """The whole tree (system work: the demonstration load)."""
        return cls(None)

    @property
    def prefix(self) -> str:
        """What every code in the jurisdiction starts with (for a storage filter)."""
        return self.place or ""

    def covers(self, code: str) -> bool:
        """Whether the place (or station, or record's place) lies in the jurisdiction."""
        return self.place is None or self.place.covers(code)

    def __str__(self) -> str:
        return self.place or "everywhere"
