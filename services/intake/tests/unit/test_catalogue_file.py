"""The catalogue file: canonical CSV and JSON both ways, bad rows named, all or nothing."""

import json
from pathlib import Path
from typing import Any

import pytest

from daiban_intake.adapters.catalogue_file import (
    CatalogueFileCodec,
    read_catalogue,
    write_catalogue,
)
from daiban_intake.domain.errors import CatalogueFileRefused
from daiban_intake.domain.matter_records import COLUMNS
from daiban_intake.handlers import catalogue
from daiban_intake.ports import FileFormat
from daiban_kernel.contracts.matter import MatterKind, Tier

FILES = CatalogueFileCodec()

DEMO = Path(__file__).resolve().parents[4] / "data" / "demo" / "matters.json"
DEPARTMENTS = DEMO.parent / "departments.csv"  # routing's departments of the demo county
HEADER = ",".join(COLUMNS)
GOOD = ("MZ-001,最低生活保障申请,mz,proxy,department,20,5,"
        "village=2;town=3;county=2;department=18,true,town,,"
        "居民身份证|original_and_copy|1|mandatory;户口簿|copy|1|optional,true")
TOWN = "MZ-003,临时救助申请,mz,accept,town,10,2,village=2;town=10,false,,12.50,,false"


def csv_file(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode()


def fields(refused: pytest.ExceptionInfo[CatalogueFileRefused]) -> dict[str, str]:
    return {p.field: p.reason for p in refused.value.problems}


def test_a_canonical_csv_file_reads_and_writes_back_byte_for_byte() -> None:
    body = csv_file(GOOD, TOWN)
    lines = read_catalogue(body, FileFormat.CSV)
    assert write_catalogue(((x.code, x.terms, x.published) for x in lines),
                           FileFormat.CSV) == body


def test_csv_cells_encode_stages_materials_and_the_fee() -> None:
    good, town = read_catalogue(csv_file(GOOD, TOWN), FileFormat.CSV)
    assert good.terms.stage_days == {Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.COUNTY: 2,
                                     Tier.DEPARTMENT: 18}
    assert [(m.name, m.mandatory) for m in good.terms.materials] == [("居民身份证", True),
                                                                     ("户口簿", False)]
    assert good.terms.timeout_default_stages == (Tier.TOWN,)
    assert str(town.terms.department_fee_yuan) == "12.50"
    assert (town.row, town.published, town.terms.kind) == (3, False, MatterKind.ACCEPT)


def test_the_same_matters_in_csv_and_json_read_alike() -> None:
    lines = read_catalogue(csv_file(GOOD, TOWN), FileFormat.CSV)
    as_json = write_catalogue(((x.code, x.terms, x.published) for x in lines), FileFormat.JSON)
    again = read_catalogue(as_json, FileFormat.JSON)
    assert [(x.code, x.terms, x.published) for x in again] == [
        (x.code, x.terms, x.published) for x in lines]
    assert write_catalogue(((x.code, x.terms, x.published) for x in again),
                           FileFormat.JSON) == as_json


def test_a_bad_file_is_refused_naming_each_bad_row_and_why() -> None:
    body = csv_file(
        GOOD,                                                        # row 2
        GOOD.replace("最低生活保障申请", "低保"),                          # row 3: duplicate
        TOWN.replace("village=2;town=10", "village=2;town=9"),       # row 4: does not add up
        TOWN.replace("MZ-003", "MZ-004").replace(",10,2,", ",10,6,").replace(
            "town=10", "town=14"),                                   # row 5: allowance 6
        TOWN.replace("MZ-003", "MZ-005").replace("accept", "deliver"),  # row 6: unknown kind
        TOWN.replace("MZ-003", "MZ-006").replace(",town,", ",province,"),  # row 7: unknown tier
        "MZ-007,缺列的行",                                              # row 8: malformed
    )
    with pytest.raises(CatalogueFileRefused) as refused:
        read_catalogue(body, FileFormat.CSV)
    named = fields(refused)
    assert set(named) == {"rows[3].code", "rows[4].stage_days", "rows[5].proxy_allowance_days",
                          "rows[6].kind", "rows[7].deciding_tier", "rows[8]"}
    assert "already in row 2" in named["rows[3].code"]
    assert "add up to 11" in named["rows[4].stage_days"]
    assert "6 bad row(s)" in refused.value.detail


@pytest.mark.parametrize(("cell", "field"), [
    pytest.param("village=2;town", "rows[2].stage_days", id="a stage without days"),
    pytest.param("village=2;village=10", "rows[2].stage_days", id="a stage named twice"),
    pytest.param("village=two;town=10", "rows[2].stage_days.village", id="days not a number"),
])
def test_malformed_stage_cells_are_named(cell: str, field: str) -> None:
    with pytest.raises(CatalogueFileRefused) as refused:
        read_catalogue(csv_file(TOWN.replace("village=2;town=10", cell)), FileFormat.CSV)
    assert field in fields(refused)


@pytest.mark.parametrize(("cell", "field"), [
    pytest.param("身份证|original|1", "rows[2].materials[1]", id="a part missing"),
    pytest.param("身份证|original|1|mandatory;户口簿|scan|1|mandatory",
                 "rows[2].materials[2].form", id="an unknown form"),
    pytest.param("身份证|original|0|mandatory", "rows[2].materials[1].count", id="no copies"),
    pytest.param("身份证|original|1|maybe", "rows[2].materials[1].mandatory", id="not a flag"),
])
def test_malformed_material_cells_are_named(cell: str, field: str) -> None:
    with pytest.raises(CatalogueFileRefused) as refused:
        read_catalogue(csv_file(TOWN.replace("12.50,,", f"12.50,{cell},")), FileFormat.CSV)
    assert field in fields(refused)


def test_the_csv_header_must_name_the_columns() -> None:
    with pytest.raises(CatalogueFileRefused) as refused:
        read_catalogue(b"code,name\nMZ-001,x\n", FileFormat.CSV)
    assert "rows[1]" in fields(refused)


def test_json_rows_count_from_the_first_object_and_must_have_every_column() -> None:
    (row,) = json.loads(write_catalogue(
        ((x.code, x.terms, x.published) for x in read_catalogue(csv_file(TOWN), FileFormat.CSV)),
        FileFormat.JSON))
    extra = {**row, "code": "MZ-009", "colour": "red"}
    missing = {k: v for k, v in row.items() if k != "published"}
    strings = {**row, "code": "MZ-010", "limit_working_days": "10"}
    listed = {**row, "code": ["MZ-011"]}
    body = json.dumps([row, extra, missing, strings, "not an object", listed]).encode()
    with pytest.raises(CatalogueFileRefused) as refused:
        read_catalogue(body, FileFormat.JSON)
    assert set(fields(refused)) == {"rows[2].colour", "rows[3].published",
                                    "rows[4].limit_working_days", "rows[5]", "rows[6].code"}


@pytest.mark.parametrize(("body", "fmt"), [
    pytest.param(b"\xff\xfe", FileFormat.CSV, id="not UTF-8"),
    pytest.param(b"{not json", FileFormat.JSON, id="not JSON"),
    pytest.param(b'{"code": "MZ-001"}', FileFormat.JSON, id="not an array"),
])
def test_a_file_that_cannot_be_read_is_refused_as_a_file(body: bytes, fmt: FileFormat) -> None:
    with pytest.raises(CatalogueFileRefused) as refused:
        read_catalogue(body, fmt)
    assert set(fields(refused)) == {"file"}


async def test_a_refused_file_applies_nothing(uow: Any) -> None:
    with pytest.raises(CatalogueFileRefused):
        await catalogue.import_matters(catalogue.ImportMatters(
            csv_file(GOOD, TOWN.replace("town=10", "town=1")), FileFormat.CSV, by=None), uow,
            files=FILES)
    assert (uow.matters.state, uow.published, uow.commits) == ({}, [], 0)


async def test_importing_again_changes_nothing_and_publishes_nothing(uow: Any) -> None:
    body = csv_file(GOOD, TOWN)
    first = await catalogue.import_matters(
        catalogue.ImportMatters(body, FileFormat.CSV, by=None), uow, files=FILES)
    assert (first.created, first.published) == (2, 1)
    uow.published.clear()
    again = await catalogue.import_matters(
        catalogue.ImportMatters(body, FileFormat.CSV, by=None), uow, files=FILES)
    assert (again.unchanged, again.created, again.new_versions, uow.published) == (2, 0, 0, [])
    exported = await catalogue.export_matters(catalogue.ExportMatters(FileFormat.CSV, "mz"), uow,
                                              files=FILES)
    assert exported == body


async def test_an_import_writes_a_version_only_for_a_changed_matter(uow: Any) -> None:
    await catalogue.import_matters(
        catalogue.ImportMatters(csv_file(GOOD, TOWN), FileFormat.CSV, by=None), uow, files=FILES)
    changed = csv_file(GOOD, TOWN.replace("12.50", "15.00"))
    summary = await catalogue.import_matters(
        catalogue.ImportMatters(changed, FileFormat.CSV, by=None), uow, files=FILES)
    assert (summary.new_versions, summary.unchanged) == (1, 1)
    assert uow.matters.state == {"MZ-001": (1, True), "MZ-003": (2, False)}


def test_the_demo_catalogue_is_a_canonical_valid_file() -> None:
    body = DEMO.read_bytes()
    lines = read_catalogue(body, FileFormat.JSON)
    assert write_catalogue(((x.code, x.terms, x.published) for x in lines),
                           FileFormat.JSON) == body


def test_the_demo_catalogue_covers_what_the_seeds_name() -> None:
    lines = read_catalogue(DEMO.read_bytes(), FileFormat.JSON)
    departments = {
        line.split(",")[1] for line in DEPARTMENTS.read_text(encoding="utf-8").splitlines()[1:]}
    assert len(lines) >= 30
    assert {x.terms.department_code for x in lines} == departments
    assert all(x.code.split("-")[0] == x.terms.department_code for x in lines)
    assert {x.terms.kind for x in lines} == set(MatterKind)
    assert {x.terms.deciding_tier for x in lines} == {Tier.VILLAGE, Tier.TOWN, Tier.DEPARTMENT}
    names = {x.terms.name: x.terms for x in lines}
    assert names["首次申领居民身份证"].kind is MatterKind.IN_PERSON
    assert names["城乡居民基本养老保险待遇领取"].authorization_required
    assert names["失业保险金申领"].authorization_required
    assert any(x.terms.timeout_default_stages for x in lines)
