"""Rules a staff member keeps: tier, skills (一专多能), A/B partner (AB岗), duty events."""

from __future__ import annotations

from dataclasses import replace

from daiban_kernel.contracts.staff import Duty, StaffDutyChangedV1, StaffUpdatedV1
from daiban_kernel.roles import Role
from daiban_routing.domain.checks import StaffContext, check_staff
from daiban_routing.domain.master_record import Row
from daiban_routing.domain.places import Department, Station
from daiban_routing.domain.staff import StaffMember, StaffRecord

VILLAGE_STATION = Station("110116111201-01", "110116111201", "郑栅子村便民服务室")
OTHER_STATION = Station("110116111202-01", "110116111202", "宝山寺村便民服务室")
A = StaffMember("a", "于国云", "13800000001", Role.VILLAGE_AGENT, VILLAGE_STATION.code,
                ("MZ", "RS"), partner_id="b")
B = StaffMember("b", "陈海燕", "13800000002", Role.ONLINE_AGENT, VILLAGE_STATION.code,
                ("RS", "CL"), partner_id="a")
CONTEXT = StaffContext(
    stations={s.code: s for s in (VILLAGE_STATION, OTHER_STATION)},
    departments={("110116", c): Department("110116", c, c) for c in ("MZ", "RS", "CL")},
    staff={})


def fields(member: StaffMember) -> list[str]:
    return [f for f, _ in member.problems()]


def test_agents_and_clerks_are_trained_for_at_least_two_departments() -> None:
    assert fields(replace(A, skills=("MZ",))) == ["skills"]
    assert fields(replace(A, role=Role.TOWN_CLERK, station_code="110116111-01",
                          skills=("MZ",))) == ["skills"]
    assert fields(replace(A, role=Role.COUNTY_COORDINATOR, station_code="110116-01",
                          skills=())) == []


def test_a_role_works_at_its_tier() -> None:
    assert fields(replace(A, role=Role.TOWN_CLERK)) == ["role"]
    assert fields(replace(A, station_code="110116111-01")) == ["role"]
    assert fields(replace(A, role=Role.SUPERVISOR, station_code="110116111-01")) == []


def test_nobody_partners_themself_and_a_member_who_left_has_no_partner() -> None:
    assert fields(replace(A, partner_id="a")) == ["partner_id"]
    assert fields(replace(A, active=False)) == ["partner_id"]


def test_skills_are_kept_sorted_and_named_once() -> None:
    assert replace(A, skills=("RS", "MZ")).skills == ("MZ", "RS")
    assert fields(replace(A, skills=("MZ", "MZ", "RS"))) == ["skills"]


def test_partners_are_mutual_colleagues() -> None:
    assert check_staff([Row("", A), Row("", B)], CONTEXT) == []
    moved = replace(B, station_code=OTHER_STATION.code)
    problems = check_staff([Row("r2.", A), Row("r3.", moved)], CONTEXT)
    assert [p.field for p in problems] == ["r2.partner_id", "r3.partner_id"]
    assert "works at 110116111202-01" in problems[0].reason
    lonely = replace(B, partner_id=None)
    assert [p.field for p in check_staff([Row("", A), Row("x.", lonely)], CONTEXT)] == [
        "partner_id"]


def test_a_kept_partner_left_naming_a_member_is_reported() -> None:
    context = replace(CONTEXT, staff={"a": A, "b": B})
    problems = check_staff([Row("r2.", replace(A, partner_id=None))], context)
    assert [(p.field, p.reason) for p in problems] == [
        ("r2.partner_id", "b still names a as A/B partner; change both")]


def test_unknown_station_partner_and_departments_are_named() -> None:
    stray = replace(A, station_code="110116111299-01", skills=("MZ", "XX"), partner_id="zz")
    problems = check_staff([Row("", stray)], CONTEXT)
    assert sorted(p.field for p in problems) == ["partner_id", "skills", "station_code"]


def test_a_change_of_duty_alone_is_a_duty_event() -> None:
    record = StaffRecord(A)
    record.revise(replace(A, duty=Duty.ABSENT))
    record.revise(replace(A, duty=Duty.ABSENT, name="于国运"))
    assert [type(e) for e in record.events] == [StaffDutyChangedV1, StaffUpdatedV1]
    assert record.events[0].snapshot.duty is Duty.ABSENT  # type: ignore[attr-defined]
    assert record.events[0].place() == "110116111201"
