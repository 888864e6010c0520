"""StaffRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from daiban_kernel.roles import Role
from daiban_notify.ports import UnitOfWork

from .conftest import a_village, staff_member


async def test_a_member_is_kept_at_the_newest_version_heard(
    units: Callable[[], UnitOfWork],
) -> None:
    town = a_village()[:9]
    newer = staff_member(town, version=3, name="李娜")
    async with units() as uow:
        await uow.staff.keep(newer)
        await uow.staff.keep(replace(newer, version=2, name="旧名"))
        await uow.commit()
    async with units() as uow:
        assert await uow.staff.get(newer.staff_id) == newer
        await uow.staff.keep(replace(newer, version=4, on_duty=False))
        await uow.commit()
    async with units() as uow:
        found = await uow.staff.get(newer.staff_id)
        assert found is not None
        assert (found.version, found.on_duty, found.name) == (4, False, "李娜")
        assert await uow.staff.get("s-nobody") is None


async def test_a_place_lists_its_active_members_only(units: Callable[[], UnitOfWork]) -> None:
    town = a_village()[:9]
    clerk = staff_member(town, staff_id="s-a" + town)
    supervisor = staff_member(town, Role.SUPERVISOR, staff_id="s-b" + town)
    gone = replace(staff_member(town, staff_id="s-c" + town), active=False)
    elsewhere = staff_member(a_village()[:9])
    async with units() as uow:
        for m in (supervisor, clerk, gone, elsewhere):
            await uow.staff.keep(m)
        await uow.commit()
    async with units() as uow:
        assert [m.staff_id for m in await uow.staff.at_place(town)] == [
            clerk.staff_id, supervisor.staff_id]
