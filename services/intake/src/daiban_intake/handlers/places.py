"""The places intake knows: kept from routing's ``place.*`` events (inside the consumer's
transaction), or loaded whole by the demo installation."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_intake.domain.place import KnownPlace
from daiban_intake.ports import UnitOfWork
from daiban_kernel.contracts.place import PlaceCreatedV1, PlaceDeactivatedV1, PlaceUpdatedV1

PlaceEvent = PlaceCreatedV1 | PlaceUpdatedV1 | PlaceDeactivatedV1


async def keep_place(event: PlaceEvent, uow: UnitOfWork) -> None:
    """A place was created, changed or deactivated: keep its newest version."""
    await uow.places.keep(KnownPlace.heard(event.snapshot))


@dataclass(frozen=True)
class KnowPlaces:
    """Places to know without waiting for routing's events (the demo installation)."""

    places: tuple[KnownPlace, ...]


async def know_places(cmd: KnowPlaces, uow: UnitOfWork) -> int:
    """Keep every place (each only if newer than what is known); how many changed."""
    async with uow:
        changed = [await uow.places.keep(place) for place in cmd.places]
        await uow.commit()
    return sum(changed)
