"""StationRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from daiban_routing.ports import UnitOfWork


async def test_stations_belong_to_their_place_and_its_ancestors(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    await tree.plant(units())
    stations = [tree.station(v) for v in tree.villages]
    async with units() as uow:
        found = await uow.stations.get((stations[0],))
        assert found is not None
        assert found.value.place_code == tree.villages[0]
        assert sorted(await uow.stations.under([tree.county])) == [(s,) for s in stations]
        assert sorted(await uow.stations.under([tree.villages[1]])) == [(stations[1],)]
        page = await uow.stations.page(tree.town, after=(stations[0],), limit=5)
        assert [r.value.code for r in page] == [stations[1]]
        assert await uow.stations.under([]) == {}


async def test_a_stations_phones_are_kept_as_saved(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    await tree.plant(units())
    code = tree.station(tree.villages[0])
    async with units() as uow:
        (record,) = (await uow.stations.get_many([(code,)])).values()
        record.revise(replace(record.value, phone="010-69641234", supervision_phone="12388"))
        await uow.stations.save([record])
        await uow.commit()
    async with units() as uow:
        found = await uow.stations.get((code,))
        assert found is not None
        assert (found.value.phone, found.value.supervision_phone) == ("010-69641234", "12388")
