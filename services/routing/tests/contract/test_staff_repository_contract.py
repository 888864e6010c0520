"""StaffRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from daiban_routing.ports import UnitOfWork


async def test_staff_are_found_by_station_by_place_and_by_who_names_them(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    await tree.plant(units())
    one, two, three = (tree.staff_id(n) for n in (1, 2, 3))
    async with units() as uow:
        found = await uow.staff.get((one,))
        assert found is not None
        assert found.value == tree.member(1, partner=2)
        at_station = await uow.staff.at_station(tree.station(tree.villages[0]))
        assert [r.value.staff_id for r in at_station] == [one, two]
        at_place = await uow.staff.at_place(tree.villages[1])
        assert [r.value.staff_id for r in at_place] == [three]
        assert await uow.staff.at_place(tree.town) == []
        naming = await uow.staff.naming_as_partner([one, three])
        assert list(naming) == [(two,)]
        assert await uow.staff.naming_as_partner([]) == {}
        assert sorted(await uow.staff.under([tree.county])) == [(one,), (two,), (three,)]
