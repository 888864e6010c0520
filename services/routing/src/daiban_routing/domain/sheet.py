"""What a file of master data holds, whatever its format: columns of a kind, rows of typed cells.

The formats themselves (CSV and JSON, read and written in one canonical form) are a codec outside
the domain: ``ports.SheetFiles``, ``adapters/sheet_files.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import TypeVar

from daiban_kernel.errors import FieldProblem

T = TypeVar("T")


class SheetFormat(StrEnum):
    """The two file formats, the same content either way."""

    CSV = "csv"
    JSON = "json"

    @property
    def media_type(self) -> str:
        """The Content-Type of a file in this format."""
        return "text/csv" if self is SheetFormat.CSV else "application/json"


class CellKind(Enum):
    """What a column holds."""

    TEXT = "text"  # required
    OPTIONAL_TEXT = "optional_text"
    DECIMAL = "decimal"  # optional
    FLAG = "flag"
    CODES = "codes"  # a list, possibly empty


Cell = str | Decimal | bool | tuple[str, ...] | None


@dataclass(frozen=True)
class Column:
    """One column of a file."""

    name: str
    kind: CellKind = CellKind.TEXT
    choices: tuple[str, ...] = ()
    may_be_left_out: bool = False
    """A column added after files were first written: a file without it means none in every
    row (optional kinds only)."""


@dataclass(frozen=True)
class SheetRow:
    """One row whose cells all have the kind their column asks for."""

    number: int
    cells: Mapping[str, Cell]

    @property
    def where(self) -> str:
        """The prefix of this row's field names in problems."""
        return f"rows[{self.number}]."

    def text(self, name: str) -> str:
        """A required text cell."""
        return _of(str, self.cells[name], name)

    def optional_text(self, name: str) -> str | None:
        """An optional text cell."""
        value = self.cells[name]
        return None if value is None else _of(str, value, name)

    def decimal(self, name: str) -> Decimal | None:
        """An optional decimal cell."""
        value = self.cells[name]
        return None if value is None else _of(Decimal, value, name)

    def flag(self, name: str) -> bool:
        """A true/false cell."""
        return _of(bool, self.cells[name], name)

    def codes(self, name: str) -> tuple[str, ...]:
        """A list-of-codes cell."""
        return tuple(_of(tuple, self.cells[name], name))


def _of(kind: type[T], value: object, name: str) -> T:
    """A cell's value, which the codec made of its column's kind."""
    if isinstance(value, kind):
        return value
    raise TypeError(f"the cell {name} holds {type(value).__name__}, not {kind.__name__}")


@dataclass(frozen=True)
class Sheet:
    """The well-formed rows of a file, and what was wrong with the others."""

    rows: list[SheetRow]
    problems: list[FieldProblem]
