"""ComplaintRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from daiban_intake.domain.complaint import Complaint
from daiban_intake.ports import ComplaintQuery, UnitOfWork
from daiban_kernel.actor import Actor

AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def complaint(place: str, summary: str) -> Complaint:
    return Complaint.file(id=secrets.token_hex(16), case_number=None, place_code=place,
                          summary=summary, from_rating=False, by=None, at=AT)


async def test_an_answer_is_kept_and_the_filter_tells_open_from_answered(
    units: Callable[[], UnitOfWork], new_county: Callable[[], str],
) -> None:
    county = new_county()
    village = county + "100200"
    first, second = complaint(village, "等太久"), complaint(village, "态度差")
    async with units() as uow:
        await uow.complaints.add(first)
        await uow.complaints.add(second)
        await uow.complaints.add(complaint(new_county() + "100200", "别处"))
        await uow.commit()
    supervisor = Actor(staff_id="sup-1", role="supervisor", place=county)
    async with units() as uow:
        found = await uow.complaints.get(first.id, lock=True)
        assert found is not None
        found.respond("已核实并整改", by=supervisor, at=AT)
        await uow.complaints.save(found)
        await uow.commit()
    async with units() as uow:
        again = await uow.complaints.get(first.id)
        every = await uow.complaints.page(ComplaintQuery(place=county), before=None, limit=10)
        still_open = await uow.complaints.page(ComplaintQuery(place=county, answered=False),
                                               before=None, limit=10)
        answered = await uow.complaints.page(ComplaintQuery(place=county, answered=True),
                                             before=None, limit=10)
        below = await uow.complaints.page(ComplaintQuery(place=county), before=every[0][0],
                                          limit=10)
    assert again is not None
    assert again.answer is not None
    assert (again.answer.text, again.answer.by, again.version) == ("已核实并整改", supervisor, 2)
    assert [c.id for _, c in every] == [second.id, first.id]
    assert [c.id for _, c in still_open] == [second.id]
    assert [c.id for _, c in answered] == [first.id]
    assert [c.id for _, c in below] == [first.id]
