"""The codec of bulk import and export files: CSV or JSON, one canonical form both ways.

Export writes the canonical form, and importing a canonical file then exporting gives it back byte
for byte. Canonical CSV: UTF-8 without BOM, ``\\n`` line ends, a header row naming the columns in
their order, minimal quoting, ``true``/``false``, an empty cell for nothing, lists joined by ``;``,
decimals with one decimal place. Canonical JSON: an array of objects whose keys are the columns in
order, two-space indent, characters unescaped, ``null`` for nothing, lists as arrays, decimals as
numbers with one decimal place, a final newline. Rows are ordered by the record's key.

Import is lenient where it costs nothing: a BOM, CRLF, blank lines, blanks around cells and CSV
columns in any order. Rows are numbered as in the file: in CSV the header is row 1; in JSON the
first object is row 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from daiban_kernel.errors import FieldProblem
from daiban_routing.domain.sheet import Cell, CellKind, Column, Sheet, SheetFormat, SheetRow

LIST_SEPARATOR = ";"
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits only, no exponent


class CsvJsonSheets:
    """The ``SheetFiles`` port: files read and written in their canonical form."""

    def read(self, body: bytes, fmt: SheetFormat, columns: Sequence[Column]) -> Sheet:
        """Parse a file into rows of typed cells, naming every malformed row and cell."""
        return read_sheet(body, fmt, columns)

    def write(self, rows: Iterable[Mapping[str, Cell]], fmt: SheetFormat,
              columns: Sequence[Column]) -> bytes:
        """The canonical file of these rows (already in key order)."""
        return write_sheet(rows, fmt, columns)


_EMPTY_CSV: dict[CellKind, Cell] = {CellKind.OPTIONAL_TEXT: None, CellKind.DECIMAL: None,
                                     CellKind.CODES: ()}


class _Refused(Exception):
    """A cell that is not of its column's kind; the message is the reason."""


def read_sheet(body: bytes, fmt: SheetFormat, columns: Sequence[Column]) -> Sheet:
    """Parse a file into rows of typed cells, naming every malformed row and cell."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Sheet([], [FieldProblem("file", "the file is not UTF-8 text")])
    if fmt is SheetFormat.CSV:
        return _read_csv(text, columns)
    return _read_json(text, columns)


def _read_csv(text: str, columns: Sequence[Column]) -> Sheet:
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return Sheet([], [FieldProblem("file", f"not CSV: {exc}")])
    names = [c.name for c in columns]
    header = [h.strip() for h in records[0]] if records else []
    named = [c.name for c in columns if c.name in header or not c.may_be_left_out]
    if sorted(header) != sorted(named):
        return Sheet([], [FieldProblem("rows[1]", "the header row must name the columns "
                                       + ",".join(names))])
    rows: list[SheetRow] = []
    problems: list[FieldProblem] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(FieldProblem(f"rows[{number}]", f"{len(record)} cells where the "
                                         f"header names {len(header)} columns"))
            continue
        raw = dict(zip(header, (cell.strip() for cell in record), strict=True))
        _convert(raw, number, columns, from_csv=True, rows=rows, problems=problems)
    return Sheet(rows, problems)


def _read_json(text: str, columns: Sequence[Column]) -> Sheet:
    try:
        items = json.loads(text)
    except ValueError as exc:
        return Sheet([], [FieldProblem("file", f"not JSON: {exc}")])
    if not isinstance(items, list):
        return Sheet([], [FieldProblem("file", "a JSON array of objects is expected")])
    names = {c.name for c in columns}
    rows: list[SheetRow] = []
    problems: list[FieldProblem] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(FieldProblem(f"rows[{number}]", "an object is expected"))
            continue
        wrong = [FieldProblem(f"rows[{number}].{k}", "unknown field")
                 for k in sorted(set(item) - names)]
        wrong += [FieldProblem(f"rows[{number}].{c.name}", "missing")
                  for c in sorted(columns, key=lambda c: c.name)
                  if c.name not in item and not c.may_be_left_out]
        if wrong:
            problems.extend(wrong)
            continue
        _convert(item, number, columns, from_csv=False, rows=rows, problems=problems)
    return Sheet(rows, problems)


def _convert(raw: Mapping[str, Any], number: int, columns: Sequence[Column], *,
             from_csv: bool, rows: list[SheetRow], problems: list[FieldProblem]) -> None:
    cells: dict[str, Cell] = {}
    refused = False
    for column in columns:
        if column.name not in raw and column.may_be_left_out:
            cells[column.name] = None
            continue
        try:
            cells[column.name] = _cell(column, raw[column.name], from_csv=from_csv)
        except _Refused as exc:
            problems.append(FieldProblem(f"rows[{number}].{column.name}", str(exc)))
            refused = True
    if not refused:
        rows.append(SheetRow(number, cells))


def _cell(column: Column, raw: Any, *, from_csv: bool) -> Cell:
    if from_csv and raw == "" and column.kind in _EMPTY_CSV:
        return _EMPTY_CSV[column.kind]
    match column.kind:
        case CellKind.TEXT | CellKind.OPTIONAL_TEXT:
            return _text(column, raw)
        case CellKind.DECIMAL:
            return _decimal(raw, from_csv=from_csv)
        case CellKind.FLAG:
            return _flag(raw, from_csv=from_csv)
        case CellKind.CODES:
            return _codes(raw, from_csv=from_csv)


def _text(column: Column, raw: Any) -> str | None:
    optional = column.kind is CellKind.OPTIONAL_TEXT
    if raw is None and optional:
        return None
    if not isinstance(raw, str):
        raise _Refused("a text or null is expected" if optional else "a text is expected")
    value = raw.strip()
    if not value:
        if optional:
            return None
        raise _Refused("required")
    if column.choices and value not in column.choices:
        raise _Refused("one of: " + ", ".join(column.choices))
    return value


def _decimal(raw: Any, *, from_csv: bool) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, str if from_csv else int | float):
        raise _Refused("a number or null is expected")
    if from_csv and DECIMAL.fullmatch(raw) is None:
        raise _Refused("not a number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation as exc:
        raise _Refused("not a number") from exc
    if not value.is_finite():
        raise _Refused("not a number")
    return value


def _flag(raw: Any, *, from_csv: bool) -> bool:
    if not from_csv:
        if isinstance(raw, bool):
            return raw
        raise _Refused("true or false is expected")
    if raw.lower() in ("true", "false"):
        return bool(raw.lower() == "true")
    raise _Refused("true or false is expected")


def _codes(raw: Any, *, from_csv: bool) -> tuple[str, ...]:
    parts = raw.split(LIST_SEPARATOR) if from_csv else raw
    if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
        raise _Refused("a list of codes is expected")
    codes = tuple(p.strip() for p in parts)
    if not all(codes):
        raise _Refused("an empty code in the list")
    return codes


def write_sheet(rows: Iterable[Mapping[str, Cell]], fmt: SheetFormat,
                columns: Sequence[Column]) -> bytes:
    """The canonical file of these rows (already in key order)."""
    if fmt is SheetFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.name for c in columns])
        writer.writerows([_csv_text(row[c.name]) for c in columns] for row in rows)
        return buffer.getvalue().encode()
    items = [{c.name: _json_value(row[c.name]) for c in columns} for row in rows]
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode()


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value)
    return value


def _json_value(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return float(f"{value:.1f}")
    if isinstance(value, tuple):
        return list(value)
    return value
