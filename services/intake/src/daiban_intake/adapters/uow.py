"""Intake's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_common.idempotency import IdempotencyKeys
from daiban_intake.adapters.catalogue import MatterRepository
from daiban_intake.adapters.complaints import ComplaintRepository
from daiban_intake.adapters.orm import idempotency_keys
from daiban_intake.adapters.repository import CaseRepository
from daiban_intake.adapters.scans import AttachmentRepository, PostgresScanStore


class IntakeUnitOfWork(AsyncUnitOfWork):
    """Cases, scans, complaints, the matter catalogue and idempotency keys, committed with
    their outbox rows."""

    cases: CaseRepository
    matters: MatterRepository
    idempotency: IdempotencyKeys
    attachments: AttachmentRepository
    scans: PostgresScanStore
    complaints: ComplaintRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = CaseRepository(self.session, self.seen)
        self.matters = MatterRepository(self.session, self.seen)
        self.idempotency = IdempotencyKeys(idempotency_keys, self.session)
        self.attachments = AttachmentRepository(self.session)
        self.scans = PostgresScanStore(self.session)
        self.complaints = ComplaintRepository(self.session, self.seen)
        return self
