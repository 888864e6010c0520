"""Changing one record through the API: create once, revise silently if unchanged, AB pairing."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from daiban_common.idempotency import RetryKey
from daiban_kernel.contracts.staff import Duty
from daiban_kernel.places import PlaceCode
from daiban_kernel.roles import Role
from daiban_routing.domain.errors import RecordAlreadyExists, RecordNotFound, RecordsRefused
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.places import Place
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.domain.staff import StaffMember
from daiban_routing.handlers.kinds import KINDS, PLACES, STAFF
from daiban_routing.handlers.master import CreateRecord, ImportFile, ReviseRecord
from daiban_routing.handlers.staff import DeactivateMember, PairPartners

NEW_VILLAGE = Place("110116107203", "新地村", "110116107", Decimal("7.5"))

ALL = Jurisdiction.everywhere()
IN_110116 = Jurisdiction(PlaceCode("110116"))
IN_110116001 = Jurisdiction(PlaceCode("110116001"))


@pytest.fixture
async def loaded(routing: Any, uow: Any, county_files: Any) -> Any:
    files = county_files("110116")
    for kind in KINDS:
        await routing.commands.import_file(ImportFile(kind, files[kind.noun], SheetFormat.CSV, ALL))
    uow.published.clear()
    return routing


def member(uow: Any, staff_id: str) -> StaffMember:
    value: StaffMember = uow.staff.rows[(staff_id,)].value
    return value


async def test_a_place_is_created_once(loaded: Any, uow: Any) -> None:
    record = await loaded.commands.create_record(CreateRecord(PLACES, NEW_VILLAGE, IN_110116))
    assert record.version == 1
    with pytest.raises(RecordAlreadyExists):
        await loaded.commands.create_record(CreateRecord(PLACES, NEW_VILLAGE, IN_110116))
    assert uow.types() == ["place.created"]


async def test_a_retried_create_with_the_same_key_returns_the_first_record(
    loaded: Any, uow: Any
) -> None:
    claim = RetryKey("admin-1", "key-00000001", "hash")
    first = await loaded.commands.create_record(CreateRecord(PLACES, NEW_VILLAGE, ALL, claim))
    again = await loaded.commands.create_record(CreateRecord(PLACES, NEW_VILLAGE, ALL, claim))
    assert again.value == first.value
    assert uow.types() == ["place.created"]


async def test_a_created_place_is_checked_against_the_tree(loaded: Any, uow: Any) -> None:
    orphan = Place("110116109201", "孤村", "110116109", Decimal(1))
    with pytest.raises(RecordsRefused) as caught:
        await loaded.commands.create_record(CreateRecord(PLACES, orphan, ALL))
    assert [p.field for p in caught.value.problems] == ["parent_code"]
    assert uow.published == []


async def test_revising_to_the_same_value_publishes_nothing(loaded: Any, uow: Any) -> None:
    record = await loaded.commands.revise_record(
        ReviseRecord(PLACES, ("110116107",), lambda p: p, ALL))
    assert record.version == 1
    assert uow.published == []


async def test_a_record_outside_the_callers_place_is_not_found(loaded: Any) -> None:
    with pytest.raises(RecordNotFound):
        await loaded.commands.revise_record(
            ReviseRecord(PLACES, ("110116107",), lambda p: p, IN_110116001))


async def test_a_town_with_active_villages_cannot_be_deactivated(loaded: Any, uow: Any) -> None:
    with pytest.raises(RecordsRefused) as caught:
        await loaded.commands.revise_record(
            ReviseRecord(PLACES, ("110116107",), lambda p: replace(p, active=False), ALL))
    assert "110116107201" in caught.value.problems[0].reason
    assert uow.places.rows[("110116107",)].value.active


async def test_duty_changes_publish_duty_changed(loaded: Any, uow: Any) -> None:
    await loaded.commands.revise_record(
        ReviseRecord(STAFF, ("110116-0006",), lambda m: replace(m, duty=Duty.ABSENT), ALL))
    assert uow.types() == ["staff.duty_changed"]
    assert member(uow, "110116-0006").duty is Duty.ABSENT


async def test_pairing_frees_both_former_partners(loaded: Any, uow: Any) -> None:
    newcomer = StaffMember("110116-0100", "马春生", "13800000100", Role.VILLAGE_AGENT,
                           "110116107202-01", ("MZ", "RS"))
    await loaded.commands.create_record(CreateRecord(STAFF, newcomer, ALL))
    changed = await loaded.commands.pair_partners(PairPartners("110116-0100", "110116-0006", ALL))
    assert {r.value.staff_id: r.value.partner_id for r in changed} == {
        "110116-0100": "110116-0006", "110116-0006": "110116-0100", "110116-0007": None}
    assert uow.types() == ["staff.created"] + ["staff.updated"] * 3


async def test_pairing_with_a_colleague_elsewhere_is_refused(loaded: Any, uow: Any) -> None:
    with pytest.raises(RecordsRefused):
        await loaded.commands.pair_partners(PairPartners("110116-0006", "110116-0004", ALL))
    assert member(uow, "110116-0006").partner_id == "110116-0007"
    assert uow.published == []


async def test_a_member_who_leaves_dissolves_the_partnership(loaded: Any, uow: Any) -> None:
    record = await loaded.commands.deactivate_member(DeactivateMember("110116-0006", ALL))
    assert not record.value.active
    assert member(uow, "110116-0007").partner_id is None
    assert sorted(uow.types()) == ["staff.deactivated", "staff.updated"]


async def test_moving_a_partnered_member_to_another_station_is_refused(loaded: Any) -> None:
    with pytest.raises(RecordsRefused) as caught:
        await loaded.commands.revise_record(ReviseRecord(
            STAFF, ("110116-0006",), lambda m: replace(m, station_code="110116107201-01"), ALL))
    assert [p.field for p in caught.value.problems] == ["partner_id"]
