"""Statistical division codes (统计用区划代码) and the tiers they name.

A county (区/县) has 6 digits, a town or street (乡/镇/街道) 9, a village or community (村/社区) 12;
a place's code begins with the code of every place above it, so "lies under" is a prefix. This is
the one jurisdiction rule of Daiban: a caller sees its own place and everything under it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

PLACE_CODE = r"^([0-9]{6}|[0-9]{9}|[0-9]{12})$"
COUNTY_CODE = r"^[0-9]{6}$"
TOWN_CODE = r"^[0-9]{9}$"
VILLAGE_CODE = r"^[0-9]{12}$"
STATION_CODE = r"^([0-9]{6}|[0-9]{9}|[0-9]{12})-[0-9]{2}$"


class PlaceTier(StrEnum):
    """The tier of a place, told by the length of its code."""

    COUNTY = "county"  # 区/县, 6 digits
    TOWN = "town"  # 乡/镇/街道, 9 digits
    VILLAGE = "village"  # 村/社区, 12 digits


DIGITS = {PlaceTier.COUNTY: 6, PlaceTier.TOWN: 9, PlaceTier.VILLAGE: 12}
TIER_BY_LENGTH = {length: tier for tier, length in DIGITS.items()}


class NotAPlaceCode(ValueError):
    """A string that is not a 6, 9 or 12 digit division code."""


class PlaceCode(str):
    """A division code, checked on construction, with its arithmetic."""

    __slots__ = ()

    def __new__(cls, value: str) -> Self:
        if not (isinstance(value, str) and value.isascii() and value.isdigit()
                and len(value) in TIER_BY_LENGTH):
            raise NotAPlaceCode(f"{value!r} is not a 6, 9 or 12 digit division code")
        return super().__new__(cls, value)

    @classmethod
    def parse(cls, value: str | None) -> Self | None:
        """The code, or None when ``value`` is not one."""
        try:
            return None if value is None else cls(value)
        except NotAPlaceCode:
            return None

    @property
    def tier(self) -> PlaceTier:
        """County, town or village."""
        return TIER_BY_LENGTH[len(self)]

    @property
    def county(self) -> PlaceCode:
        """The county the place lies in (a county is its own)."""
        return PlaceCode(self[:6])

    @property
    def town(self) -> PlaceCode | None:
        """The town a village lies in, a town itself, or None for a county."""
        return None if len(self) == 6 else PlaceCode(self[:9])

    @property
    def parent(self) -> PlaceCode | None:
        """The place one tier up; None for a county."""
        return {12: PlaceCode(self[:9]), 9: PlaceCode(self[:6])}.get(len(self))

    def at(self, tier: PlaceTier) -> PlaceCode:
        """The place of ``tier`` this place lies in (a village's town, a town's county); a place
        above ``tier`` is itself."""
        return PlaceCode(self[:min(len(self), DIGITS[tier])])

    def covers(self, other: str) -> bool:
        """Whether ``other`` is this place or lies under it (the jurisdiction rule)."""
        return other.startswith(self)


def place_of_station(station_code: str) -> str:
    """The place a station stands at: its code without the ``-NN`` that numbers the station
    (not checked: a malformed station code gives a malformed place code)."""
    return station_code.rsplit("-", 1)[0]
