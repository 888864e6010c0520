"""Division codes: their tier, the places above them, and the one jurisdiction rule."""

from __future__ import annotations

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.errors import Forbidden
from daiban_kernel.places import NotAPlaceCode, PlaceCode, PlaceTier
from daiban_kernel.roles import ROLE_TIERS, Role, works_at


@pytest.mark.parametrize(("code", "tier"), [("110116", PlaceTier.COUNTY),
                                            ("110116104", PlaceTier.TOWN),
                                            ("110116104201", PlaceTier.VILLAGE)])
def test_a_codes_length_tells_its_tier(code: str, tier: PlaceTier) -> None:
    assert PlaceCode(code).tier is tier


@pytest.mark.parametrize("bad", ["", "11011", "1101161", "1101161042011", "11011６",
                                 "abcdefghijkl", "110116 "])
def test_anything_but_6_9_or_12_ascii_digits_is_not_a_place_code(bad: str) -> None:
    with pytest.raises(NotAPlaceCode):
        PlaceCode(bad)
    assert PlaceCode.parse(bad) is None


def test_a_village_lies_in_its_town_and_county() -> None:
    village = PlaceCode("110116104201")
    assert (village.town, village.county, village.parent) == ("110116104", "110116", "110116104")
    assert PlaceCode("110116104").parent == "110116"
    assert PlaceCode("110116").parent is None
    assert PlaceCode("110116").town is None
    assert village.at(PlaceTier.TOWN) == "110116104"
    assert PlaceCode("110116").at(PlaceTier.VILLAGE) == "110116"


def test_a_place_covers_itself_and_what_lies_under_it_only() -> None:
    town = PlaceCode("110116104")
    assert town.covers("110116104")
    assert town.covers("110116104201")
    assert not town.covers("110116105201")
    assert not town.covers("110116")


def test_an_actor_sees_their_place_and_is_refused_another() -> None:
    clerk = Actor(staff_id="c1", role=Role.TOWN_CLERK, place="110116104", name="张敏")
    assert clerk.covers("110116104201")
    assert not clerk.covers("110116105201")
    with pytest.raises(Forbidden, match="village_code 110116105201"):
        clerk.require_place("110116105201", field="village_code")


def test_every_role_works_at_some_tier_and_village_roles_only_at_a_village() -> None:
    assert set(ROLE_TIERS) == set(Role)
    for role in (Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER):
        assert works_at(role, PlaceTier.VILLAGE)
        assert not works_at(role, PlaceTier.TOWN)
    assert works_at(Role.TOWN_CLERK, PlaceTier.TOWN)
    assert not works_at(Role.COUNTY_COORDINATOR, PlaceTier.TOWN)
