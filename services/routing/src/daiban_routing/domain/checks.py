"""Rules that need more than one record: a whole file (or one API change) against what is kept.

The state a change would leave is what is kept overlaid with the change's rows; every rule is
checked on that state and reported on the row that breaks it. Checks return problems and never
raise, so a file is refused with all of its problems at once. ``unresolved`` holds the keys of
rows refused for their own problems: their dependants are not reported a second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from daiban_kernel.errors import FieldProblem
from daiban_kernel.places import PlaceCode
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.master_record import Key, Row, Value
from daiban_routing.domain.places import Department, Place, Station
from daiban_routing.domain.staff import StaffMember

V = TypeVar("V", bound=Value)
SHOWN = 5  # how many dependants a reason names


def _listed(items: Sequence[str]) -> str:
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(sorted(items)[:SHOWN]) + more


def without_duplicates(rows: Sequence[Row[V]]) -> tuple[list[Row[V]], list[FieldProblem]]:
    """The first row of each key, and a problem for every repeat."""
    first: dict[Key, Row[V]] = {}
    problems: list[FieldProblem] = []
    for row in rows:
        earlier = first.setdefault(row.value.key, row)
        if earlier is not row:
            fields = type(row.value).key_fields
            problems.append(row.problem(fields[-1], "duplicate: also in "
                                        + (earlier.where.rstrip(".") or "this request")))
    return list(first.values()), problems


def outside(rows: Sequence[Row[V]], within: Jurisdiction) -> list[FieldProblem]:
    """Rows about places outside the caller's jurisdiction."""
    return [row.problem(type(row.value).place_field, f"outside your jurisdiction {within}")
            for row in rows if not within.covers(row.value.place_code)]


@dataclass(frozen=True)
class PlaceContext:
    """What is kept that a change to places must agree with."""

    places: Mapping[str, Place]
    stationed: Collection[str]  # places with an active station


def check_places(rows: Sequence[Row[Place]], context: PlaceContext, *,
                 unresolved: Collection[Key] = ()) -> list[FieldProblem]:
    """Parents exist and are active; a deactivated place has no active children or station."""
    final = {**context.places, **{row.value.code: row.value for row in rows}}
    children: dict[str, list[str]] = defaultdict(list)
    for place in final.values():
        if place.active and place.parent_code is not None:
            children[place.parent_code].append(place.code)
    problems: list[FieldProblem] = []
    for row in rows:
        place = row.value
        parent = final.get(place.parent_code) if place.parent_code else None
        if place.parent_code and parent is None and (place.parent_code,) not in unresolved:
            problems.append(row.problem("parent_code", f"unknown parent code {place.parent_code}"))
        if parent is not None and place.active and not parent.active:
            problems.append(row.problem("active", f"the parent {parent.code} is deactivated"))
        if not place.active and children.get(place.code):
            problems.append(row.problem("active", "active places remain under it: "
                                        + _listed(children[place.code])))
        if not place.active and place.code in context.stationed:
            problems.append(row.problem("active", "an active station remains at it"))
    return problems


@dataclass(frozen=True)
class StationContext:
    """What is kept that a change to stations must agree with."""

    places: Mapping[str, Place]
    staffed: Mapping[str, Sequence[str]]  # station code → its active staff


def check_stations(rows: Sequence[Row[Station]], context: StationContext) -> list[FieldProblem]:
    """The place exists and is active; a closed station has no active staff."""
    problems: list[FieldProblem] = []
    for row in rows:
        station = row.value
        place = context.places.get(station.place_code)
        if place is None:
            problems.append(row.problem("place_code", f"unknown place {station.place_code}"))
        elif station.active and not place.active:
            problems.append(row.problem("active", f"the place {place.code} is deactivated"))
        if not station.active and context.staffed.get(station.code):
            problems.append(row.problem("active", "active staff remain at it: "
                                        + _listed(context.staffed[station.code])))
    return problems


def check_departments(rows: Sequence[Row[Department]],
                      counties: Mapping[str, Place]) -> list[FieldProblem]:
    """The county exists and is active."""
    problems: list[FieldProblem] = []
    for row in rows:
        county = counties.get(row.value.county_code)
        if county is None:
            problems.append(row.problem("county_code", f"unknown county {row.value.county_code}"))
        elif row.value.active and not county.active:
            problems.append(row.problem("active", f"the county {county.code} is deactivated"))
    return problems


@dataclass(frozen=True)
class StaffContext:
    """What is kept that a change to staff must agree with."""

    stations: Mapping[str, Station]
    departments: Mapping[Key, Department]
    staff: Mapping[str, StaffMember]  # the members changed, their partners, who names them


def check_staff(rows: Sequence[Row[StaffMember]], context: StaffContext, *,
                unresolved: Collection[Key] = ()) -> list[FieldProblem]:
    """Station and departments exist and are active; A/B partners are mutual and colleagues."""
    final = {**context.staff, **{row.value.staff_id: row.value for row in rows}}
    problems: list[FieldProblem] = []
    for row in rows:
        problems += _station(row, context) + _skills(row, context)
        problems += _partner(row, final, unresolved)
    return problems + _abandoned(rows, context.staff, final)


def _station(row: Row[StaffMember], context: StaffContext) -> list[FieldProblem]:
    station = context.stations.get(row.value.station_code)
    if station is None:
        return [row.problem("station_code", f"unknown station {row.value.station_code}")]
    if row.value.active and not station.active:
        return [row.problem("station_code", f"the station {station.code} is closed")]
    return []


def _skills(row: Row[StaffMember], context: StaffContext) -> list[FieldProblem]:
    county = PlaceCode(row.value.place_code).county
    known = {code: context.departments.get((county, code)) for code in row.value.skills}
    unknown = [code for code, department in known.items() if department is None]
    if unknown:
        return [row.problem("skills", f"unknown departments of county {county}: "
                            + _listed(unknown))]
    closed = [code for code, d in known.items() if d is not None and not d.active]
    if closed and row.value.active:
        return [row.problem("skills", "deactivated departments: " + _listed(closed))]
    return []


def _partner(row: Row[StaffMember], final: Mapping[str, StaffMember],
             unresolved: Collection[Key]) -> list[FieldProblem]:
    member = row.value
    if member.partner_id is None:
        return []
    partner = final.get(member.partner_id)
    if partner is None:
        if (member.partner_id,) in unresolved:
            return []
        return [row.problem("partner_id", f"unknown staff member {member.partner_id}")]
    if partner.station_code != member.station_code:
        return [row.problem("partner_id", f"the A/B partner {partner.staff_id} works at "
                            f"{partner.station_code}, not at {member.station_code}")]
    if not partner.active:
        return [row.problem("partner_id", f"the A/B partner {partner.staff_id} has left")]
    if partner.partner_id != member.staff_id:
        return [row.problem("partner_id", f"{partner.staff_id} names "
                            f"{partner.partner_id or 'nobody'} as A/B partner; "
                            "a partnership is mutual")]
    return []


def _abandoned(rows: Sequence[Row[StaffMember]], kept: Mapping[str, StaffMember],
               final: Mapping[str, StaffMember]) -> list[FieldProblem]:
    """Kept members the change leaves naming a partner who no longer names them."""
    changed = {row.value.staff_id: row for row in rows}
    problems: list[FieldProblem] = []
    for other in kept.values():
        row = changed.get(other.partner_id or "")
        if row is None or other.staff_id in changed:
            continue
        if final[row.value.staff_id].partner_id != other.staff_id:
            problems.append(row.problem("partner_id", f"{other.staff_id} still names "
                                        f"{row.value.staff_id} as A/B partner; change both"))
    return problems
