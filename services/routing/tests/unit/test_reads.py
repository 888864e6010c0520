"""What staff may read: their place and below; the public board shows agents without phones."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_kernel.roles import Role
from daiban_routing.domain.errors import RecordNotFound
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.handlers import reads
from daiban_routing.handlers.kinds import KINDS
from daiban_routing.handlers.master import import_file


@pytest.fixture
async def loaded(routing: Any, county_files: Any) -> Any:
    files = county_files("110116")
    for kind in KINDS:
        await import_file(kind, files[kind.noun], SheetFormat.CSV, scope="", uow=routing.uow())
    return routing


async def test_a_place_comes_with_its_children(loaded: Any) -> None:
    view = await reads.place_view("110116107", scope="110116107", uow=loaded.uow())
    assert [c.value.code for c in view.children] == ["110116107201", "110116107202"]


async def test_a_place_above_the_callers_is_not_found(loaded: Any) -> None:
    with pytest.raises(RecordNotFound):
        await reads.place_view("110116", scope="110116107", uow=loaded.uow())
    with pytest.raises(RecordNotFound):
        await reads.station("110116001-01", scope="110116107", uow=loaded.uow())


async def test_children_come_a_page_at_a_time_in_code_order(loaded: Any) -> None:
    first = await reads.places_under("110116", scope="", after=None, limit=1, uow=loaded.uow())
    rest = await reads.places_under("110116", scope="", after=first[-1].value.code, limit=5,
                                    uow=loaded.uow())
    assert [p.value.code for p in first + rest] == ["110116001", "110116107"]


async def test_the_public_board_lists_the_active_agents_only(loaded: Any) -> None:
    agents = await reads.public_agents("110116107202-01", uow=loaded.uow())
    assert [(a.name, a.role) for a in agents] == [("于国云", Role.VILLAGE_AGENT),
                                                  ("陈海燕", Role.ONLINE_AGENT)]
    assert await reads.public_agents("110116107201-01", uow=loaded.uow()) == []
