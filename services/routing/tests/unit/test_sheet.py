"""The file format: rows numbered as in the file, malformed cells named, one canonical form."""

from __future__ import annotations

from decimal import Decimal

from daiban_routing.adapters.sheet_files import read_sheet, write_sheet
from daiban_routing.domain.places import Place
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.domain.staff import StaffMember

COLUMNS = Place.columns


def fields(body: bytes, fmt: SheetFormat = SheetFormat.CSV) -> list[str]:
    return [p.field for p in read_sheet(body, fmt, COLUMNS).problems]


def test_csv_rows_are_numbered_with_the_header_as_row_one() -> None:
    body = b"code,name,parent_code,distance_km,active\n110116,A,,,true\n110116001,B,110116,x,true\n"
    sheet = read_sheet(body, SheetFormat.CSV, COLUMNS)
    assert [row.number for row in sheet.rows] == [2]
    assert [(p.field, p.reason) for p in sheet.problems] == [
        ("rows[3].distance_km", "not a number")]


def test_a_row_with_too_few_cells_is_malformed() -> None:
    body = b"code,name,parent_code,distance_km,active\n110116,A,,true\n"
    assert fields(body) == ["rows[2]"]


def test_a_missing_or_wrong_header_refuses_the_file() -> None:
    assert fields(b"") == ["rows[1]"]
    assert fields(b"code,name,parent,distance_km,active\n") == ["rows[1]"]


def test_a_distance_is_written_in_ascii_digits() -> None:
    body = "code,name,parent_code,distance_km,active\n110116001,A,110116,١٢,true\n".encode()
    assert fields(body) == ["rows[2].distance_km"]
    body = b"code,name,parent_code,distance_km,active\n110116001,A,110116,1e3,true\n"
    assert fields(body) == ["rows[2].distance_km"]


def test_a_flag_is_true_or_false_and_never_empty() -> None:
    body = b"code,name,parent_code,distance_km,active\n110116,A,,,\n110117,B,,,yes\n"
    assert fields(body) == ["rows[2].active", "rows[3].active"]


def test_a_bom_crlf_blank_lines_and_reordered_columns_are_accepted() -> None:
    body = "\ufeffname,code,active,parent_code,distance_km\r\n\r\n 甲 ,110116,TRUE,,\r\n".encode()
    sheet = read_sheet(body, SheetFormat.CSV, COLUMNS)
    assert sheet.problems == []
    assert Place.from_row(sheet.rows[0]) == Place("110116", "甲", None, None, True)
    assert sheet.rows[0].number == 3


def test_text_that_is_not_utf8_is_refused() -> None:
    assert fields("code,name\n".encode("gbk") + "怀柔".encode("gbk")) == ["file"]


def test_json_rows_count_from_one_and_name_unknown_and_missing_fields() -> None:
    body = (b'[{"code": "110116", "name": "A", "parent_code": null, "distance_km": null,'
            b' "active": true}, {"code": "110116001", "name": "B", "parent_code": "110116",'
            b' "active": "yes", "colour": 1}, 7]')
    assert fields(body, SheetFormat.JSON) == ["rows[2].colour", "rows[2].distance_km", "rows[3]"]


def test_json_cells_must_have_their_column_type() -> None:
    body = (b'[{"code": 110116, "name": "A", "parent_code": null, "distance_km": "1.0",'
            b' "active": 1}]')
    assert fields(body, SheetFormat.JSON) == ["rows[1].code", "rows[1].distance_km",
                                              "rows[1].active"]


def test_json_that_is_not_an_array_is_refused() -> None:
    assert fields(b'{"code": "110116"}', SheetFormat.JSON) == ["file"]
    assert fields(b"[", SheetFormat.JSON) == ["file"]


def test_csv_and_json_carry_the_same_rows_canonically(county_files: object) -> None:
    for noun, value_type in (("places", Place), ("staff", StaffMember)):
        csv_body = county_files("110116")[noun]  # type: ignore[operator]
        rows = [value_type.from_row(r).cells()
                for r in read_sheet(csv_body, SheetFormat.CSV, value_type.columns).rows]
        json_body = write_sheet(rows, SheetFormat.JSON, value_type.columns)
        again = [value_type.from_row(r).cells()
                 for r in read_sheet(json_body, SheetFormat.JSON, value_type.columns).rows]
        assert again == rows
        assert write_sheet(again, SheetFormat.CSV, value_type.columns) == csv_body


def test_canonical_output_quotes_only_where_csv_needs_it() -> None:
    rows = [Place("110116001", "城关, 东区", "110116", Decimal("1.5")).cells()]
    body = write_sheet(rows, SheetFormat.CSV, COLUMNS).decode()
    assert body.splitlines()[1] == '110116001,"城关, 东区",110116,1.5,true'
    json_body = write_sheet(rows, SheetFormat.JSON, COLUMNS).decode()
    assert '"distance_km": 1.5' in json_body
    assert "城关" in json_body
    assert json_body.endswith("}\n]\n")
