"""CaseRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from daiban_intake.domain.case import Case
from daiban_intake.domain.status import CaseStatus
from daiban_intake.ports import CaseQuery, UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.cases import case_number
from daiban_kernel.china import CHINA

DAY = date(2026, 11, 25)


async def test_numbers_count_from_one_per_county_and_day(
    units: Callable[[], UnitOfWork], new_county: Callable[[], str],
) -> None:
    county, other = new_county(), new_county()
    async with units() as uow:
        found = [await uow.cases.next_number_sequence(county, DAY) for _ in range(2)]
        found.append(await uow.cases.next_number_sequence(other, DAY))
        found.append(await uow.cases.next_number_sequence(county, date(2026, 11, 26)))
        await uow.commit()
    assert found == [1, 2, 1, 1]


async def test_a_case_added_is_read_back_and_a_saved_change_kept(
    units: Callable[[], UnitOfWork], new_county: Callable[[], str],
    opened_case: Callable[[str, str], Case],
) -> None:
    village = new_county() + "100200"
    number = case_number(village[:6], DAY, 1)
    async with units() as uow:
        assert await uow.cases.get(number) is None
        await uow.cases.add(opened_case(number, village))
        await uow.commit()
    clerk = Actor(staff_id="clerk-1", role="town_clerk", place=village[:9])
    async with units() as uow:
        case = await uow.cases.get(number, lock=True)
        assert case is not None
        assert (case.village_code, case.status, case.applicant.id_number.masked) == (
            village, CaseStatus.SUBMITTED, "110116********0018")
        case.take_over(clerk, at=datetime(2026, 3, 2, 9, tzinfo=CHINA))
        await uow.cases.save(case)
        await uow.commit()
    async with units() as uow:
        again = await uow.cases.get(number)
        assert again is not None
        assert (again.owner, again.version) == (clerk, 2)


async def test_a_page_holds_the_place_newest_first_below_the_cursor(
    units: Callable[[], UnitOfWork], new_county: Callable[[], str],
    opened_case: Callable[[str, str], Case],
) -> None:
    county = new_county()
    here, there = county + "100200", county + "100201"
    numbers = [case_number(county, DAY, n) for n in (1, 2, 3)]
    async with units() as uow:
        await uow.cases.add(opened_case(numbers[0], here))
        await uow.cases.add(opened_case(numbers[1], there))
        await uow.cases.add(replace(opened_case(numbers[2], here), status=CaseStatus.ACCEPTED))
        await uow.cases.add(opened_case(case_number(new_county(), DAY, 1), new_county() + "100200"))
        await uow.commit()
    async with units() as uow:
        every = await uow.cases.page(CaseQuery(place=county), before=None, limit=10)
        below = await uow.cases.page(CaseQuery(place=county), before=numbers[2], limit=1)
        station = await uow.cases.page(CaseQuery(place=county, village_code=here), before=None,
                                       limit=10)
        accepted = await uow.cases.page(CaseQuery(place=county, status=CaseStatus.ACCEPTED),
                                        before=None, limit=10)
        owned = await uow.cases.page(CaseQuery(place=county, owner_staff_id="agent-1"),
                                     before=None, limit=10)
        nobodys = await uow.cases.page(CaseQuery(place=county, owner_staff_id="agent-2"),
                                       before=None, limit=10)
    assert [c.number for c in every] == numbers[::-1]
    assert [c.number for c in below] == [numbers[1]]
    assert [c.number for c in station] == [numbers[2], numbers[0]]
    assert [c.number for c in accepted] == [numbers[2]]
    assert [c.number for c in owned] == numbers[::-1]
    assert nobodys == []
