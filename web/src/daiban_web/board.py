"""The hall-screen board of a county or town (办事大厅公示屏): what the page shows, built from
the public APIs' answers. Names come masked from the API (王*华); the page never sees more."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from daiban_kernel.places import PlaceCode, PlaceTier
from daiban_web.public_api import Lights, Results


@dataclass(frozen=True)
class TownLights:
    """The open red and yellow cases of one town, or of the county's own desks and departments
    (``town_code`` is then the county's code)."""

    town_code: str
    red: int
    yellow: int


@dataclass(frozen=True)
class Board:
    """Everything the board page shows for a place."""

    place_code: str
    results: Results
    towns: list[TownLights]
    red: int
    yellow: int
    complete: bool


def board_of(place: PlaceCode, results: Results, lights: Lights) -> Board:
    """The board of ``place``: its latest results and on-time figures, and its open red and
    yellow cases counted by town, reddest first."""
    red: Counter[str] = Counter()
    yellow: Counter[str] = Counter()
    for item in lights.items:
        town = PlaceCode(item.place_code).at(PlaceTier.TOWN)
        (red if item.light == "red" else yellow)[town] += 1
    towns = [TownLights(code, red[code], yellow[code]) for code in red.keys() | yellow.keys()]
    towns.sort(key=lambda t: (-t.red, -t.yellow, t.town_code))
    return Board(place_code=place, results=results, towns=towns, red=sum(red.values()),
                 yellow=sum(yellow.values()), complete=lights.complete)
