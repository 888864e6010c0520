"""What the board and the notice board show, from the public APIs' answers (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime

from daiban_kernel.places import PlaceCode
from daiban_web.board import board_of
from daiban_web.notice_board import notice_board_of
from daiban_web.public_api import (
    Lights,
    OnTime,
    PlaceNames,
    PublicLight,
    PublicMatter,
    PublicStation,
    Results,
    StationAgent,
)

NONE = OnTime(finished=0, on_time=0, late=0, on_time_rate=None)
RESULTS = Results(latest=[], today=NONE, this_month=NONE)


def lit(n: int, place: str, light: str) -> PublicLight:
    return PublicLight(case_number=f"110116-20261201-{n:06d}", matter_name="残疾人证办理",
                       place_code=place, light=light, deadline=datetime(2026, 12, 1, tzinfo=UTC))


def test_lights_are_counted_by_the_town_holding_the_stage_the_county_apart_reddest_first() -> None:
    board = board_of(PlaceCode("110116"), RESULTS, Lights([
        lit(1, "110116111201", "yellow"), lit(2, "110116111202", "yellow"),
        lit(3, "110116112201", "red"), lit(4, "110116111", "red"), lit(5, "110116", "red"),
    ], complete=True))
    assert [(t.town_code, t.red, t.yellow) for t in board.towns] == [
        ("110116111", 1, 2), ("110116", 1, 0), ("110116112", 1, 0)]
    assert (board.red, board.yellow, board.complete) == (3, 2, True)


def test_a_board_with_no_light_lists_no_town() -> None:
    board = board_of(PlaceCode("110116111"), RESULTS, Lights([], complete=True))
    assert (board.towns, board.red, board.yellow) == ([], 0, 0)


def matter(code: str, kind: str) -> PublicMatter:
    return PublicMatter(code=code, name=code, kind=kind, deciding_tier="town",
                        limit_working_days=5, proxy_allowance_days=1,
                        stages=["village", "town"], materials=[],
                        authorization_required=False, fee_yuan=None)


def station(*agents: StationAgent) -> PublicStation:
    return PublicStation(code="110116111201-01", name="郑栅子村便民服务室",
                         place_code="110116111201", place_name="郑栅子村", town_name="宝山镇",
                         phone=None, supervision_phone="010-69641015", agents=list(agents))


def test_the_notice_board_keeps_in_person_matters_apart_and_names_roles_in_chinese() -> None:
    notice = notice_board_of(station(StationAgent("于国云", "village_agent", "138****0001"),
                                     StationAgent("李林珍", "grid_worker", "138****0002")),
                             [matter("MZ-002", "proxy"), matter("GA-001", "in_person"),
                              matter("MZ-001", "accept")])
    assert [(a.name, a.role, a.phone) for a in notice.agents] == [
        ("于国云", "村代办员", "138****0001"), ("李林珍", "网格员", "138****0002")]
    assert [m.code for m in notice.matters] == ["MZ-001", "MZ-002"]
    assert [m.code for m in notice.in_person] == ["GA-001"]


def test_the_notice_board_names_the_station_its_town_and_its_supervision_phone() -> None:
    notice = notice_board_of(station(), [])
    assert (notice.station_name, notice.town_name, notice.phone, notice.supervision_phone) == (
        "郑栅子村便民服务室", "宝山镇", None, "010-69641015")


def test_the_board_names_the_places_it_knows_and_shows_the_code_of_the_others() -> None:
    board = board_of(PlaceCode("110116"), RESULTS, Lights([], complete=True),
                     {"110116": "怀柔区", "110116111": "宝山镇"})
    assert board.place_name == "怀柔区"
    assert (board.name_of("110116111"), board.name_of("110116112")) == ("宝山镇", "110116112")
    assert board_of(PlaceCode("110116"), RESULTS, Lights([], complete=True)).place_name is None


def test_place_names_are_kept_for_their_time_and_then_read_again() -> None:
    now = [1000.0]
    names = PlaceNames(seconds=300, clock=lambda: now[0])
    assert names.get("110116") is None
    names.keep("110116", {"110116": "怀柔区"})
    now[0] += 299
    assert names.get("110116") == {"110116": "怀柔区"}
    assert names.get("110116111") is None
    now[0] += 1
    assert names.get("110116") is None
