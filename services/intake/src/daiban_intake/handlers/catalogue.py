"""The matter catalogue's commands and reads, one async function each: load → domain → commit.

``published_matter`` and ``matter_version`` are what case intake calls to pin a case to the
version it is opened under; inside an open unit of work, ``uow.matters.published(code)`` does the
same without a transaction of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from daiban_common.idempotency import RetryKey
from daiban_intake.domain.errors import (
    MatterNotFound,
    MatterNotInCatalogue,
    MatterVersionNotFound,
)
from daiban_intake.domain.matter import Matter, MatterTerms
from daiban_intake.ports import CatalogueFile, CatalogueQuery, FileFormat, UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import MatterVersion


@dataclass(frozen=True)
class WriteMatter:
    """An admin creates a matter, or writes its next version."""

    code: str
    terms: MatterTerms
    by: Actor
    retry: RetryKey | None = None


@dataclass(frozen=True)
class Written:
    """The version a write left current, and whether the write created it."""

    matter: MatterVersion
    created: bool


@dataclass(frozen=True)
class ImportSummary:
    """What importing a catalogue file did, by matter."""

    rows: int
    created: int
    new_versions: int
    published: int
    unpublished: int
    unchanged: int


async def create_matter(cmd: WriteMatter, uow: UnitOfWork) -> Written:
    """Create a matter at version 1, unpublished; MatterAlreadyExists if the code is taken."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return await _replayed(cmd.code, retry.prior, uow)
            matter = Matter.create(cmd.code, cmd.terms, by=cmd.by)
            await uow.matters.add(matter)
            retry.record(_written(matter.version, created=True))
        await uow.commit()
    return Written(matter.snapshot(), created=True)


async def change_matter(cmd: WriteMatter, uow: UnitOfWork) -> Written:
    """Write the matter's next version; the same terms write nothing and return the current."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return await _replayed(cmd.code, retry.prior, uow)
            matter = await _locked(cmd.code, uow)
            created = matter.change(cmd.terms, by=cmd.by)
            if created:
                await uow.matters.save(matter)
            retry.record(_written(matter.version, created=created))
        await uow.commit()
    return Written(matter.snapshot(), created)


@dataclass(frozen=True)
class Publication:
    """An admin puts a matter in the public catalogue, or withdraws it."""

    code: str
    by: Actor


async def publish_matter(cmd: Publication, uow: UnitOfWork) -> MatterVersion:
    """Put the matter's current version in the public catalogue."""
    async with uow:
        matter = await _locked(cmd.code, uow)
        matter.publish(by=cmd.by)
        await uow.matters.save(matter)
        await uow.commit()
    return matter.snapshot()


async def unpublish_matter(cmd: Publication, uow: UnitOfWork) -> MatterVersion:
    """Withdraw the matter from the public catalogue; its versions stay readable."""
    async with uow:
        matter = await _locked(cmd.code, uow)
        matter.unpublish(by=cmd.by)
        await uow.matters.save(matter)
        await uow.commit()
    return matter.snapshot()


@dataclass(frozen=True)
class ImportMatters:
    """A catalogue file to apply whole (``by`` None: the demo installation)."""

    body: bytes
    fmt: FileFormat
    by: Actor | None


async def import_matters(cmd: ImportMatters, uow: UnitOfWork, *,
                         files: CatalogueFile) -> ImportSummary:
    """Apply a catalogue file in one transaction, or refuse it whole (CatalogueFileRefused)."""
    lines = files.read(cmd.body, cmd.fmt)
    by = cmd.by
    tally: Counter[str] = Counter()
    async with uow:
        known = await uow.matters.get_many(line.code for line in lines)
        for line in lines:
            matter = known.get(line.code)
            if matter is None:
                matter = Matter.create(line.code, line.terms, by=by)
                if line.published:
                    matter.publish(by=by)
                await uow.matters.add(matter)
                tally.update(created=1, published=int(line.published))
                continue
            outcome = matter.restate(line.terms, published=line.published, by=by)
            if not outcome.unchanged:
                await uow.matters.save(matter)
            tally.update(new_versions=int(outcome.new_version), published=int(outcome.published),
                         unpublished=int(outcome.unpublished), unchanged=int(outcome.unchanged))
        await uow.commit()
    return ImportSummary(rows=len(lines), created=tally["created"],
                         new_versions=tally["new_versions"], published=tally["published"],
                         unpublished=tally["unpublished"], unchanged=tally["unchanged"])


@dataclass(frozen=True)
class ExportMatters:
    """Every matter (of one department, if given) as a catalogue file."""

    fmt: FileFormat
    department_code: str | None = None


async def export_matters(query: ExportMatters, uow: UnitOfWork, *,
                         files: CatalogueFile) -> bytes:
    """Every matter (of one department, if given) at its current version, as a canonical file."""
    async with uow:
        matters = await uow.matters.current(department_code=query.department_code)
    return files.write(((m.code, m.terms, m.published) for m in matters), query.fmt)


@dataclass(frozen=True)
class MatterOf:
    """A matter by its code."""

    code: str


@dataclass(frozen=True)
class MatterVersionOf:
    """One version of a matter."""

    code: str
    version: int


async def published_matter(query: MatterOf, uow: UnitOfWork) -> MatterVersion:
    """The version a case opened now is pinned to; MatterNotInCatalogue if not published."""
    async with uow:
        found = await uow.matters.published(query.code)
    if found is None:
        raise MatterNotInCatalogue(f"matter {query.code} is not in the published catalogue")
    return found


async def matter_version(query: MatterVersionOf, uow: UnitOfWork) -> MatterVersion:
    """One version of a matter, as it was written; every version stays readable."""
    async with uow:
        found = await uow.matters.version(query.code, query.version)
    if found is None:
        raise MatterVersionNotFound(f"matter {query.code} has no version {query.version}")
    return found


async def latest_matter(query: MatterOf, uow: UnitOfWork) -> MatterVersion:
    """A matter's current version, published or not."""
    async with uow:
        found = await uow.matters.latest(query.code)
    if found is None:
        raise MatterNotFound(f"no matter {query.code}")
    return found


@dataclass(frozen=True)
class CatalogueUnder:
    """A page of the published catalogue: the filter, the last code of the page before, how
    many."""

    query: CatalogueQuery
    after: str | None
    limit: int


@dataclass(frozen=True)
class MattersFound:
    """A page of published matters and whether more follow."""

    items: list[MatterVersion]
    more: bool


async def published_catalogue(query: CatalogueUnder, uow: UnitOfWork) -> MattersFound:
    """A page of published matters by code."""
    async with uow:
        found = await uow.matters.published_page(query.query, after=query.after,
                                                 limit=query.limit + 1)
    return MattersFound(found[:query.limit], len(found) > query.limit)


async def _locked(code: str, uow: UnitOfWork) -> Matter:
    matter = (await uow.matters.get_many([code])).get(code)
    if matter is None:
        raise MatterNotFound(f"no matter {code}")
    return matter


def _written(version: int, *, created: bool) -> str:
    return ("+" if created else "=") + str(version)


async def _replayed(code: str, prior: str, uow: UnitOfWork) -> Written:
    """What the first request with this key wrote (``+3``: created version 3; ``=3``: kept it)."""
    found = await uow.matters.version(code, int(prior[1:]))
    if found is None:
        raise MatterVersionNotFound(f"matter {code} has no version {prior[1:]}")
    return Written(found, created=prior.startswith("+"))
