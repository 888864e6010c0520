"""Rules a place, station or department keeps on its own, and against the tree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from daiban_kernel.contracts.place import PlaceDeactivatedV1, PlaceUpdatedV1, StationKind
from daiban_routing.domain.checks import PlaceContext, StationContext, check_places, check_stations
from daiban_routing.domain.master_record import Row
from daiban_routing.domain.places import Department, Place, PlaceRecord, Station

COUNTY = Place("110116", "怀柔区", None, None)
TOWN = Place("110116111", "宝山镇", "110116", Decimal("85.0"))
VILLAGE = Place("110116111201", "郑栅子村", "110116111", Decimal("12.5"))


def reasons(value: Place | Station) -> dict[str, str]:
    return dict(value.problems())


@pytest.mark.parametrize("code", ["11011", "1101161", "1101161112011", "11011a", "١١٠١١٦"])
def test_a_code_has_6_9_or_12_digits(code: str) -> None:
    assert "code" in reasons(Place(code, "某地", None, None))


def test_a_village_lies_in_a_town_not_directly_in_the_county() -> None:
    assert "parent_code" in reasons(Place("110116111201", "村", "110116", Decimal(1)))


def test_a_childs_code_starts_with_its_parents() -> None:
    assert "code" in reasons(Place("110116111201", "村", "110116110", Decimal(1)))


def test_a_distance_cannot_be_negative_or_missing_below_the_county() -> None:
    assert "distance_km" in reasons(Place("110116111", "镇", "110116", Decimal("-1")))
    assert "distance_km" in reasons(Place("110116111", "镇", "110116", None))
    assert "distance_km" in reasons(Place("110116111", "镇", "110116", Decimal("1.25")))


def test_a_county_has_no_parent_and_no_distance() -> None:
    assert set(reasons(Place("110116", "区", "110000", Decimal(1)))) == {"parent_code",
                                                                          "distance_km"}
    assert [COUNTY.problems(), TOWN.problems(), VILLAGE.problems()] == [[], [], []]


def test_a_stations_code_is_its_place_code_and_two_digits() -> None:
    assert Station("110116111201-01", "110116111201", "便民服务室").problems() == []
    assert "code" in dict(Station("110116111202-01", "110116111201", "便民服务室").problems())
    assert "code" in dict(Station("110116111201-1", "110116111201", "便民服务室").problems())


@pytest.mark.parametrize("phone", ["010-69644000", "01069644000", "0471-6961234", "13800000001",
                                   "12345", "12388", "400-810-1234", "4008101234"])
def test_a_station_may_be_called_at_a_landline_mobile_or_service_number(phone: str) -> None:
    station = Station("110116-01", "110116", "中心", phone, supervision_phone=phone)
    assert station.problems() == []


@pytest.mark.parametrize("phone", ["69644000", "1380000000", "123", "12345678901234",
                                   "010 69644000", "纪委监委", "+86-10-69644000", "950001234"])
def test_a_stations_phones_that_are_not_numbers_an_office_has_are_refused(phone: str) -> None:
    assert set(reasons(Station("110116-01", "110116", "中心", phone))) == {"phone"}
    assert set(reasons(Station("110116-01", "110116", "中心", supervision_phone=phone))) == {
        "supervision_phone"}


def test_a_stations_kind_follows_the_tier_of_its_place() -> None:
    assert Station("110116-01", "110116", "中心").kind is StationKind.GOVERNMENT_CENTRE
    assert Station("110116111-01", "110116111", "中心").kind is StationKind.SERVICE_CENTRE
    assert Station("110116111201-01", "110116111201", "室").kind is StationKind.SERVICE_ROOM


def test_a_department_belongs_to_a_county() -> None:
    assert "county_code" in dict(Department("110116111", "MZ", "民政").problems())
    assert "code" in dict(Department("110116", "民 政", "民政").problems())


def test_an_unchanged_place_records_no_event() -> None:
    record = PlaceRecord(TOWN, version=3)
    assert record.revise(TOWN) is False
    assert (record.events, record.version) == ([], 3)


def test_deactivating_records_deactivated_and_other_changes_updated() -> None:
    record = PlaceRecord(TOWN)
    record.revise(Place(TOWN.code, "宝山镇(新)", TOWN.parent_code, TOWN.distance_km))
    record.revise(Place(TOWN.code, "宝山镇(新)", TOWN.parent_code, TOWN.distance_km, False))
    assert [type(e) for e in record.events] == [PlaceUpdatedV1, PlaceDeactivatedV1]
    assert [e.snapshot.version for e in record.events] == [2, 3]  # type: ignore[attr-defined]


def test_a_parent_must_exist_in_the_tree_or_the_same_file() -> None:
    context = PlaceContext({"110116": COUNTY}, stationed=())
    rows = [Row("rows[2].", TOWN), Row("rows[3].", VILLAGE),
            Row("rows[4].", Place("110116110201", "村", "110116110", Decimal(1)))]
    assert [(p.field, p.reason) for p in check_places(rows, context)] == [
        ("rows[4].parent_code", "unknown parent code 110116110")]


def test_a_place_with_active_children_or_station_cannot_be_deactivated() -> None:
    context = PlaceContext({"110116": COUNTY, TOWN.code: TOWN, VILLAGE.code: VILLAGE},
                           stationed={VILLAGE.code})
    closed_town = Place(TOWN.code, TOWN.name, "110116", TOWN.distance_km, active=False)
    closed_village = Place(VILLAGE.code, VILLAGE.name, TOWN.code, Decimal(1), active=False)
    problems = check_places([Row("", closed_town), Row("x.", closed_village)], context)
    assert [p.field for p in problems] == ["x.active"]  # the village closes in the same change
    problems = check_places([Row("", closed_town)], context)
    assert [p.reason for p in problems] == [f"active places remain under it: {VILLAGE.code}"]


def test_an_active_place_needs_an_active_parent() -> None:
    closed = Place(TOWN.code, TOWN.name, "110116", TOWN.distance_km, active=False)
    context = PlaceContext({"110116": COUNTY, TOWN.code: closed}, stationed=())
    assert [p.field for p in check_places([Row("", VILLAGE)], context)] == ["active"]


def test_a_station_needs_a_known_active_place_and_closes_only_without_staff() -> None:
    station = Station("110116111201-01", VILLAGE.code, "便民服务室")
    assert [p.reason for p in check_stations([Row("", station)], StationContext({}, {}))] == [
        f"unknown place {VILLAGE.code}"]
    closed = Station(station.code, station.place_code, station.name, active=False)
    context = StationContext({VILLAGE.code: VILLAGE}, {station.code: ["s1", "s2"]})
    assert [p.reason for p in check_stations([Row("", closed)], context)] == [
        "active staff remain at it: s1, s2"]
