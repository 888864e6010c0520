"""The acting person (亮明身份): who did something, as a token, a command and an event name them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from daiban_kernel.errors import Forbidden
from daiban_kernel.places import PLACE_CODE, PlaceCode
from daiban_kernel.roles import Role


class Actor(BaseModel):
    """A staff member (or a resident) with a role and a place; ``staff_id`` is the token's
    ``sub`` and the id staff records use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    staff_id: str = Field(min_length=1, max_length=64)
    role: Role
    place: str = Field(pattern=PLACE_CODE)
    name: str | None = Field(default=None, min_length=1, max_length=50)

    def covers(self, place: str) -> bool:
        """Whether ``place`` is the actor's place or lies under it (their jurisdiction)."""
        return PlaceCode(self.place).covers(place)

    def require_place(self, place: str, *, field: str = "place") -> None:
        """Refuse an action on a place outside the actor's jurisdiction."""
        if not self.covers(place):
            raise Forbidden(f"{field} {place} is outside your jurisdiction {self.place}")
