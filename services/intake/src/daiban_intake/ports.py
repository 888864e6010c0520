"""What intake's handlers need from outside: the repositories on one unit of work, the notice
printer, the catalogue file and the seal of residents' phones. The adapters and the test fakes
both provide them; each repository port has one contract test suite run against both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from daiban_common.ports import UnitOfWorkPort
from daiban_intake.domain.attachment import Attachment
from daiban_intake.domain.case import Case
from daiban_intake.domain.case_history import Notice
from daiban_intake.domain.complaint import Complaint
from daiban_intake.domain.matter import Matter, MatterTerms
from daiban_intake.domain.place import KnownPlace, KnownStation
from daiban_intake.domain.status import CaseStatus
from daiban_kernel.contracts.case import SealedContact
from daiban_kernel.contracts.matter import MatterKind, MatterVersion, Tier


@dataclass(frozen=True)
class CaseQuery:
    """Which cases a reader asks for: always within ``place``; None means any."""

    place: str
    village_code: str | None = None
    status: CaseStatus | None = None
    matter_code: str | None = None
    opened_from: datetime | None = None
    opened_before: datetime | None = None
    owner_staff_id: str | None = None


class CaseRepository(Protocol):
    """Cases; ``get(lock=True)`` holds the case for the transaction (every change does). Every
    case added or loaded is tracked for its events."""

    async def next_number_sequence(self, county_code: str, day: date) -> int:
        """The next sequence number of the day in this county: 1, 2, 3 ..."""
        ...

    async def add(self, case: Case) -> None:
        """Insert a new case."""
        ...

    async def get(self, number: str, *, lock: bool = False) -> Case | None:
        """The case with this number, or None."""
        ...

    async def save(self, case: Case) -> None:
        """Write the case's state."""
        ...

    async def page(self, query: CaseQuery, *, before: str | None, limit: int) -> list[Case]:
        """Cases matching the query, newest number first, below ``before``."""
        ...


class AttachmentRepository(Protocol):
    """What intake knows of each scan (type, size, SHA-256); the bytes are in the scans."""

    async def add(self, attachment: Attachment) -> None:
        """Keep a new attachment's description."""
        ...

    async def get(self, case_number: str, attachment_id: str) -> Attachment | None:
        """One attachment of this case, or None (another case's is None too)."""
        ...


class ScanRepository(Protocol):
    """The bytes of scans, by attachment id: Postgres by default (an S3-compatible store would
    implement the same two calls)."""

    async def put(self, attachment_id: str, content: bytes) -> None:
        """Keep the bytes under the attachment's id."""
        ...

    async def get(self, attachment_id: str) -> bytes | None:
        """The bytes, or None."""
        ...


@dataclass(frozen=True)
class ComplaintQuery:
    """Which complaints a reader asks for: always within ``place``."""

    place: str
    answered: bool | None = None
    case_number: str | None = None


class ComplaintRepository(Protocol):
    """Complaints, numbered in the order they were filed; every complaint added or loaded is
    tracked for its events."""

    async def add(self, complaint: Complaint) -> None:
        """Insert a new complaint."""
        ...

    async def get(self, complaint_id: str, *, lock: bool = False) -> Complaint | None:
        """The complaint, or None."""
        ...

    async def save(self, complaint: Complaint) -> None:
        """Write the complaint's state."""
        ...

    async def page(self, query: ComplaintQuery, *, before: int | None, limit: int
                   ) -> list[tuple[int, Complaint]]:
        """Complaints matching the query, newest first, with their number (the cursor)."""
        ...


class PlaceRepository(Protocol):
    """The division tree as routing publishes it; a place's newer version replaces an older one
    (events may come out of order), never the other way round."""

    async def keep(self, place: KnownPlace) -> bool:
        """Remember the place unless a version as new is known; whether it changed anything."""
        ...

    async def get(self, code: str) -> KnownPlace | None:
        """The place, or None if intake never heard of it."""
        ...


class StationRepository(Protocol):
    """The service stations as routing publishes them; newer versions replace older ones."""

    async def keep(self, station: KnownStation) -> bool:
        """Remember the station unless a version as new is known; whether it changed anything."""
        ...

    async def at(self, place_code: str) -> KnownStation | None:
        """The place's active station (the first by code), or None."""
        ...


class NoticePrinter(Protocol):
    """Prints a one-time notice for the resident: an HTML page and a PDF, both in Chinese."""

    def html(self, notice: Notice) -> str: ...
    def pdf(self, notice: Notice) -> bytes: ...


class ContactSealer(Protocol):
    """Seals a resident's phone for notify alone (intake holds only notify's public key)."""

    def seal(self, phone: str) -> SealedContact:
        """The phone, sealed to notify's key."""
        ...


class FileFormat(StrEnum):
    """The two formats of a catalogue file, the same content either way."""

    CSV = "csv"
    JSON = "json"

    @property
    def media_type(self) -> str:
        """The Content-Type of a file in this format."""
        return "text/csv" if self is FileFormat.CSV else "application/json"


@dataclass(frozen=True)
class CatalogueLine:
    """One good row of a catalogue file."""

    row: int
    code: str
    terms: MatterTerms
    published: bool


class CatalogueFile(Protocol):
    """Reads and writes the catalogue file (CSV or JSON) that admins import and export."""

    def read(self, body: bytes, fmt: FileFormat) -> list[CatalogueLine]: ...
    def write(self, lines: Iterable[tuple[str, MatterTerms, bool]], fmt: FileFormat
              ) -> bytes: ...


@dataclass(frozen=True)
class CatalogueQuery:
    """Which published matters a reader asks for; None means any."""

    department_code: str | None = None
    kind: MatterKind | None = None
    deciding_tier: Tier | None = None
    name_contains: str | None = None


class MatterRepository(Protocol):
    """The matter catalogue: matters with their current version, and every version ever written.

    ``get_many`` locks the matters it returns for the transaction and tracks them for their
    events; ``add`` refuses a code that exists (MatterAlreadyExists); ``save`` writes the
    matter's state and its current version (a version, once written, is never altered).
    """

    async def get_many(self, codes: Iterable[str]) -> dict[str, Matter]: ...
    async def add(self, matter: Matter) -> None: ...
    async def save(self, matter: Matter) -> None: ...
    async def latest(self, code: str) -> MatterVersion | None: ...
    async def version(self, code: str, version: int) -> MatterVersion | None: ...
    async def published(self, code: str) -> MatterVersion | None: ...
    async def published_page(self, query: CatalogueQuery, *, after: str | None,
                             limit: int) -> list[MatterVersion]: ...
    async def current(self, *, department_code: str | None) -> list[Matter]: ...


class UnitOfWork(UnitOfWorkPort, Protocol):
    """Intake's repositories on one transaction."""

    @property
    def cases(self) -> CaseRepository: ...
    @property
    def matters(self) -> MatterRepository: ...
    @property
    def attachments(self) -> AttachmentRepository: ...
    @property
    def scans(self) -> ScanRepository: ...
    @property
    def complaints(self) -> ComplaintRepository: ...
    @property
    def places(self) -> PlaceRepository: ...
    @property
    def stations(self) -> StationRepository: ...

