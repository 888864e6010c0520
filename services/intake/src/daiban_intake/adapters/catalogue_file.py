"""The catalogue file: bulk import and export of matters, as CSV or JSON, one canonical form.

Both formats have the columns of ``COLUMNS`` in that order. JSON is an array of objects (two-space
indent, characters unescaped, final newline); ``stage_days`` is an object, ``materials`` an array
of ``{name, form, count, mandatory}``, the fee a string like ``"12.00"`` or ``null``. CSV is UTF-8
with a header row and ``\\n`` line ends; the structured cells are written as::

    stage_days              village=2;town=3;county=1;department=15   (path order)
    timeout_default_stages  village;town                              (path order)
    materials               居民身份证|original|1|mandatory;户口簿|copy|1|optional
    booleans                true / false
    department_fee_yuan     12.00, or empty for none

Rows are numbered as in the file (CSV: the header is row 1; JSON: the first object is row 1) and
problems name them, e.g. ``rows[3].stage_days``. A file with any bad row is refused as a whole.
Exporting what a canonical file imported gives that file back byte for byte.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from daiban_intake.domain.errors import CatalogueFileRefused, MatterRuleBroken
from daiban_intake.domain.matter import MatterTerms
from daiban_intake.domain.matter_records import COLUMNS, MatterRecord, field_path, record_of
from daiban_intake.ports import CatalogueLine, FileFormat
from daiban_kernel.errors import FieldProblem

MATERIAL_PARTS = ("name", "form", "count", "mandatory")
MANDATORY = {"mandatory": True, "optional": False}
INTEGER = re.compile(r"-?[0-9]{1,9}")


def read_catalogue(body: bytes, fmt: FileFormat) -> list[CatalogueLine]:
    """Every row of the file; CatalogueFileRefused naming each bad row if any is bad."""
    problems: list[FieldProblem] = []
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogueFileRefused(FieldProblem("file", "not UTF-8 text")) from None
    raw = _csv_rows(text, problems) if fmt is FileFormat.CSV else _json_rows(text, problems)
    lines: list[CatalogueLine] = []
    first_row: dict[str, int] = {}
    for number, values in raw:
        code = values.get("code")
        if isinstance(code, str) and code in first_row:
            problems.append(FieldProblem(f"rows[{number}].code", f"matter {code} is "
                                         f"already in row {first_row[code]}"))
        elif isinstance(code, str):
            first_row[code] = number
        line = _line(number, values, problems)
        if line is not None:
            lines.append(line)
    if problems:
        raise CatalogueFileRefused(*problems, detail=f"{len({_row_of(p) for p in problems})} "
                                   "bad row(s); nothing of the file was applied")
    return lines


def _row_of(problem: FieldProblem) -> str:
    return problem.field.split(".")[0]


def _line(number: int, values: dict[str, Any], problems: list[FieldProblem]
          ) -> CatalogueLine | None:
    where = f"rows[{number}]"
    try:
        record = MatterRecord.model_validate(values)
    except ValidationError as exc:
        problems.extend(FieldProblem(f"{where}.{field_path(e['loc'])}", e["msg"])
                        for e in exc.errors())
        return None
    try:
        terms = record.terms()
    except MatterRuleBroken as exc:
        problems.append(FieldProblem(f"{where}.{exc.field}", exc.reason))
        return None
    return CatalogueLine(number, record.code, terms, record.published)


def _json_rows(text: str, problems: list[FieldProblem]) -> list[tuple[int, dict[str, Any]]]:
    try:
        items = json.loads(text)
    except ValueError as exc:
        problems.append(FieldProblem("file", f"not JSON: {exc}"))
        return []
    if not isinstance(items, list):
        problems.append(FieldProblem("file", "a JSON array of matter objects is expected"))
        return []
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(FieldProblem(f"rows[{number}]", "an object is expected"))
            continue
        missing = [c for c in COLUMNS if c not in item]
        problems.extend(FieldProblem(f"rows[{number}].{c}", "missing") for c in missing)
        if not missing:
            rows.append((number, item))
    return rows


def _csv_rows(text: str, problems: list[FieldProblem]) -> list[tuple[int, dict[str, Any]]]:
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.append(FieldProblem("file", f"not CSV: {exc}"))
        return []
    header = [h.strip() for h in records[0]] if records else []
    if sorted(header) != sorted(COLUMNS):
        problems.append(FieldProblem("rows[1]", "the header must name the columns "
                                     + ",".join(COLUMNS)))
        return []
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(FieldProblem(f"rows[{number}]", f"{len(record)} cells where the "
                                         f"header names {len(header)} columns"))
            continue
        cells = dict(zip(header, (c.strip() for c in record), strict=True))
        values = _from_cells(cells, f"rows[{number}]", problems)
        if values is not None:
            rows.append((number, values))
    return rows


def _from_cells(cells: dict[str, str], where: str, problems: list[FieldProblem]
                ) -> dict[str, Any] | None:
    values: dict[str, Any] = dict(cells)
    for name in ("limit_working_days", "proxy_allowance_days"):
        values[name] = _number(cells[name])
    for name in ("authorization_required", "published"):
        values[name] = {"true": True, "false": False}.get(cells[name], cells[name])
    values["department_fee_yuan"] = cells["department_fee_yuan"] or None
    values["timeout_default_stages"] = _parts(cells["timeout_default_stages"])
    before = len(problems)
    values["stage_days"] = _stage_days(cells["stage_days"], f"{where}.stage_days", problems)
    values["materials"] = _materials(cells["materials"], f"{where}.materials", problems)
    return values if len(problems) == before else None


def _number(cell: str) -> int | str:
    return int(cell) if INTEGER.fullmatch(cell) else cell


def _parts(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";")] if cell else []


def _stage_days(cell: str, where: str, problems: list[FieldProblem]) -> dict[str, int | str]:
    days: dict[str, int | str] = {}
    for part in _parts(cell):
        tier, sep, value = (p.strip() for p in part.partition("="))
        if not sep or tier in days:
            reason = "named twice" if sep else "not tier=days"
            problems.append(FieldProblem(where, f"{part!r}: {reason}"))
            continue
        days[tier] = _number(value)
    return days


def _materials(cell: str, where: str, problems: list[FieldProblem]) -> list[dict[str, Any]]:
    materials: list[dict[str, Any]] = []
    for position, part in enumerate(_parts(cell), start=1):
        pieces = [p.strip() for p in part.split("|")]
        if len(pieces) != len(MATERIAL_PARTS):
            problems.append(FieldProblem(f"{where}[{position}]", f"{part!r}: not "
                                         "name|form|count|mandatory (or optional)"))
            continue
        name, form, count, mandatory = pieces
        materials.append({"name": name, "form": form, "count": _number(count),
                          "mandatory": MANDATORY.get(mandatory, mandatory)})
    return materials


def write_catalogue(lines: Iterable[tuple[str, MatterTerms, bool]], fmt: FileFormat) -> bytes:
    """The canonical file of these matters (code, terms, published), ordered by code."""
    records = [record_of(code, terms, published=published)
               for code, terms, published in sorted(lines, key=lambda line: line[0])]
    if fmt is FileFormat.JSON:
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([_cell(r[c]) for c in COLUMNS] for r in records)
    return buffer.getvalue().encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return ";".join(_material_cell(v) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _material_cell(material: dict[str, Any]) -> str:
    mandatory = "mandatory" if material["mandatory"] else "optional"
    return f"{material['name']}|{material['form']}|{material['count']}|{mandatory}"


class CatalogueFileCodec:
    """The catalogue file as the handlers see it (``ports.CatalogueFile``)."""

    def read(self, body: bytes, fmt: FileFormat) -> list[CatalogueLine]:
        """The file's rows, or CatalogueFileRefused naming every bad one."""
        return read_catalogue(body, fmt)

    def write(self, lines: Iterable[tuple[str, MatterTerms, bool]], fmt: FileFormat) -> bytes:
        """The canonical file of these matters."""
        return write_catalogue(lines, fmt)
