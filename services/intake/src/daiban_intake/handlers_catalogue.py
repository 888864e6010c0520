"""The matter catalogue's commands and reads, one async function each: load → domain → commit.

``published_matter`` and ``matter_version`` are what case intake calls to pin a case to the
version it is opened under; inside an open unit of work, ``uow.matters.published(code)`` does the
same without a transaction of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from daiban_intake.domain.errors import (
    MatterNotFound,
    MatterNotInCatalogue,
    MatterVersionNotFound,
)
from daiban_intake.domain.matter import Matter, MatterTerms
from daiban_intake.domain.matter_file import FileFormat, read_catalogue, write_catalogue
from daiban_intake.ports import CatalogueQuery, UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import MatterVersion


@dataclass(frozen=True)
class WriteMatter:
    """An admin creates a matter, or writes its next version."""

    code: str
    terms: MatterTerms
    by: Actor
    idempotency_key: str | None = None
    fingerprint: str = ""


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
        prior = await _claim(cmd, uow)
        if prior is not None:
            return await _replayed(cmd.code, prior, uow)
        matter = Matter.create(cmd.code, cmd.terms, by=cmd.by)
        await uow.matters.add(matter)
        await _complete(cmd, uow, version=matter.version, created=True)
        await uow.commit()
    return Written(matter.snapshot(), created=True)


async def change_matter(cmd: WriteMatter, uow: UnitOfWork) -> Written:
    """Write the matter's next version; the same terms write nothing and return the current."""
    async with uow:
        prior = await _claim(cmd, uow)
        if prior is not None:
            return await _replayed(cmd.code, prior, uow)
        matter = await _locked(cmd.code, uow)
        created = matter.change(cmd.terms, by=cmd.by)
        if created:
            await uow.matters.save(matter)
        await _complete(cmd, uow, version=matter.version, created=created)
        await uow.commit()
    return Written(matter.snapshot(), created)


async def publish_matter(code: str, *, by: Actor, uow: UnitOfWork) -> MatterVersion:
    """Put the matter's current version in the public catalogue."""
    async with uow:
        matter = await _locked(code, uow)
        matter.publish(by=by)
        await uow.matters.save(matter)
        await uow.commit()
    return matter.snapshot()


async def unpublish_matter(code: str, *, by: Actor, uow: UnitOfWork) -> MatterVersion:
    """Withdraw the matter from the public catalogue; its versions stay readable."""
    async with uow:
        matter = await _locked(code, uow)
        matter.unpublish(by=by)
        await uow.matters.save(matter)
        await uow.commit()
    return matter.snapshot()


async def import_matters(body: bytes, fmt: FileFormat, *, by: Actor | None,
                         uow: UnitOfWork) -> ImportSummary:
    """Apply a catalogue file in one transaction, or refuse it whole (CatalogueFileRefused)."""
    lines = read_catalogue(body, fmt)
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


async def export_matters(fmt: FileFormat, *, department_code: str | None,
                         uow: UnitOfWork) -> bytes:
    """Every matter (of one department, if given) at its current version, as a canonical file."""
    async with uow:
        matters = await uow.matters.current(department_code=department_code)
    return write_catalogue(((m.code, m.terms, m.published) for m in matters), fmt)


async def published_matter(code: str, uow: UnitOfWork) -> MatterVersion:
    """The version a case opened now is pinned to; MatterNotInCatalogue if not published."""
    async with uow:
        found = await uow.matters.published(code)
    if found is None:
        raise MatterNotInCatalogue(f"matter {code} is not in the published catalogue")
    return found


async def matter_version(code: str, version: int, *, uow: UnitOfWork) -> MatterVersion:
    """One version of a matter, as it was written; every version stays readable."""
    async with uow:
        found = await uow.matters.version(code, version)
    if found is None:
        raise MatterVersionNotFound(f"matter {code} has no version {version}")
    return found


async def latest_matter(code: str, uow: UnitOfWork) -> MatterVersion:
    """A matter's current version, published or not."""
    async with uow:
        found = await uow.matters.latest(code)
    if found is None:
        raise MatterNotFound(f"no matter {code}")
    return found


async def published_catalogue(query: CatalogueQuery, *, after: str | None, limit: int,
                              uow: UnitOfWork) -> tuple[list[MatterVersion], bool]:
    """A page of published matters by code, and whether more follow."""
    async with uow:
        found = await uow.matters.published_page(query, after=after, limit=limit + 1)
    return found[:limit], len(found) > limit


async def _locked(code: str, uow: UnitOfWork) -> Matter:
    matter = (await uow.matters.get_many([code])).get(code)
    if matter is None:
        raise MatterNotFound(f"no matter {code}")
    return matter


async def _claim(cmd: WriteMatter, uow: UnitOfWork) -> str | None:
    if not cmd.idempotency_key:
        return None
    return await uow.idempotency.claim(principal=cmd.by.staff_id, key=cmd.idempotency_key,
                                       fingerprint=cmd.fingerprint)


async def _complete(cmd: WriteMatter, uow: UnitOfWork, *, version: int, created: bool) -> None:
    if cmd.idempotency_key:
        await uow.idempotency.complete(principal=cmd.by.staff_id, key=cmd.idempotency_key,
                                       result=("+" if created else "=") + str(version))


async def _replayed(code: str, prior: str, uow: UnitOfWork) -> Written:
    """What the first request with this key wrote (``+3``: created version 3; ``=3``: kept it)."""
    found = await uow.matters.version(code, int(prior[1:]))
    if found is None:
        raise MatterVersionNotFound(f"matter {code} has no version {prior[1:]}")
    return Written(found, created=prior.startswith("+"))
