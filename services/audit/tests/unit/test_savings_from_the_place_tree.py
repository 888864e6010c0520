"""What relaying saved: a case that went up to a county department saved the trip to the town
and the trip to the county (2 × village→town + 2 × town→county km); a case the town decided
saved the trip to the town (2 × village→town km)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from daiban_audit.bootstrap import build
from daiban_audit.handlers import MonthlyReportOf, SavingsOf
from daiban_audit.ports import UnitOfWork
from daiban_audit.settings import AuditSettings
from daiban_common.envelope import Envelope
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseRef, CaseSubmittedV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.place import PlaceCreatedV1, PlaceSnapshot
from daiban_kernel.contracts.relay import CaseDecidedV1, CaseRoutedV1, Outcome
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceTier
from daiban_kernel.roles import Role

from .conftest import Audit

AT = datetime(2026, 11, 3, 2, tzinfo=UTC)
MOUNTAIN_TOWN, MOUNTAIN_VILLAGE = "110116110", "110116110215"
COUNTY = Actor(staff_id="110116-0009", role=Role.SUPERVISOR, place="110116")


def place(code: str, tier: PlaceTier, parent: str | None, km: str | None) -> EventData:
    return PlaceCreatedV1(snapshot=PlaceSnapshot(
        code=code, name=code, tier=tier, parent_code=parent,
        distance_km=None if km is None else Decimal(km), active=True, version=1))


def tree() -> list[EventData]:
    """A county, a mountain town 46.3 km from it, and a village 17.8 km from the town."""
    return [place("110116", PlaceTier.COUNTY, None, None),
            place(MOUNTAIN_TOWN, PlaceTier.TOWN, "110116", "46.3"),
            place(MOUNTAIN_VILLAGE, PlaceTier.VILLAGE, MOUNTAIN_TOWN, "17.8")]


def decided(n: int, path: tuple[Tier, ...]) -> list[EventData]:
    ref = CaseRef(case_number=f"110116-20261101-{n:06d}", village_code=MOUNTAIN_VILLAGE,
                  matter_code="MZ-001", matter_version=1)
    applicant = Applicant(name="李林珍", id_number_masked="110105********002X")
    return [CaseSubmittedV1(case_number=ref.case_number, matter_code="MZ-001", matter_version=1,
                            village_code=MOUNTAIN_VILLAGE, channel=Channel.HOME_VISIT,
                            applicant=applicant, submitted_by=COUNTY, submitted_at=AT),
            CaseRoutedV1(case=ref, flow_version=1, at=AT, path=path, deciding_tier=path[-1],
                         department_code="MZ" if Tier.DEPARTMENT in path else None),
            CaseDecidedV1(case=ref, flow_version=2, at=AT + timedelta(days=3), tier=path[-1],
                          outcome=Outcome.APPROVED)]


async def feed(audit: Audit, uow: UnitOfWork, events: list[EventData]) -> None:
    for data in events:
        envelope = Envelope.wrap(data, source="/daiban/test")
        handler = audit.event_handlers.handler_for(envelope)
        assert handler is not None
        await handler(envelope, uow)


async def test_a_mountain_case_saves_both_trips_and_a_town_case_the_trip_to_town(
        audit: Audit, uow: UnitOfWork) -> None:
    await feed(audit, uow, [
        *tree(),
        *decided(1, (Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT)),
        *decided(2, (Tier.VILLAGE, Tier.TOWN)),
    ])
    saved = await audit.queries.savings(SavingsOf(
        place="110116", since=AT - timedelta(days=1), until=AT + timedelta(days=10), by=COUNTY))
    mountain, town = 2 * (Decimal("17.8") + Decimal("46.3")), 2 * Decimal("17.8")
    assert (saved.total.cases, saved.total.trips, saved.total.km) == (2, 3, mountain + town)
    assert [(x.place.code, x.trips, x.km) for x in saved.by_village] == [
        (MOUNTAIN_VILLAGE, 3, mountain + town)]
    assert [(x.place.code, x.km) for x in saved.by_town] == [(MOUNTAIN_TOWN, mountain + town)]

    report = await audit.queries.monthly_report(MonthlyReportOf(MOUNTAIN_TOWN, "2026-11", COUNTY))
    by_department = {r.key: r.counts for r in report.by_department}
    assert (by_department["MZ"]["trips_saved"], by_department["MZ"]["km_saved"]) == (2, mountain)
    assert (by_department["-"]["trips_saved"], by_department["-"]["km_saved"]) == (1, town)


async def test_the_costs_saved_are_the_trips_and_kilometres_at_the_configured_prices(
        settings: AuditSettings, uow: UnitOfWork) -> None:
    priced = build(settings.model_copy(update={"savings_cost_per_trip_yuan": Decimal("20"),
                                               "savings_cost_per_km_yuan": Decimal("0.8")}),
                   uow_factory=lambda: uow)
    await feed(priced, uow, [
        *tree(),
        *decided(1, (Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT)),
    ])
    saved = await priced.queries.savings(SavingsOf(
        place="110116", since=AT - timedelta(days=1), until=AT + timedelta(days=10), by=COUNTY))
    assert saved.costs is not None
    assert saved.costs.of(saved.total.trips, saved.total.km) == Decimal("2") * 20 + (
        2 * (Decimal("17.8") + Decimal("46.3"))) * Decimal("0.8")
