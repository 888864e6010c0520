"""What intake hears from routing's relay: returns, decisions, deliveries, closings.

These run inside the consumer's transaction (its inbox claim) and never commit themselves. A
relay event about a case intake does not have is refused, so the broker retries and then parks it.
"""

from __future__ import annotations

from datetime import timedelta

from daiban_intake.domain.case import Case, NoticeTerms
from daiban_intake.domain.errors import CaseUnknownHere
from daiban_intake.handlers.case_loading import matter_of
from daiban_intake.ports import UnitOfWork
from daiban_kernel.china import china_date
from daiban_kernel.contracts.relay import (
    CaseClosedV1,
    CaseDecidedV1,
    CaseResultDeliveredV1,
    CaseReturnedV1,
)


async def _case(uow: UnitOfWork, number: str) -> Case:
    case = await uow.cases.get(number, lock=True)
    if case is None:
        raise CaseUnknownHere(f"intake has no case {number}")
    return case


async def hear_return(event: CaseReturnedV1, uow: UnitOfWork, *, supplement_days: int) -> None:
    """Reopen the checklist with the tier's reasons and print the resident's notice, which names
    the case's owner (首问负责) as its agent."""
    case = await _case(uow, event.case.case_number)
    station = await uow.stations.at(case.village_code)
    terms = NoticeTerms(supplement_by=china_date(event.at) + timedelta(days=supplement_days),
                        agent_name=None, station_name=station.name if station else None)
    case.hear_return(await matter_of(uow, case), flow_version=event.flow_version,
                     tier=event.tier.value, reasons=event.reasons, by=event.by, at=event.at,
                     terms=terms)
    await uow.cases.save(case)


async def hear_decision(event: CaseDecidedV1, uow: UnitOfWork) -> None:
    """Keep the outcome; the case is decided."""
    case = await _case(uow, event.case.case_number)
    case.hear_decision(flow_version=event.flow_version, tier=event.tier.value,
                       outcome=event.outcome, reason=event.reason, deemed=event.deemed,
                       at=event.at)
    await uow.cases.save(case)


async def hear_delivery(event: CaseResultDeliveredV1, uow: UnitOfWork) -> None:
    """The result reached the resident."""
    case = await _case(uow, event.case.case_number)
    case.hear_delivery(flow_version=event.flow_version)
    await uow.cases.save(case)


async def hear_closing(event: CaseClosedV1, uow: UnitOfWork) -> None:
    """Routing closed the case."""
    case = await _case(uow, event.case.case_number)
    case.hear_closing(flow_version=event.flow_version, why=event.why)
    await uow.cases.save(case)
