"""DepartmentRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from daiban_routing.ports import UnitOfWork


async def test_departments_are_keyed_by_county_and_code(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    await tree.plant(units())
    async with units() as uow:
        found = await uow.departments.get((tree.county, "MZ"))
        assert found is not None
        assert found.value.name == "民政局"
        assert await uow.departments.get((tree.county, "XX")) is None
        many = await uow.departments.get_many([(tree.county, "RS"), (tree.county, "XX")])
        assert list(many) == [(tree.county, "RS")]
        page = await uow.departments.page(tree.county, after=None, limit=10)
        assert [r.value.code for r in page] == ["MZ", "RS"]
        after = await uow.departments.page(tree.county, after=(tree.county, "MZ"), limit=10)
        assert [r.value.code for r in after] == ["RS"]
