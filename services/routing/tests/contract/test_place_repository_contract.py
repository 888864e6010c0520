"""PlaceRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from daiban_routing.ports import UnitOfWork


async def test_saved_places_come_back_by_key_prefix_and_page_in_code_order(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    await tree.plant(units())
    async with units() as uow:
        county = await uow.places.get((tree.county,))
        assert county is not None
        assert (county.value.name, county.version) == ("示范区", 1)
        assert await uow.places.get((tree.county + "999",)) is None
        found = await uow.places.get_many([(tree.town,), (tree.villages[1],), ("000000",)])
        assert sorted(found) == [(tree.town,), (tree.villages[1],)]
        under = await uow.places.under([tree.town])
        assert sorted(under) == [(tree.town,), *((v,) for v in tree.villages)]
        first = await uow.places.page(tree.county, after=None, limit=2)
        assert [r.value.code for r in first] == [tree.county, tree.town]
        rest = await uow.places.page(tree.county, after=(tree.town,), limit=5)
        assert [r.value.code for r in rest] == list(tree.villages)


async def test_children_are_one_tier_below_in_code_order(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    await tree.plant(units())
    async with units() as uow:
        assert [r.value.code for r in await uow.places.children(tree.county, after=None,
                                                                 limit=10)] == [tree.town]
        page = await uow.places.children(tree.town, after=tree.villages[0], limit=10)
        assert [r.value.code for r in page] == [tree.villages[1]]
        assert await uow.places.children(tree.villages[0], after=None, limit=10) == []


async def test_a_saved_revision_replaces_the_record(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    await tree.plant(units())
    async with units() as uow:
        town = await uow.places.get((tree.town,))
        assert town is not None
        assert town.revise(replace(town.value, name="汤河口地区"))
        await uow.places.save([town])
        await uow.commit()
    async with units() as uow:
        kept = await uow.places.get((tree.town,))
        assert kept is not None
        assert (kept.value.name, kept.version) == ("汤河口地区", 2)
