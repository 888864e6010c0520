"""DeferredEventRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable

from daiban_sla.ports import DeferredEvent, UnitOfWork

CASE, OTHER = "110116-20260302-000001", "110116-20260302-000002"


def waiting(version: int, event_type: str = "case.handed_over", *,
            case: str = CASE, note: str = "") -> DeferredEvent:
    return DeferredEvent(case, version, event_type, {"flow_version": version, "note": note})


async def test_the_next_waiting_event_is_taken_once_in_its_turn(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        for event in (waiting(3), waiting(2, note="first"), waiting(2, note="again"),
                      waiting(1, case=OTHER)):
            await uow.deferred.defer(event)
        await uow.commit()
    async with units() as uow:
        assert await uow.deferred.take_next(CASE, None) is None  # neither 1 nor the route
        assert await uow.deferred.take_next(CASE, 2) == waiting(3)
        assert await uow.deferred.take_next(CASE, 2) is None
        assert await uow.deferred.take_next(CASE, 1) == waiting(2, note="first")
        assert await uow.deferred.take_next(OTHER, None) == waiting(1, case=OTHER)
        await uow.commit()


async def test_the_route_comes_first_whatever_its_version_and_applied_ones_are_dropped(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        for event in (waiting(4, "case.routed"), waiting(5), waiting(7)):
            await uow.deferred.defer(event)
        await uow.commit()
    async with units() as uow:
        assert await uow.deferred.take_next(CASE, None) == waiting(4, "case.routed")
        await uow.deferred.drop_applied(CASE, 6)
        assert await uow.deferred.take_next(CASE, 4) is None
        assert await uow.deferred.take_next(CASE, 6) == waiting(7)
        await uow.commit()
