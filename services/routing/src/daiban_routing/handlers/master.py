"""Changing master data: one record through the API, or a whole file at once.

Every change takes the master-data lock, checks the rows against what is kept (refusing all of
them with every problem, or applying all), and commits the changed records with their events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from daiban_kernel.errors import FieldProblem
from daiban_routing.domain.checks import outside, without_duplicates
from daiban_routing.domain.errors import RecordAlreadyExists, RecordNotFound, RecordsRefused
from daiban_routing.domain.records import Key, MasterRecord, Row, Value
from daiban_routing.domain.sheet import SheetFormat, read_sheet, write_sheet
from daiban_routing.handlers.kinds import RecordKind
from daiban_routing.ports import UnitOfWork

V = TypeVar("V", bound=Value)
R = TypeVar("R", bound=MasterRecord[Any])
MOST_PROBLEMS = 1000  # a refusal names at most this many, so its body stays small


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    rows: int
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class IdempotencyClaim:
    """An ``Idempotency-Key`` of a creating request."""

    principal: str
    key: str
    fingerprint: str


async def import_file(kind: RecordKind[V, R], body: bytes, fmt: SheetFormat, *, scope: str,
                      uow: UnitOfWork) -> ImportSummary:
    """Upsert every row of the file by key, or refuse the whole file naming each bad row."""
    sheet = read_sheet(body, fmt, kind.value_type.columns)
    rows = [Row(row.where, kind.value_type.from_row(row)) for row in sheet.rows]
    async with uow:
        await uow.lock_master_data()
        valid = await checked(kind, rows, scope=scope, uow=uow, problems=sheet.problems)
        stored = await store(kind, valid, uow)
        summary = _summary(stored)  # before the commit takes the records' events
        await uow.commit()
    return summary


def _summary(records: Sequence[MasterRecord[Any]]) -> ImportSummary:
    created = sum(1 for record in records if record.events and record.version == 1)
    updated = sum(1 for record in records if record.events and record.version > 1)
    return ImportSummary(len(records), created, updated, len(records) - created - updated)


async def export_file(kind: RecordKind[V, R], fmt: SheetFormat, *, scope: str,
                      uow: UnitOfWork) -> bytes:
    """Every record in the caller's jurisdiction as one canonical file, in key order."""
    async with uow:
        records = await kind.store(uow).under([scope])
    return write_sheet((records[key].value.cells() for key in sorted(records)), fmt,
                       kind.value_type.columns)


async def create_record(kind: RecordKind[V, R], value: V, *, scope: str, uow: UnitOfWork,
                        claim: IdempotencyClaim | None = None) -> R:
    """Add one record; a retry under the same Idempotency-Key returns the record it made."""
    async with uow:
        await uow.lock_master_data()
        prior = await _claimed(uow, claim)
        if prior is not None:
            return await _kept(kind, tuple(prior.split("/")), scope=scope, uow=uow)
        if await kind.store(uow).get(value.key) is not None:
            raise RecordAlreadyExists(f"{kind.noun} {'/'.join(value.key)} exists already")
        (record,) = await store(kind, await checked(kind, [Row("", value)], scope=scope,
                                                    uow=uow), uow)
        if claim is not None:
            await uow.idempotency.complete(principal=claim.principal, key=claim.key,
                                           result="/".join(value.key))
        await uow.commit()
    return record


async def revise_record(kind: RecordKind[V, R], key: Key, change: Callable[[V], V], *,
                        scope: str, uow: UnitOfWork) -> R:
    """Change one record; an unchanged value publishes nothing."""
    async with uow:
        await uow.lock_master_data()
        kept = await _kept(kind, key, scope=scope, uow=uow)
        value = change(kept.value)
        (record,) = await store(kind, await checked(kind, [Row("", value)], scope=scope,
                                                    uow=uow), uow)
        await uow.commit()
    return record


async def checked(kind: RecordKind[V, R], rows: Sequence[Row[V]], *, scope: str,
                  uow: UnitOfWork, problems: Sequence[FieldProblem] = ()) -> list[Row[V]]:
    """The rows, if none of them breaks a rule; else RecordsRefused naming every problem."""
    unique, found = without_duplicates(rows)
    found = [*problems, *found]
    valid: list[Row[V]] = []
    unresolved: set[Key] = set()
    for row in unique:
        own = [row.problem(f, reason) for f, reason in row.value.problems()]
        own += outside([row], scope)
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
    kept = await records.get_many([row.value.key for row in rows])
    result: list[R] = []
    changed: list[R] = []
    for row in rows:
        record = kept.get(row.value.key)
        if record is None:
            record = kind.record_type.create(row.value)
            changed.append(record)
        elif record.revise(row.value):
            changed.append(record)
        result.append(record)
    await records.save(changed)
    return result


async def _kept(kind: RecordKind[V, R], key: Key, *, scope: str, uow: UnitOfWork) -> R:
    record = await kind.store(uow).get(key)
    if record is None or not record.value.place_code.startswith(scope):
        raise RecordNotFound(f"no {kind.noun} {'/'.join(key)} in your jurisdiction")
    return record


async def _claimed(uow: UnitOfWork, claim: IdempotencyClaim | None) -> str | None:
    if claim is None:
        return None
    return await uow.idempotency.claim(principal=claim.principal, key=claim.key,
                                       fingerprint=claim.fingerprint)
