"""The places and stations intake knows: kept from routing's ``place.*`` events (inside the
consumer's transaction), or loaded whole by the demo installation."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_intake.domain.place import KnownPlace, KnownStation
from daiban_intake.ports import UnitOfWork
from daiban_kernel.contracts.place import (
    PlaceCreatedV1,
    PlaceDeactivatedV1,
    PlaceUpdatedV1,
    StationCreatedV1,
    StationDeactivatedV1,
    StationUpdatedV1,
)

PlaceEvent = PlaceCreatedV1 | PlaceUpdatedV1 | PlaceDeactivatedV1
StationEvent = StationCreatedV1 | StationUpdatedV1 | StationDeactivatedV1


async def keep_place(event: PlaceEvent, uow: UnitOfWork) -> None:
    """A place was created, changed or deactivated: keep its newest version."""
    await uow.places.keep(KnownPlace.heard(event.snapshot))


async def keep_station(event: StationEvent, uow: UnitOfWork) -> None:
    """A station was opened, changed or closed: keep its newest version."""
    await uow.stations.keep(KnownStation.heard(event.snapshot))


@dataclass(frozen=True)
class KnowPlaces:
    """Places and stations to know without waiting for routing's events (the demo
    installation)."""

    places: tuple[KnownPlace, ...]
    stations: tuple[KnownStation, ...] = ()


async def know_places(cmd: KnowPlaces, uow: UnitOfWork) -> int:
    """Keep every place and station (each only if newer than what is known); how many
    changed."""
    async with uow:
        changed = [await uow.places.keep(place) for place in cmd.places]
        changed += [await uow.stations.keep(station) for station in cmd.stations]
        await uow.commit()
    return sum(changed)
