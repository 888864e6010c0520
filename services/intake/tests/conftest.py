"""What every intake test tree shares: the in-memory stand-ins for intake's repositories (the unit
tests' unit of work, and one side of each repository's contract suite), and where a contract
runs."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any, Self

import pytest

from daiban_common.db import create_engine, session_factory
from daiban_intake.adapters.orm import messaging
from daiban_intake.adapters.uow import PostgresUnitOfWork
from daiban_intake.bootstrap import SOURCE
from daiban_intake.domain.attachment import Attachment
from daiban_intake.domain.case import Applicant, Case, ProtectedIdNumber
from daiban_intake.domain.complaint import Complaint
from daiban_intake.domain.errors import MatterAlreadyExists
from daiban_intake.domain.matter import Matter, MatterTerms, version_of
from daiban_intake.domain.place import KnownPlace, KnownStation
from daiban_intake.ports import (
    AttachmentRepository,
    CaseQuery,
    CaseRepository,
    CatalogueQuery,
    ComplaintQuery,
    ComplaintRepository,
    MatterRepository,
    PlaceRepository,
    ScanRepository,
    StationRepository,
    UnitOfWork,
)
from daiban_intake.settings import IntakeSettings
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.matter import Material, MaterialForm, MatterKind, MatterVersion, Tier
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceTier
from daiban_kernel.roles import Role
from tests.support.fakes import FakeUnitOfWork

# ------------------------------------------------------------------------------------ fakes


class FakeCases(CaseRepository):
    def __init__(self, seen: list[object]) -> None:
        self.rows: dict[str, Case] = {}
        self.sequences: dict[tuple[str, date], int] = {}
        self._seen = seen

    async def next_number_sequence(self, county_code: str, day: date) -> int:
        self.sequences[(county_code, day)] = self.sequences.get((county_code, day), 0) + 1
        return self.sequences[(county_code, day)]

    async def add(self, case: Case) -> None:
        self.rows[case.number] = case
        self._seen.append(case)

    async def get(self, number: str, *, lock: bool = False) -> Case | None:
        found = self.rows.get(number)
        if found is not None:
            self._seen.append(found)
        return found

    async def save(self, case: Case) -> None:
        self.rows[case.number] = case

    async def page(self, query: CaseQuery, *, before: str | None, limit: int) -> list[Case]:
        found = [c for n, c in sorted(self.rows.items(), reverse=True)
                 if c.village_code.startswith(query.place) and (before is None or n < before)
                 and query.status in (None, c.status)
                 and query.matter_code in (None, c.matter_code)
                 and query.village_code in (None, c.village_code)
                 and query.owner_staff_id in (None, c.owner.staff_id if c.owner else None)]
        return found[:limit]


class FakeAttachments(AttachmentRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Attachment] = {}

    async def add(self, attachment: Attachment) -> None:
        self.rows[attachment.id] = attachment

    async def get(self, case_number: str, attachment_id: str) -> Attachment | None:
        found = self.rows.get(attachment_id)
        return found if found is not None and found.case_number == case_number else None


class FakeScans(ScanRepository):
    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    async def put(self, attachment_id: str, content: bytes) -> None:
        self.blobs[attachment_id] = content

    async def get(self, attachment_id: str) -> bytes | None:
        return self.blobs.get(attachment_id)


class FakeComplaints(ComplaintRepository):
    def __init__(self, seen: list[object]) -> None:
        self.rows: dict[str, Complaint] = {}
        self._seen = seen

    async def add(self, complaint: Complaint) -> None:
        self.rows[complaint.id] = complaint
        self._seen.append(complaint)

    async def get(self, complaint_id: str, *, lock: bool = False) -> Complaint | None:
        found = self.rows.get(complaint_id)
        if found is not None:
            self._seen.append(found)
        return found

    async def save(self, complaint: Complaint) -> None:
        self.rows[complaint.id] = complaint

    async def page(self, query: ComplaintQuery, *, before: int | None, limit: int
                   ) -> list[tuple[int, Complaint]]:
        numbered = list(enumerate(self.rows.values(), start=1))[::-1]
        return [(n, c) for n, c in numbered if c.place_code.startswith(query.place)
                and (before is None or n < before)
                and query.answered in (None, c.answer is not None)
                and query.case_number in (None, c.case_number)][:limit]


class FakeMatters(MatterRepository):
    """Keeps state and versions apart from the aggregates, so an unsaved change is lost."""

    def __init__(self, seen: list[object]) -> None:
        self.state: dict[str, tuple[int, bool]] = {}
        self.versions: dict[tuple[str, int], MatterTerms] = {}
        self._seen = seen

    def _loaded(self, code: str) -> Matter:
        version, published = self.state[code]
        return Matter(code, version, self.versions[(code, version)], published=published)

    async def get_many(self, codes: Iterable[str]) -> dict[str, Matter]:
        found = {c: self._loaded(c) for c in codes if c in self.state}
        self._seen.extend(found.values())
        return found

    async def add(self, matter: Matter) -> None:
        if matter.code in self.state:
            raise MatterAlreadyExists(matter.code)
        await self.save(matter)
        self._seen.append(matter)

    async def save(self, matter: Matter) -> None:
        self.versions.setdefault((matter.code, matter.version), matter.terms)
        self.state[matter.code] = (matter.version, matter.published)

    async def latest(self, code: str) -> MatterVersion | None:
        return self._loaded(code).snapshot() if code in self.state else None

    async def version(self, code: str, version: int) -> MatterVersion | None:
        if (code, version) not in self.versions:
            return None
        current, published = self.state[code]
        return version_of(code, self.versions[(code, version)], version=version,
                          published=published and current == version)

    async def published(self, code: str) -> MatterVersion | None:
        found = await self.latest(code)
        return found if found is not None and found.published else None

    async def published_page(self, query: CatalogueQuery, *, after: str | None,
                             limit: int) -> list[MatterVersion]:
        found = [m for m in [await self.published(c) for c in sorted(self.state)]
                 if m is not None and (after is None or m.code > after)
                 and query.department_code in (None, m.department_code)
                 and query.kind in (None, m.kind)
                 and query.deciding_tier in (None, m.deciding_tier)
                 and (query.name_contains or "") in m.name]
        return found[:limit]

    async def current(self, *, department_code: str | None) -> list[Matter]:
        return [self._loaded(c) for c in sorted(self.state)
                if department_code in (None, self.versions[(c, self.state[c][0])]
                                       .department_code)]


def kept_if_newer(rows: dict[str, Any], code: str, record: KnownPlace | KnownStation) -> bool:
    """A read model's rule: a record replaces the known one only with a newer version."""
    known = rows.get(code)
    if known is not None and known.version >= record.version:
        return False
    rows[code] = record
    return True


class FakePlaces(PlaceRepository):
    def __init__(self) -> None:
        self.rows: dict[str, KnownPlace] = {}

    async def keep(self, place: KnownPlace) -> bool:
        return kept_if_newer(self.rows, place.code, place)

    async def get(self, code: str) -> KnownPlace | None:
        return self.rows.get(code)

    def village(self, code: str, name: str = "测试村", *, active: bool = True) -> None:
        """Know an active village (what routing's ``place.created`` would have said)."""
        self.rows[code] = KnownPlace(code, name, PlaceTier.VILLAGE, code[:9], active, 1)


class FakeStations(StationRepository):
    def __init__(self) -> None:
        self.rows: dict[str, KnownStation] = {}

    async def keep(self, station: KnownStation) -> bool:
        return kept_if_newer(self.rows, station.code, station)

    async def at(self, place_code: str) -> KnownStation | None:
        return next((s for _, s in sorted(self.rows.items())
                     if s.place_code == place_code and s.active), None)


class FakeIntakeUnitOfWork(FakeUnitOfWork):
    """Intake's repositories in memory, shared across transactions (a factory hands out this one
    object), as the database would."""

    def __init__(self) -> None:
        super().__init__()
        self.cases = FakeCases(self.seen)
        self.attachments = FakeAttachments()
        self.scans = FakeScans()
        self.complaints = FakeComplaints(self.seen)
        self.matters = FakeMatters(self.seen)
        self.places = FakePlaces()
        self.stations = FakeStations()

    @property
    def published(self) -> list[EventData]:
        """Every event committed so far, in order."""
        return self.committed

    async def __aenter__(self) -> Self:
        self.seen.clear()
        return await super().__aenter__()


@pytest.fixture
def uow() -> FakeIntakeUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeIntakeUnitOfWork()


CaseMaker = Callable[[str, str], Case]
"""``(number, village) -> Case``: a case as it is opened, under version 1 of MZ-001."""
CONTRACT_AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def new_county() -> Callable[[], str]:
    """County codes of a test's own (a 9 first: no real county starts with it), so that the
    Postgres side of a contract, which shares the session's database, sees only its own rows."""
    return lambda: "9" + "".join(secrets.choice("0123456789") for _ in range(5))


@pytest.fixture
def opened_case() -> CaseMaker:
    """Cases as they are opened, for the repository contracts."""
    def make(number: str, village: str) -> Case:
        agent = Actor(staff_id="agent-1", role=Role.VILLAGE_AGENT, place=village)
        applicant = Applicant("王井权", ProtectedIdNumber(b"sealed", "hash", "110116********0018"),
                              "13900000001", home_village_code=village)
        return Case(number, "MZ-001", 1, village, Channel.STATION, applicant, agent,
                    CONTRACT_AT, owner=agent)

    return make


@pytest.fixture(params=["fake", "postgres"])
async def units(request: pytest.FixtureRequest, uow: FakeIntakeUnitOfWork,
                env: dict[str, str]) -> AsyncIterator[Callable[[], UnitOfWork]]:
    """Where a repository contract runs: the in-memory fakes, or Postgres (the session's
    database; each test writes under codes of its own); a fresh unit of work on each call."""
    if request.param == "fake":
        yield lambda: uow
        return
    engine = create_engine(IntakeSettings.model_validate(env))
    yield partial(PostgresUnitOfWork, session_factory(engine), tables=messaging, source=SOURCE)
    await engine.dispose()


TermsFactory = Callable[..., MatterTerms]


@pytest.fixture
def terms() -> TermsFactory:
    """Valid terms of a county-level matter (20 + 5 days over four stages); keywords override."""
    def make(**over: object) -> MatterTerms:
        values: dict[str, object] = {
            "name": "最低生活保障申请", "department_code": "mz", "kind": MatterKind.PROXY,
            "deciding_tier": Tier.DEPARTMENT, "limit_working_days": 20,
            "proxy_allowance_days": 5,
            "stage_days": {Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.COUNTY: 2, Tier.DEPARTMENT: 18},
            "materials": (Material(name="居民身份证", form=MaterialForm.ORIGINAL_AND_COPY, count=1),
                          Material(name="户口簿", form=MaterialForm.COPY, count=1,
                                   mandatory=False)),
        }
        return MatterTerms(**{**values, **over})  # type: ignore[arg-type]

    return make


def five_guarantee(**over: object) -> MatterVersion:
    """MZ-002 as the demo catalogue has it: four papers, a bank-card copy, the authorization."""
    values: dict[str, object] = {
        "code": "MZ-002", "version": 1, "name": "特困人员（五保）供养申请",
        "department_code": "mz", "kind": MatterKind.PROXY, "deciding_tier": Tier.DEPARTMENT,
        "limit_working_days": 20, "proxy_allowance_days": 5,
        "stage_days": {Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.COUNTY: 2, Tier.DEPARTMENT: 18},
        "materials": (
            Material(name="特困人员供养申请书", form=MaterialForm.ORIGINAL, count=1),
            Material(name="户口簿", form=MaterialForm.ORIGINAL_AND_COPY, count=1),
            Material(name="本人银行卡（存折）复印件", form=MaterialForm.COPY, count=1),
            Material(name="授权委托书（本人签字，村集体经济组织负责人签字证明）",
                     form=MaterialForm.ORIGINAL, count=1)),
        "authorization_required": True, "published": True}
    return MatterVersion.model_validate({**values, **over})


@pytest.fixture
def matter() -> MatterVersion:
    """MZ-002, five-guarantee support, needing a power of attorney."""
    return five_guarantee()
