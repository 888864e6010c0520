"""The places intake knows, as routing publishes them (``place.*``): a read model of the division
tree and its service stations, so that a case is opened only for a village that exists and is
active, and its notices name the station."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.contracts.place import PlaceSnapshot, StationSnapshot
from daiban_kernel.places import PlaceTier


@dataclass(frozen=True)
class KnownPlace:
    """A place of the division tree at the version intake last heard."""

    code: str
    name: str
    tier: PlaceTier
    parent_code: str | None
    active: bool
    version: int

    @classmethod
    def heard(cls, snapshot: PlaceSnapshot) -> KnownPlace:
        """The place as an event's snapshot has it."""
        return cls(snapshot.code, snapshot.name, snapshot.tier, snapshot.parent_code,
                   snapshot.active, snapshot.version)

    @property
    def takes_cases(self) -> bool:
        """Cases are opened for active villages (and communities) only."""
        return self.tier is PlaceTier.VILLAGE and self.active


@dataclass(frozen=True)
class KnownStation:
    """A service station (便民服务室/中心) at a place, at the version intake last heard."""

    code: str
    place_code: str
    name: str
    active: bool
    version: int

    @classmethod
    def heard(cls, snapshot: StationSnapshot) -> KnownStation:
        """The station as an event's snapshot has it."""
        return cls(snapshot.code, snapshot.place_code, snapshot.name, snapshot.active,
                   snapshot.version)
