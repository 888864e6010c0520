"""The caller's channel preferences."""

from __future__ import annotations

from fastapi import APIRouter

from daiban_notify.api.deps import NotifyCommands, NotifyQueries, Staff
from daiban_notify.api.schemas import PreferencesIn, PreferencesOut
from daiban_notify.handlers import PreferencesOf, SetPreferences

router = APIRouter(prefix="/v1", tags=["preferences"])


@router.get("/preferences", response_model=PreferencesOut)
async def my_preferences(actor: Staff, queries: NotifyQueries) -> PreferencesOut:
    """The channels the caller has muted."""
    return PreferencesOut.from_domain(await queries.preferences(PreferencesOf(actor)))


@router.put("/preferences", response_model=PreferencesOut)
async def set_my_preferences(actor: Staff, commands: NotifyCommands,
                             body: PreferencesIn) -> PreferencesOut:
    """Mute exactly the given channels (sms, email); the inbox and alarms cannot be muted."""
    return PreferencesOut.from_domain(
        await commands.set_preferences(SetPreferences(actor, frozenset(body.muted))))
