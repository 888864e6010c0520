"""PreferencesRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable

from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.preferences import Preferences
from daiban_notify.ports import UnitOfWork

from .conftest import AT, an_id


async def test_a_members_muted_channels_are_kept_and_replaced(
    units: Callable[[], UnitOfWork],
) -> None:
    staff_id, other = f"s-{an_id()[:12]}", f"s-{an_id()[:12]}"
    async with units() as uow:
        assert await uow.preferences.get(staff_id) is None
        await uow.preferences.save(Preferences(
            staff_id, frozenset({DeliveryChannel.SMS, DeliveryChannel.EMAIL}), AT))
        await uow.commit()
    async with units() as uow:
        await uow.preferences.save(Preferences(staff_id, frozenset({DeliveryChannel.EMAIL}), AT))
        await uow.commit()
    async with units() as uow:
        assert await uow.preferences.get(staff_id) == Preferences(
            staff_id, frozenset({DeliveryChannel.EMAIL}), AT)
        assert await uow.preferences.get(other) is None
