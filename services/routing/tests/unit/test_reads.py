"""What staff may read: their place and below; the public board shows agents without phones."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_kernel.places import PlaceCode
from daiban_kernel.roles import Role
from daiban_routing.domain.errors import RecordNotFound
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.handlers.kinds import KINDS
from daiban_routing.handlers.master import ImportFile
from daiban_routing.handlers.reads import PageUnder, PlaceOf, PublicAgents, StationOf

ALL = Jurisdiction.everywhere()
IN_110116107 = Jurisdiction(PlaceCode("110116107"))


@pytest.fixture
async def loaded(routing: Any, county_files: Any) -> Any:
    files = county_files("110116")
    for kind in KINDS:
        await routing.commands.import_file(ImportFile(kind, files[kind.noun], SheetFormat.CSV, ALL))
    return routing


async def test_a_place_comes_with_its_children(loaded: Any) -> None:
    view = await loaded.queries.place_view(PlaceOf("110116107", IN_110116107))
    assert [c.value.code for c in view.children] == ["110116107201", "110116107202"]


async def test_a_place_above_the_callers_is_not_found(loaded: Any) -> None:
    with pytest.raises(RecordNotFound):
        await loaded.queries.place_view(PlaceOf("110116", IN_110116107))
    with pytest.raises(RecordNotFound):
        await loaded.queries.station(StationOf("110116001-01", IN_110116107))


async def test_children_come_a_page_at_a_time_in_code_order(loaded: Any) -> None:
    first = await loaded.queries.places_under(PageUnder("110116", ALL, None, 1))
    rest = await loaded.queries.places_under(PageUnder("110116", ALL, first[-1].value.code, 5))
    assert [p.value.code for p in first + rest] == ["110116001", "110116107"]


async def test_the_public_board_lists_the_active_agents_only(loaded: Any) -> None:
    agents = await loaded.queries.public_agents(PublicAgents("110116107202-01"))
    assert [(a.name, a.role) for a in agents] == [("于国云", Role.VILLAGE_AGENT),
                                                  ("陈海燕", Role.ONLINE_AGENT)]
    assert await loaded.queries.public_agents(PublicAgents("110116107201-01")) == []
