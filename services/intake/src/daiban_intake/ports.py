"""What intake's handlers need from storage; the adapters and the test fakes both provide it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from daiban_common.ports import UnitOfWorkPort
from daiban_intake.domain.attachment import Attachment
from daiban_intake.domain.feedback import Complaint
from daiban_intake.domain.matter import Matter
from daiban_intake.domain.model import Case
from daiban_intake.domain.records import Notice
from daiban_intake.domain.status import CaseStatus
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


class CaseRepositoryPort(Protocol):
    """Cases; ``get(lock=True)`` holds the case for the transaction (every change does)."""

    async def next_number_sequence(self, county_code: str, day: date) -> int: ...
    async def add(self, case: Case) -> None: ...
    async def get(self, number: str, *, lock: bool = False) -> Case | None: ...
    async def save(self, case: Case) -> None: ...
    async def page(self, query: CaseQuery, *, before: str | None, limit: int) -> list[Case]: ...


class AttachmentRepositoryPort(Protocol):
    """What intake knows of each scan (type, size, SHA-256); the bytes are in the store."""

    async def add(self, attachment: Attachment) -> None: ...
    async def get(self, case_number: str, attachment_id: str) -> Attachment | None: ...


class AttachmentStore(Protocol):
    """The bytes of scans, by attachment id: Postgres by default (an S3-compatible store would
    implement the same two calls)."""

    async def put(self, attachment_id: str, content: bytes) -> None: ...
    async def get(self, attachment_id: str) -> bytes | None: ...


@dataclass(frozen=True)
class ComplaintQuery:
    """Which complaints a reader asks for: always within ``place``."""

    place: str
    answered: bool | None = None
    case_number: str | None = None


class ComplaintRepositoryPort(Protocol):
    async def add(self, complaint: Complaint) -> None: ...
    async def get(self, complaint_id: str, *, lock: bool = False) -> Complaint | None: ...
    async def save(self, complaint: Complaint) -> None: ...
    async def page(self, query: ComplaintQuery, *, before: int | None, limit: int
                   ) -> list[tuple[int, Complaint]]: ...


class NoticePrinter(Protocol):
    """Prints a one-time notice for the resident: an HTML page and a PDF, both in Chinese."""

    def html(self, notice: Notice) -> str: ...
    def pdf(self, notice: Notice) -> bytes: ...


class IdempotencyPort(Protocol):
    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None: ...
    async def complete(self, *, principal: str, key: str, result: str) -> None: ...


@dataclass(frozen=True)
class CatalogueQuery:
    """Which published matters a reader asks for; None means any."""

    department_code: str | None = None
    kind: MatterKind | None = None
    deciding_tier: Tier | None = None
    name_contains: str | None = None


class MatterRepositoryPort(Protocol):
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
    @property
    def cases(self) -> CaseRepositoryPort: ...
    @property
    def matters(self) -> MatterRepositoryPort: ...
    @property
    def idempotency(self) -> IdempotencyPort: ...
    @property
    def attachments(self) -> AttachmentRepositoryPort: ...
    @property
    def scans(self) -> AttachmentStore: ...
    @property
    def complaints(self) -> ComplaintRepositoryPort: ...

