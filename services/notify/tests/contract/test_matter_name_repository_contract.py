"""MatterNameRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable

from daiban_notify.domain.matter_name import MatterName
from daiban_notify.ports import UnitOfWork

from .conftest import an_id


async def test_a_matter_version_is_kept_and_replaced(units: Callable[[], UnitOfWork]) -> None:
    code = f"T{an_id()[:6].upper()}-001"
    async with units() as uow:
        await uow.matters.keep(MatterName(code, 1, "城乡居民养老保险待遇申领", 10))
        await uow.matters.keep(MatterName(code, 2, "新名", 5))
        await uow.matters.keep(MatterName(code, 2, "残疾人证办理", 7))
        await uow.commit()
    async with units() as uow:
        assert await uow.matters.get(code, 1) == MatterName(code, 1, "城乡居民养老保险待遇申领", 10)
        assert await uow.matters.get(code, 2) == MatterName(code, 2, "残疾人证办理", 7)
        assert await uow.matters.get(code, 3) is None
