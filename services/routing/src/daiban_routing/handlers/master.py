"""Changing master data: one record through the API, or a whole file at once.

Every change takes the master-data lock, checks the rows against what is kept (refusing all of
them with every problem, or applying all), and commits the changed records with their events.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from daiban_common.idempotency import RetryKey
from daiban_kernel.errors import FieldProblem
from daiban_routing.domain.checks import outside, without_duplicates
from daiban_routing.domain.errors import RecordAlreadyExists, RecordNotFound, RecordsRefused
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.master_record import Key, MasterRecord, Row, Value
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.handlers.kinds import RecordKind
from daiban_routing.ports import SheetFiles, UnitOfWork

V = TypeVar("V", bound=Value)
R = TypeVar("R", bound=MasterRecord[Any])
MOST_PROBLEMS = 1000  # a refusal names at most this many, so its body stays small


@dataclass(frozen=True)
class ImportFile:
    """Upsert every row of a file of one kind by key (or refuse the whole file)."""

    kind: RecordKind[Any, Any]
    body: bytes
    fmt: SheetFormat
    within: Jurisdiction


@dataclass(frozen=True)
class ExportFile:
    """Every record of one kind in a jurisdiction, as one canonical file."""

    kind: RecordKind[Any, Any]
    fmt: SheetFormat
    within: Jurisdiction


@dataclass(frozen=True)
class CreateRecord(Generic[V, R]):
    """Add one record; ``retry`` is the request's Idempotency-Key, if it sent one."""

    kind: RecordKind[V, R]
    value: V
    within: Jurisdiction
    retry: RetryKey | None = None


@dataclass(frozen=True)
class ReviseRecord(Generic[V, R]):
    """Change one record by a function of its kept value."""

    kind: RecordKind[V, R]
    key: Key
    change: Callable[[V], V]
    within: Jurisdiction


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    rows: int
    created: int
    updated: int
    unchanged: int


async def import_file(cmd: ImportFile, uow: UnitOfWork, *, files: SheetFiles) -> ImportSummary:
    """Upsert every row of the file by key, or refuse the whole file naming each bad row."""
    kind = cmd.kind
    sheet = files.read(cmd.body, cmd.fmt, kind.value_type.columns)
    rows = [Row(row.where, kind.value_type.from_row(row)) for row in sheet.rows]
    async with uow:
        await uow.lock_master_data()
        valid = await checked(kind, rows, within=cmd.within, uow=uow, problems=sheet.problems)
        stored = await store(kind, valid, uow)
        summary = _summary(stored)  # before the commit takes the records' events
        await uow.commit()
    return summary


def _summary(records: Sequence[MasterRecord[Any]]) -> ImportSummary:
    created = sum(1 for record in records if record.events and record.version == 1)
    updated = sum(1 for record in records if record.events and record.version > 1)
    return ImportSummary(len(records), created, updated, len(records) - created - updated)


async def export_file(query: ExportFile, uow: UnitOfWork, *, files: SheetFiles) -> bytes:
    """Every record in the caller's jurisdiction as one canonical file, in key order."""
    kind = query.kind
    async with uow:
        records = await kind.store(uow).under([query.within.prefix])
    return files.write((records[key].value.cells() for key in sorted(records)), query.fmt,
                       kind.value_type.columns)


async def create_record(cmd: CreateRecord[V, R], uow: UnitOfWork) -> R:
    """Add one record; a retry under the same Idempotency-Key returns the record it made."""
    kind, value = cmd.kind, cmd.value
    async with uow:
        await uow.lock_master_data()
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return await kept(kind, tuple(retry.prior.split("/")), within=cmd.within,
                                  uow=uow)
            if await kind.store(uow).get(value.key) is not None:
                raise RecordAlreadyExists(f"{kind.noun} {'/'.join(value.key)} exists already")
            (record,) = await store(kind, await checked(kind, [Row("", value)],
                                                        within=cmd.within, uow=uow), uow)
            retry.record("/".join(value.key))
        await uow.commit()
    return record


async def revise_record(cmd: ReviseRecord[V, R], uow: UnitOfWork) -> R:
    """Change one record; an unchanged value publishes nothing."""
    kind = cmd.kind
    async with uow:
        await uow.lock_master_data()
        found = await kept(kind, cmd.key, within=cmd.within, uow=uow)
        value = cmd.change(found.value)
        (record,) = await store(kind, await checked(kind, [Row("", value)], within=cmd.within,
                                                    uow=uow), uow)
        await uow.commit()
    return record


async def checked(kind: RecordKind[V, R], rows: Sequence[Row[V]], *, within: Jurisdiction,
                  uow: UnitOfWork, problems: Sequence[FieldProblem] = ()) -> list[Row[V]]:
    """The rows, if none of them breaks a rule; else RecordsRefused naming every problem."""
    unique, found = without_duplicates(rows)
    found = [*problems, *found]
    valid: list[Row[V]] = []
    unresolved: set[Key] = set()
    for row in unique:
        own = [row.problem(f, reason) for f, reason in row.value.problems()]
        own += outside([row], within)
        found += own
        if own:
            unresolved.add(row.value.key)
        else:
            valid.append(row)
    found += await kind.check(uow, valid, unresolved)
    if found:
        detail = (f"{len(found)} problem(s); nothing was applied"
                  + (f" (the first {MOST_PROBLEMS} are listed)" if len(found) > MOST_PROBLEMS
                     else ""))
        raise RecordsRefused(*found[:MOST_PROBLEMS], detail=detail)
    return valid


async def store(kind: RecordKind[V, R], rows: Sequence[Row[V]], uow: UnitOfWork) -> list[R]:
    """Create or revise the record of each row; saves (and so publishes) only the changed."""
    records = kind.store(uow)
    found = await records.get_many([row.value.key for row in rows])
    result: list[R] = []
    changed: list[R] = []
    for row in rows:
        record = found.get(row.value.key)
        if record is None:
            record = kind.record_type.create(row.value)
            changed.append(record)
        elif record.revise(row.value):
            changed.append(record)
        result.append(record)
    await records.save(changed)
    return result


async def kept(kind: RecordKind[V, R], key: Key, *, within: Jurisdiction, uow: UnitOfWork) -> R:
    """A kept record in the jurisdiction; outside it, none (404)."""
    record = await kind.store(uow).get(key)
    if record is None or not within.covers(record.value.place_code):
        raise RecordNotFound(f"no {kind.noun} {'/'.join(key)} in your jurisdiction")
    return record


class CreatesRecords(Protocol):
    """``create_record`` bound: the record of the kind the command names."""

    def __call__(self, cmd: CreateRecord[V, R], /) -> Awaitable[R]: ...


class RevisesRecords(Protocol):
    """``revise_record`` bound: the record of the kind the command names."""

    def __call__(self, cmd: ReviseRecord[V, R], /) -> Awaitable[R]: ...
