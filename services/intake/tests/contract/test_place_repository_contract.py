"""PlaceRepository and StationRepository: the fake and the Postgres adapter give the same
answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from daiban_intake.domain.place import KnownPlace, KnownStation
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


async def test_a_place_has_its_first_active_station_at_its_newest_version(
    units: Callable[[], UnitOfWork], new_county: Callable[[], str],
) -> None:
    village = new_county() + "100200"
    first = KnownStation(f"{village}-01", village, "郑栅子村便民服务室", True, 1)
    second = KnownStation(f"{village}-02", village, "郑栅子村代办点", True, 1)
    async with units() as uow:
        assert await uow.stations.at(village) is None
        assert await uow.stations.keep(second)
        assert await uow.stations.keep(first)
        assert not await uow.stations.keep(replace(first, name="旧名"))
        await uow.commit()
    async with units() as uow:
        assert await uow.stations.at(village) == first
        assert await uow.stations.keep(replace(first, active=False, version=2))
        await uow.commit()
    async with units() as uow:
        assert await uow.stations.at(village) == second
