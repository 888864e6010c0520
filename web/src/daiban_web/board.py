"""The hall-screen board of a county or town (办事大厅公示屏): what the page shows, built from
the public APIs' answers. Names come masked from the API (王*华); the page never sees more.
Villages and towns are shown by name (routing's public places), by code when none is known."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from daiban_kernel.places import PlaceCode, PlaceTier
from daiban_web.public_api import Lights, PublicApi, Results


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
    names: Mapping[str, str] = field(default_factory=dict)
    """Code → name of the place and the places under it, as far as they are known."""

    @property
    def place_name(self) -> str | None:
        """The name of the board's place, if known."""
        return self.names.get(self.place_code)

    def name_of(self, code: str) -> str:
        """A place under the board by name, or by its code when its name is not known."""
        return self.names.get(code, code)


def board_of(place: PlaceCode, results: Results, lights: Lights,
             names: Mapping[str, str] | None = None) -> Board:
    """The board of ``place``: its latest results and on-time figures, and its open red and
    yellow cases counted by town, reddest first; places named by ``names``."""
    red: Counter[str] = Counter()
    yellow: Counter[str] = Counter()
    for item in lights.items:
        town = PlaceCode(item.place_code).at(PlaceTier.TOWN)
        (red if item.light == "red" else yellow)[town] += 1
    towns = [TownLights(code, red[code], yellow[code]) for code in red.keys() | yellow.keys()]
    towns.sort(key=lambda t: (-t.red, -t.yellow, t.town_code))
    return Board(place_code=place, results=results, towns=towns, red=sum(red.values()),
                 yellow=sum(yellow.values()), complete=lights.complete, names=names or {})


async def read_board(api: PublicApi, place: PlaceCode, *, latest: int) -> Board:
    """The board of ``place`` from the public APIs: sla's results and lights, routing's place
    names (kept a few minutes by ``api``)."""
    results = await api.results(place, latest=latest)
    lights = await api.lights(place)
    return board_of(place, results, lights, await api.place_names(place))
