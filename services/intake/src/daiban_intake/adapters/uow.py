"""Intake's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_intake.adapters.attachment_repository import (
    PostgresAttachmentRepository,
    PostgresScanRepository,
)
from daiban_intake.adapters.case_repository import PostgresCaseRepository
from daiban_intake.adapters.complaint_repository import PostgresComplaintRepository
from daiban_intake.adapters.matter_repository import PostgresMatterRepository
from daiban_intake.adapters.place_repository import (
    PostgresPlaceRepository,
    PostgresStationRepository,
)


class PostgresUnitOfWork(AsyncUnitOfWork):
    """Cases, scans, complaints, the matter catalogue and the places known, committed with the
    idempotency keys, the inbox claim and the outbox rows."""

    cases: PostgresCaseRepository
    matters: PostgresMatterRepository
    attachments: PostgresAttachmentRepository
    scans: PostgresScanRepository
    complaints: PostgresComplaintRepository
    places: PostgresPlaceRepository
    stations: PostgresStationRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = PostgresCaseRepository(self.session, self.seen)
        self.matters = PostgresMatterRepository(self.session, self.seen)
        self.attachments = PostgresAttachmentRepository(self.session)
        self.scans = PostgresScanRepository(self.session)
        self.complaints = PostgresComplaintRepository(self.session, self.seen)
        self.places = PostgresPlaceRepository(self.session)
        self.stations = PostgresStationRepository(self.session)
        return self
