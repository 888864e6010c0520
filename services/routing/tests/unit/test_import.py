"""Importing a file: all rows or none, every bad row named, silent when nothing changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from daiban_kernel.places import PlaceCode
from daiban_routing.domain.errors import RecordsRefused
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.handlers.kinds import DEPARTMENTS, KINDS, PLACES, STAFF, STATIONS
from daiban_routing.handlers.master import ExportFile, ImportFile

CSV = SheetFormat.CSV

ALL = Jurisdiction.everywhere()
IN_110116 = Jurisdiction(PlaceCode("110116"))


def within(scope: str) -> Jurisdiction:
    return Jurisdiction(PlaceCode(scope)) if scope else ALL


async def load(routing: Any, files: dict[str, bytes], scope: str = "") -> None:
    for kind in KINDS:
        await routing.commands.import_file(ImportFile(kind, files[kind.noun], CSV, within(scope)))


async def refused(routing: Any, kind: Any, body: bytes, scope: str = "") -> list[tuple[str, str]]:
    with pytest.raises(RecordsRefused) as caught:
        await routing.commands.import_file(ImportFile(kind, body, CSV, within(scope)))
    return [(p.field, p.reason) for p in caught.value.problems]


def edited(body: bytes, old: str, new: str) -> bytes:
    assert old.encode() in body
    return body.replace(old.encode(), new.encode())


async def test_import_then_export_gives_the_same_file(routing: Any, county_files: Any) -> None:
    files = county_files("110116")
    await load(routing, files)
    for kind in KINDS:
        exported = await routing.queries.export_file(ExportFile(kind, CSV, IN_110116))
        assert exported == files[kind.noun]


async def test_json_export_imports_back_without_change(routing: Any, uow: Any,
                                                       county_files: Any) -> None:
    await load(routing, county_files("110116"))
    before = len(uow.published)
    for kind in KINDS:
        body = await routing.queries.export_file(ExportFile(kind, SheetFormat.JSON, ALL))
        summary = await routing.commands.import_file(ImportFile(kind, body, SheetFormat.JSON, ALL))
        assert summary.unchanged == summary.rows > 0
        assert await routing.queries.export_file(ExportFile(kind, SheetFormat.JSON, ALL)) == body
    assert len(uow.published) == before


async def test_each_new_record_publishes_one_created_event(routing: Any, uow: Any,
                                                           county_files: Any) -> None:
    await load(routing, county_files("110116"))
    assert uow.types().count("place.created") == 6
    assert uow.types().count("place.department_created") == 3
    assert uow.types().count("place.station_created") == 6
    assert uow.types().count("staff.created") == 11
    assert len(uow.published) == 26


async def test_a_second_import_of_the_same_file_publishes_nothing(routing: Any, uow: Any,
                                                                  county_files: Any) -> None:
    files = county_files("110116")
    await load(routing, files)
    published = len(uow.published)
    summary = await routing.commands.import_file(ImportFile(STAFF, files["staff"], CSV, ALL))
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (11, 0, 0, 11)
    assert len(uow.published) == published


async def test_only_changed_rows_publish_and_the_event_fits_the_change(
    routing: Any, uow: Any, county_files: Any
) -> None:
    files = county_files("110116")
    await load(routing, files)
    uow.published.clear()
    body = edited(files["staff"], "13800000005,town_clerk,110116107-01,MZ;RS,110116-0004,absent",
                  "13800000005,town_clerk,110116107-01,MZ;RS,110116-0004,on_duty")
    body = edited(body, "王建国", "王建华")
    summary = await routing.commands.import_file(ImportFile(STAFF, body, CSV, ALL))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 9)
    assert sorted(uow.types()) == ["staff.duty_changed", "staff.updated"]
    assert {e.snapshot.version for e in uow.published} == {2}


async def test_a_bad_file_is_refused_whole_with_each_row_and_reason(
    routing: Any, uow: Any, county_files: Any
) -> None:
    files = county_files("110116")
    body = files["places"] + (
        "110116109201,新村,110116109,3.0,true\n"      # row 8: unknown parent
        "110116107201,重名村,110116107,2.0,true\n"    # row 9: duplicate code
        "110116108201,错村,110116107,2.0,true\n"      # row 10: not under its parent
        "110116107,镇,110116,5.0\n"                   # row 11: malformed
        "110116107204,远村,110116107,-3.0,true\n"     # row 12: negative distance
        "1101161072,短村,110116107,3.0,true\n"        # row 13: wrong code length
    ).encode()
    problems = await refused(routing, PLACES, body)
    assert [field for field, _ in problems] == [
        "rows[11]", "rows[9].code", "rows[10].code", "rows[12].distance_km", "rows[13].code",
        "rows[8].parent_code"]
    assert dict(problems)["rows[8].parent_code"] == "unknown parent code 110116109"
    assert dict(problems)["rows[9].code"] == "duplicate: also in rows[6]"
    assert uow.published == []
    assert uow.places.rows == {}


async def test_a_partner_at_another_station_refuses_the_staff_file(
    routing: Any, uow: Any, county_files: Any
) -> None:
    files = county_files("110116")
    for kind in (PLACES, DEPARTMENTS, STATIONS):
        await routing.commands.import_file(ImportFile(kind, files[kind.noun], CSV, ALL))
    body = edited(files["staff"], "陈海燕,13800000007,online_agent,110116107202-01",
                  "陈海燕,13800000007,online_agent,110116107201-01")
    body = edited(body, "110116107-01,CL;MZ;RS", "110116109-01,CL;MZ;XX")
    problems = await refused(routing, STAFF, body)
    assert [field for field, _ in problems] == [
        "rows[5].station_code", "rows[5].skills", "rows[5].partner_id", "rows[6].partner_id",
        "rows[7].partner_id", "rows[8].partner_id"]
    assert dict(problems)["rows[7].partner_id"] == (
        "the A/B partner 110116-0007 works at 110116107201-01, not at 110116107202-01")
    assert uow.staff.rows == {}
    assert not [t for t in uow.types() if t.startswith("staff.")]


async def test_rows_outside_the_callers_jurisdiction_are_refused(
    routing: Any, county_files: Any
) -> None:
    problems = await refused(routing, PLACES, county_files("110116")["places"],
                             scope="110116107")
    assert {field for field, _ in problems} == {"rows[2].code", "rows[3].code", "rows[4].code"}


async def test_a_file_that_is_not_the_kinds_columns_is_refused(routing: Any) -> None:
    assert await refused(routing, STATIONS, b"code,name\n1,2\n") == [
        ("rows[1]", "the header row must name the columns "
         "code,place_code,name,phone,supervision_phone,active")]


async def test_the_demo_files_keep_every_rule_and_are_canonical(routing: Any) -> None:
    demo = Path(__file__).resolve().parents[4] / "data" / "demo"
    files = {kind.noun: (demo / f"{kind.noun}.csv").read_bytes() for kind in KINDS}
    await load(routing, files)
    for kind in KINDS:
        assert await routing.queries.export_file(ExportFile(kind, CSV, ALL)) == files[kind.noun]


async def test_a_members_email_reaches_the_staff_events_when_the_file_names_it(
    routing: Any, uow: Any, county_files: Any
) -> None:
    await load(routing, county_files("110116"))
    emails = {e.snapshot.staff_id: e.snapshot.email for e in uow.published
              if e.event_type == "staff.created"}
    assert emails["110116-0006"] == "yuguoyun@huairou.example"
    assert emails["110116-0007"] is None


async def test_a_staff_file_written_before_the_email_column_still_imports(
    routing: Any, uow: Any, county_files: Any
) -> None:
    files = county_files("110116")
    for kind in KINDS[:-1]:
        await routing.commands.import_file(ImportFile(kind, files[kind.noun], CSV, ALL))
    lines = files["staff"].decode().splitlines()
    older = "\n".join(line.rsplit(",", 1)[0] for line in lines).encode() + b"\n"
    summary = await routing.commands.import_file(ImportFile(STAFF, older, CSV, ALL))
    assert summary.created == 11
    as_json = json.loads(await routing.queries.export_file(ExportFile(STAFF, SheetFormat.JSON,
                                                                      ALL)))
    assert {row["email"] for row in as_json} == {None}
    for row in as_json:
        del row["email"]
    again = await routing.commands.import_file(
        ImportFile(STAFF, json.dumps(as_json).encode(), SheetFormat.JSON, ALL))
    assert again.unchanged == 11


async def test_an_email_that_is_not_an_address_is_refused_naming_the_row(
    routing: Any, county_files: Any
) -> None:
    files = county_files("110116")
    body = edited(files["staff"], "yuguoyun@huairou.example", "yuguoyun")
    for kind in KINDS[:-1]:
        await routing.commands.import_file(ImportFile(kind, files[kind.noun], CSV, ALL))
    problems = await refused(routing, STAFF, body)
    assert [field for field, _ in problems] == ["rows[7].email"]


async def test_a_stations_supervision_phone_reaches_the_station_events(
    routing: Any, uow: Any, county_files: Any
) -> None:
    await load(routing, county_files("110116"))
    phones = {e.snapshot.code: e.snapshot.supervision_phone for e in uow.published
              if e.event_type == "place.station_created"}
    assert phones["110116-01"] == "12388"
    assert phones["110116107202-01"] == "010-69641107"
    assert phones["110116001-01"] is None


async def test_a_stations_file_written_before_the_supervision_phone_column_still_imports(
    routing: Any, county_files: Any
) -> None:
    files = county_files("110116")
    await routing.commands.import_file(ImportFile(PLACES, files["places"], CSV, ALL))
    rows = [line.split(",") for line in files["stations"].decode().splitlines()]
    older = "\n".join(",".join(r[:-2] + r[-1:]) for r in rows).encode() + b"\n"
    summary = await routing.commands.import_file(ImportFile(STATIONS, older, CSV, ALL))
    assert summary.created == 6
    as_json = json.loads(await routing.queries.export_file(
        ExportFile(STATIONS, SheetFormat.JSON, ALL)))
    assert {row["supervision_phone"] for row in as_json} == {None}
    for row in as_json:
        del row["supervision_phone"]
    again = await routing.commands.import_file(
        ImportFile(STATIONS, json.dumps(as_json).encode(), SheetFormat.JSON, ALL))
    assert again.unchanged == 6


async def test_a_supervision_phone_that_is_not_a_phone_is_refused_naming_the_row(
    routing: Any, county_files: Any
) -> None:
    files = county_files("110116")
    await routing.commands.import_file(ImportFile(PLACES, files["places"], CSV, ALL))
    body = edited(files["stations"], "12388,", "纪委,")
    problems = await refused(routing, STATIONS, body)
    assert [field for field, _ in problems] == ["rows[2].supervision_phone"]
