"""The catalogue's handlers on the fake unit of work: versions, publication, idempotent writes."""

from typing import Any

import pytest

from daiban_common.idempotency import RetryKey
from daiban_intake.domain.errors import (
    MatterAlreadyExists,
    MatterNotFound,
    MatterNotInCatalogue,
    MatterVersionNotFound,
)
from daiban_intake.handlers import catalogue
from daiban_intake.handlers.catalogue import WriteMatter
from daiban_intake.ports import CatalogueQuery
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import (
    MatterPublishedV1,
    MatterUnpublishedV1,
    MatterVersionCreatedV1,
    Tier,
)

ADMIN = Actor(staff_id="admin-1", role="admin", place="110116")
V, T, C, D = Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT


def write(terms: Any, code: str = "MZ-001", **over: Any) -> WriteMatter:
    return WriteMatter(code=code, terms=terms, by=ADMIN, **over)


async def test_a_matter_is_in_the_catalogue_only_once_published(uow: Any, terms: Any) -> None:
    await catalogue.create_matter(write(terms()), uow)
    with pytest.raises(MatterNotInCatalogue):
        await catalogue.published_matter(catalogue.MatterOf("MZ-001"), uow)
    await catalogue.publish_matter(catalogue.Publication("MZ-001", ADMIN), uow)
    pinned = await catalogue.published_matter(catalogue.MatterOf("MZ-001"), uow)
    assert (pinned.version, pinned.published) == (1, True)


async def test_an_old_version_stays_readable_unchanged_after_a_change(
    uow: Any, terms: Any
) -> None:
    await catalogue.create_matter(write(terms()), uow)
    await catalogue.publish_matter(catalogue.Publication("MZ-001", ADMIN), uow)
    before = await catalogue.matter_version(catalogue.MatterVersionOf("MZ-001", 1), uow)
    written = await catalogue.change_matter(write(terms(name="低保申请")), uow)
    assert (written.created, written.matter.version, written.matter.published) == (True, 2, True)
    after = await catalogue.matter_version(catalogue.MatterVersionOf("MZ-001", 1), uow)
    assert after.model_dump(exclude={"published"}) == before.model_dump(exclude={"published"})
    assert after.published is False
    assert (await catalogue.published_matter(catalogue.MatterOf("MZ-001"), uow)).name == "低保申请"


async def test_a_change_with_the_same_terms_writes_nothing(uow: Any, terms: Any) -> None:
    await catalogue.create_matter(write(terms()), uow)
    uow.published.clear()
    written = await catalogue.change_matter(write(terms()), uow)
    assert (written.created, written.matter.version, uow.published) == (False, 1, [])
    with pytest.raises(MatterVersionNotFound):
        await catalogue.matter_version(catalogue.MatterVersionOf("MZ-001", 2), uow)


async def test_a_code_is_created_once(uow: Any, terms: Any) -> None:
    await catalogue.create_matter(write(terms()), uow)
    with pytest.raises(MatterAlreadyExists):
        await catalogue.create_matter(write(terms(name="另一个")), uow)


async def test_a_retried_create_returns_the_first_and_records_nothing_new(
    uow: Any, terms: Any
) -> None:
    cmd = write(terms(), retry=RetryKey("admin-1", "key-00000001", "f"))
    first = await catalogue.create_matter(cmd, uow)
    again = await catalogue.create_matter(cmd, uow)
    assert again == first
    assert len(uow.published) == 1


async def test_unknown_matters_cannot_be_changed_or_published(uow: Any, terms: Any) -> None:
    with pytest.raises(MatterNotFound):
        await catalogue.change_matter(write(terms()), uow)
    with pytest.raises(MatterNotFound):
        await catalogue.publish_matter(catalogue.Publication("MZ-404", ADMIN), uow)


async def test_every_change_is_recorded_as_an_event(uow: Any, terms: Any) -> None:
    await catalogue.create_matter(write(terms()), uow)
    await catalogue.publish_matter(catalogue.Publication("MZ-001", ADMIN), uow)
    await catalogue.change_matter(write(terms(name="低保申请")), uow)
    await catalogue.unpublish_matter(catalogue.Publication("MZ-001", ADMIN), uow)
    assert [type(e) for e in uow.published] == [
        MatterVersionCreatedV1, MatterPublishedV1, MatterVersionCreatedV1, MatterPublishedV1,
        MatterUnpublishedV1]
    assert {e.subject() for e in uow.published} == {"matter:MZ-001"}


async def test_the_public_catalogue_pages_by_code_and_filters(uow: Any, terms: Any) -> None:
    town = terms(deciding_tier=T, limit_working_days=5, proxy_allowance_days=1,
                 stage_days={V: 1, T: 5}, name="临时救助申请")
    for code, made in (("MZ-001", terms()), ("MZ-002", town), ("MZ-003", terms())):
        await catalogue.create_matter(write(made, code=code), uow)
        await catalogue.publish_matter(catalogue.Publication(code, ADMIN), uow)
    await catalogue.create_matter(write(terms(), code="MZ-004"), uow)
    page = await catalogue.published_catalogue(
        catalogue.CatalogueUnder(CatalogueQuery(), None, 2), uow)
    assert ([m.code for m in page.items], page.more) == (["MZ-001", "MZ-002"], True)
    rest = await catalogue.published_catalogue(
        catalogue.CatalogueUnder(CatalogueQuery(), "MZ-002", 2), uow)
    assert ([m.code for m in rest.items], rest.more) == (["MZ-003"], False)
    towns = await catalogue.published_catalogue(
        catalogue.CatalogueUnder(CatalogueQuery(deciding_tier=T), None, 10), uow)
    assert [m.code for m in towns.items] == ["MZ-002"]
