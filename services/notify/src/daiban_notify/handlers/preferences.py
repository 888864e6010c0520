"""A staff member's own channel preferences: read and replaced by the member alone."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.actor import Actor
from daiban_kernel.clock import Clock
from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.preferences import Preferences
from daiban_notify.ports import UnitOfWork


@dataclass(frozen=True)
class PreferencesOf:
    """The caller's preferences (none muted until they choose)."""

    actor: Actor


@dataclass(frozen=True)
class SetPreferences:
    """The caller mutes exactly these channels (empty: hears every channel again)."""

    actor: Actor
    muted: frozenset[DeliveryChannel]


async def preferences_of(query: PreferencesOf, uow: UnitOfWork) -> Preferences:
    """The caller's preferences."""
    async with uow:
        found = await uow.preferences.get(query.actor.staff_id)
    return found or Preferences(query.actor.staff_id)


async def set_preferences(cmd: SetPreferences, uow: UnitOfWork, *, clock: Clock) -> Preferences:
    """Replace the caller's muted channels (the same again changes nothing but the time)."""
    async with uow:
        found = await uow.preferences.get(cmd.actor.staff_id) or Preferences(
            cmd.actor.staff_id)
        found.mute_only(cmd.muted, clock())
        await uow.preferences.save(found)
        await uow.commit()
        return found
