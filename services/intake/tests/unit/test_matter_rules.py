"""The catalogue's rules: the time split over the path, the allowance, versions, publication."""

from typing import Any

import pytest

from daiban_intake.domain.errors import (
    CountyDoesNotDecide,
    InPersonMatterIsNotProxied,
    MaterialListedTwice,
    MatterAlreadyPublished,
    MatterNotPublished,
    ProxyAllowanceTooLong,
    StageDaysDoNotAddUp,
    StagesOffThePath,
    TimeoutDefaultOffThePath,
)
from daiban_intake.domain.matter import Matter
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import (
    Material,
    MaterialForm,
    MatterKind,
    MatterPublishedV1,
    MatterUnpublishedV1,
    MatterVersionCreatedV1,
    Tier,
)

ADMIN = Actor(staff_id="admin-1", role="admin", place="110116")
V, T, C, D = Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT


@pytest.mark.parametrize(("deciding", "split"), [
    pytest.param(V, {V: 6}, id="village decides: the village stage only"),
    pytest.param(T, {V: 2, T: 4}, id="town decides: village and town"),
    pytest.param(D, {V: 1, T: 2, C: 1, D: 2}, id="department decides: all four stages"),
])
def test_the_stages_are_exactly_the_tiers_from_the_village_to_the_deciding_tier(
    terms: Any, deciding: Tier, split: dict[Tier, int]
) -> None:
    made = terms(deciding_tier=deciding, limit_working_days=5, proxy_allowance_days=1,
                 stage_days=split)
    assert list(made.stage_days) == list(split)
    assert made.path == tuple(split)


@pytest.mark.parametrize(("deciding", "split"), [
    pytest.param(T, {V: 2, T: 3, C: 1}, id="a town matter naming the county"),
    pytest.param(D, {V: 2, T: 3, D: 1}, id="a county matter without the county stage"),
    pytest.param(V, {T: 6}, id="a village matter naming the town instead"),
])
def test_stage_days_off_the_path_are_refused(terms: Any, deciding: Tier,
                                             split: dict[Tier, int]) -> None:
    with pytest.raises(StagesOffThePath) as refused:
        terms(deciding_tier=deciding, limit_working_days=5, proxy_allowance_days=1,
              stage_days=split)
    assert refused.value.problems[0].field == "stage_days"


def test_stage_days_must_add_up_to_the_limit_plus_the_allowance(terms: Any) -> None:
    with pytest.raises(StageDaysDoNotAddUp, match=r"24 working days.*20 \+ 5 = 25"):
        terms(stage_days={V: 2, T: 3, C: 2, D: 17})


def test_a_stage_cannot_have_negative_days(terms: Any) -> None:
    with pytest.raises(StageDaysDoNotAddUp):
        terms(stage_days={V: -1, T: 4, C: 2, D: 20})


def test_a_stage_may_take_no_day_at_all(terms: Any) -> None:
    assert terms(stage_days={V: 0, T: 0, C: 0, D: 25}).total_working_days == 25


def test_the_county_centre_relays_and_never_decides(terms: Any) -> None:
    with pytest.raises(CountyDoesNotDecide):
        terms(deciding_tier=C, stage_days={V: 2, T: 3, C: 20})


def test_the_proxy_may_take_at_most_five_working_days_beyond_the_limit(terms: Any) -> None:
    assert terms(proxy_allowance_days=5).proxy_allowance_days == 5
    with pytest.raises(ProxyAllowanceTooLong):
        terms(proxy_allowance_days=6, stage_days={V: 3, T: 3, C: 2, D: 18})


@pytest.mark.parametrize("over", [
    pytest.param({"proxy_allowance_days": 1}, id="with a proxy allowance"),
    pytest.param({"proxy_allowance_days": 0, "authorization_required": True},
                 id="with an authorization"),
])
def test_an_in_person_matter_is_not_proxied(terms: Any, over: dict[str, Any]) -> None:
    days = 20 + over["proxy_allowance_days"]
    with pytest.raises(InPersonMatterIsNotProxied):
        terms(kind=MatterKind.IN_PERSON, stage_days={V: 0, T: 0, C: 0, D: days}, **over)


def test_timeout_default_applies_only_to_stages_the_case_passes(terms: Any) -> None:
    with pytest.raises(TimeoutDefaultOffThePath, match="county"):
        terms(deciding_tier=T, limit_working_days=4, proxy_allowance_days=1,
              stage_days={V: 1, T: 4}, timeout_default_stages=(C,))


def test_a_material_is_listed_once(terms: Any) -> None:
    twice = Material(name="户口簿", form=MaterialForm.ORIGINAL, count=1)
    with pytest.raises(MaterialListedTwice, match="户口簿"):
        terms(materials=(twice, twice))


def test_terms_written_in_another_order_are_the_same_terms(terms: Any) -> None:
    one = terms(timeout_default_stages=(T, V), stage_days={D: 18, C: 2, T: 3, V: 2})
    other = terms(timeout_default_stages=(V, T))
    assert one == other
    assert one.timeout_default_stages == (V, T)
    assert list(one.stage_days) == [V, T, C, D]


def test_a_new_matter_is_version_1_and_not_published(terms: Any) -> None:
    matter = Matter.create("MZ-001", terms(), by=ADMIN)
    (event,) = matter.events
    assert isinstance(event, MatterVersionCreatedV1)
    assert (event.matter.version, event.matter.published, event.by) == (1, False, ADMIN)
    assert event.subject() == "matter:MZ-001"


def test_a_change_writes_the_next_version_and_keeps_the_old_terms(terms: Any) -> None:
    first = terms()
    matter = Matter.create("MZ-001", first, by=ADMIN)
    matter.events.clear()
    assert matter.change(terms(name="最低生活保障审批"), by=ADMIN) is True
    assert matter.version == 2
    (event,) = matter.events
    assert isinstance(event, MatterVersionCreatedV1)
    assert event.matter.version == 2
    assert first.name == "最低生活保障申请"


def test_the_same_terms_write_no_version_and_record_nothing(terms: Any) -> None:
    matter = Matter.create("MZ-001", terms(), by=ADMIN)
    matter.events.clear()
    assert matter.change(terms(), by=ADMIN) is False
    assert (matter.version, matter.events) == (1, [])


def test_changing_a_published_matter_publishes_the_new_version(terms: Any) -> None:
    matter = Matter.create("MZ-001", terms(), by=ADMIN)
    matter.publish(by=ADMIN)
    matter.events.clear()
    matter.change(terms(limit_working_days=15, stage_days={V: 2, T: 3, C: 2, D: 13}), by=ADMIN)
    created, published = matter.events
    assert isinstance(created, MatterVersionCreatedV1)
    assert isinstance(published, MatterPublishedV1)
    assert (created.matter.published, published.matter.version) == (False, 2)
    assert published.matter.limit_working_days == 15


def test_a_published_matter_cannot_be_published_again(terms: Any) -> None:
    matter = Matter.create("MZ-001", terms(), by=ADMIN)
    matter.publish(by=ADMIN)
    with pytest.raises(MatterAlreadyPublished):
        matter.publish(by=ADMIN)


def test_only_a_published_matter_can_be_unpublished(terms: Any) -> None:
    matter = Matter.create("MZ-001", terms(), by=ADMIN)
    with pytest.raises(MatterNotPublished):
        matter.unpublish(by=ADMIN)
    matter.publish(by=ADMIN)
    matter.unpublish(by=ADMIN)
    assert matter.published is False
    withdrawn = matter.events[-1]
    assert isinstance(withdrawn, MatterUnpublishedV1)
    assert (withdrawn.code, withdrawn.matter_version) == ("MZ-001", 1)


def test_restating_the_same_terms_and_publication_does_nothing(terms: Any) -> None:
    matter = Matter.create("MZ-001", terms(), by=None)
    matter.publish(by=None)
    matter.events.clear()
    assert matter.restate(terms(), published=True, by=None).unchanged
    assert matter.events == []


def test_restating_new_terms_unpublished_withdraws_before_writing_the_version(
    terms: Any,
) -> None:
    matter = Matter.create("MZ-001", terms(), by=None)
    matter.publish(by=None)
    matter.events.clear()
    outcome = matter.restate(terms(name="低保申请"), published=False, by=None)
    assert (outcome.new_version, outcome.unpublished, outcome.published) == (True, True, False)
    assert [type(e) for e in matter.events] == [MatterUnpublishedV1, MatterVersionCreatedV1]
