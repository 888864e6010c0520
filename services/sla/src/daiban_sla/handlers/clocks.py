"""The clocks of a case, kept by the events of its life (see ``domain.case_clocks``).

Each handler locks the case's row first, so the events of one case apply one at a time whatever
the number of consumers; relay events apply in ``flow_version`` order, an early one waiting in
``deferred_flow_events`` until its turn. Handlers run in the consumer's transaction and never
commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseRef,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.relay import CaseRoutedV1
from daiban_kernel.contracts.sla import SlaStartedV1
from daiban_kernel.person_names import mask_name
from daiban_sla.domain.case_clocks import RELAY_EVENTS, CaseClocks, RelayEvent
from daiban_sla.domain.light_policy import LightPolicy
from daiban_sla.domain.timetable import Timetable, day_of
from daiban_sla.domain.tracked_case import Order, TrackedCase
from daiban_sla.handlers.calendar import CurrentCalendar, LoadedCalendar
from daiban_sla.ports import DeferredEvent, UnitOfWork

_RELAY_MODELS = {model.event_type: model for model in RELAY_EVENTS}


@dataclass(frozen=True)
class ClockKeeping:
    """What clocks are computed with: the process's calendar and the light policy."""

    calendar: CurrentCalendar
    policy: LightPolicy

    async def timetable(self, uow: UnitOfWork) -> Timetable:
        """The current calendar, its version, and the policy; may load the calendar (opening and
        closing ``uow``), so only for callers that hold no connection yet (the sweeper before
        its batch, a query before its read)."""
        return self._of(await self.calendar.get(uow))

    def in_memory(self) -> Timetable:
        """The same from the process's copy only: what a handler inside a transaction uses."""
        return self._of(self.calendar.in_memory())

    def _of(self, loaded: LoadedCalendar) -> Timetable:
        return Timetable(loaded.exact, loaded.version, self.policy, loaded.provisional)


async def track_submitted_case(event: CaseSubmittedV1, uow: UnitOfWork) -> None:
    """Start tracking a case; its clocks start when it is accepted. Only the applicant's masked
    name is kept, for the public board."""
    await uow.cases.track(TrackedCase(
        number=event.case_number, matter_code=event.matter_code,
        matter_version=event.matter_version, village_code=event.village_code,
        applicant_masked=mask_name(event.applicant.name), submitted_at=event.submitted_at))


async def start_clocks(event: CaseAcceptedV1, uow: UnitOfWork, *,
                       keeping: ClockKeeping) -> None:
    """The legal clock starts: the whole case's and the village's stage; relay events that
    came first apply now. ``sla.started`` names the whole case's deadline (a withdrawn case's
    clocks never start, and say nothing)."""
    book = await _open(event.case, uow)
    if book.case.accepted_at is not None:
        return
    timetable = keeping.in_memory()
    book.accept(event.at, timetable)
    whole = book.clocks.get(None)
    if whole is not None and book.terms is not None:
        deadline = whole.moments.deadline
        uow.emit(SlaStartedV1(
            case=event.case, at=event.at, matter_name=book.terms.name,
            limit_working_days=whole.budget_days,
            deadline_date=None if deadline is None else day_of(deadline),
            provisional=whole.moments.provisional))
    await _apply_waiting(book, uow, timetable)
    await _save(book, uow)


async def follow_relay(event: RelayEvent, uow: UnitOfWork, *, keeping: ClockKeeping) -> None:
    """A relay event in its turn; an early one waits, one applied already is passed over."""
    book = await _open(event.case, uow)
    order = book.case.order_of(event.flow_version, starts_flow=isinstance(event, CaseRoutedV1))
    if order is Order.STALE:
        return
    if order is Order.DEFER:
        await uow.deferred.defer(DeferredEvent(event.case.case_number, event.flow_version,
                                               event.event_type, event.model_dump(mode="json")))
        return
    timetable = keeping.in_memory()
    book.apply(event, timetable)
    await _apply_waiting(book, uow, timetable)
    await _save(book, uow)


async def stop_withdrawn_case(event: CaseWithdrawnV1, uow: UnitOfWork, *,
                              keeping: ClockKeeping) -> None:
    """The resident withdrew: every clock stops (a case not yet accepted never starts one)."""
    book = await _open(event.case, uow)
    book.withdraw(event.at, keeping.in_memory())
    await _save(book, uow)


async def resume_supplemented_case(event: CaseSupplementedV1, uow: UnitOfWork, *,
                                   keeping: ClockKeeping) -> None:
    """The resident supplied what a return asked for: if it answers the return the case waits
    on, the case resumes at the tier that returned it (routing's ``case.resumed`` follows; it then
    changes nothing). A supplement answering the one-time notice before acceptance, or another
    return, resumes nothing."""
    if event.return_flow_version is None:
        return
    book = await _open(event.case, uow)
    book.supplement(event.return_flow_version, event.at, keeping.in_memory())
    await _save(book, uow)


async def _open(ref: CaseRef, uow: UnitOfWork) -> CaseClocks:
    case = await uow.cases.lock(ref)
    terms = await uow.matters.get(case.matter_code, case.matter_version)
    clocks = await uow.clocks.of_case(case.number, lock=True)
    return CaseClocks(case, terms, {clock.stage: clock for clock in clocks})


async def _apply_waiting(book: CaseClocks, uow: UnitOfWork, timetable: Timetable) -> None:
    number = book.case.number
    while (waiting := await uow.deferred.take_next(number, book.case.flow_version)) is not None:
        book.apply(_RELAY_MODELS[waiting.event_type].model_validate(waiting.data), timetable)
    if book.case.flow_version is not None:
        await uow.deferred.drop_applied(number, book.case.flow_version)


async def _save(book: CaseClocks, uow: UnitOfWork) -> None:
    """Keep the case and its clocks; each clock that stopped says what it used."""
    uow.emit(*book.stopped)
    book.stopped.clear()
    await uow.cases.save(book.case)
    await uow.clocks.save(list(book.clocks.values()), wake=True)
