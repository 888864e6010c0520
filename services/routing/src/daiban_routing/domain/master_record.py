"""What every master-data record shares: a value, a version, and the events of its changes.

A record's value is a frozen dataclass holding exactly the fields an admin states (in the API or a
file row). Revising a record with an equal value changes nothing and records no event, which is
what makes a repeated import silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Generic, Protocol, Self, TypeVar

from daiban_kernel.errors import FieldProblem
from daiban_kernel.events import EventData
from daiban_routing.domain.sheet import Cell, Column, SheetRow

Key = tuple[str, ...]


class Value(Protocol):
    """A record's stated fields, as one file row or one API body states them."""

    columns: ClassVar[Sequence[Column]]
    key_fields: ClassVar[Sequence[str]]
    place_field: ClassVar[str]

    @property
    def active(self) -> bool: ...

    @property
    def key(self) -> Key:
        """What identifies the record (the upsert key of an import)."""
        ...

    @property
    def place_code(self) -> str:
        """The place the record belongs to, for jurisdiction."""
        ...

    @classmethod
    def from_row(cls, row: SheetRow) -> Self:
        """The value a well-formed file row states."""
        ...

    def cells(self) -> dict[str, Cell]:
        """The value as a file row."""
        ...

    def problems(self) -> list[tuple[str, str]]:
        """(field, reason) for each rule the value breaks on its own."""
        ...


V = TypeVar("V", bound=Value)


@dataclass(eq=False)
class MasterRecord(Generic[V]):
    """A versioned master-data record; subclasses name the events of its changes."""

    value: V
    version: int = 1
    events: list[EventData] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, value: V) -> Self:
        """A new record at version 1, recording its created event."""
        record = cls(value)
        record.events.append(record.created())
        return record

    def revise(self, value: V) -> bool:
        """Take the new value; False (and no event) if nothing changed."""
        if value == self.value:
            return False
        before, self.value = self.value, value
        self.version += 1
        self.events.append(self.changed(before))
        return True

    def created(self) -> EventData:
        """The event of this record's creation."""
        raise NotImplementedError

    def changed(self, before: V) -> EventData:
        """The event of a change from ``before`` to the current value."""
        raise NotImplementedError


@dataclass(frozen=True)
class Row(Generic[V]):
    """A value as one file row states it (``where`` = ``rows[7].``) or one API body (``""``)."""

    where: str
    value: V

    def problem(self, field_name: str, reason: str) -> FieldProblem:
        """A problem with one of this row's fields."""
        return FieldProblem(self.where + field_name, reason)


def name_problems(name: str, *, longest: int) -> list[tuple[str, str]]:
    """A name is required and not too long."""
    if not name.strip():
        return [("name", "required")]
    if len(name) > longest:
        return [("name", f"at most {longest} characters")]
    return []
