"""PlaceRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from daiban_intake.domain.place import KnownPlace
from daiban_intake.ports import UnitOfWork
from daiban_kernel.places import PlaceTier


async def test_a_newer_version_replaces_a_place_and_an_older_one_changes_nothing(
    units: Callable[[], UnitOfWork], new_county: Callable[[], str],
) -> None:
    county = new_county()
    village = KnownPlace(county + "100200", "郑栅子村", PlaceTier.VILLAGE, county + "100",
                         True, 2)
    async with units() as uow:
        assert await uow.places.get(village.code) is None
        assert await uow.places.keep(village)
        assert not await uow.places.keep(replace(village, name="旧名", version=1))
        assert not await uow.places.keep(replace(village, name="同版", version=2))
        await uow.commit()
    async with units() as uow:
        assert await uow.places.get(village.code) == village
        assert await uow.places.keep(replace(village, active=False, version=3))
        await uow.commit()
    async with units() as uow:
        assert await uow.places.get(village.code) == replace(village, active=False, version=3)
