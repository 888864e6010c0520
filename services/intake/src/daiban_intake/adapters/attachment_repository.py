"""Scans: what intake knows of each (attachments) and the bytes (the Postgres store)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_intake.adapters.orm import attachment_blobs, attachments
from daiban_intake.domain.attachment import Attachment, ScanType
from daiban_kernel.actor import Actor


class PostgresAttachmentRepository:
    """Attachment descriptions in Postgres."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, attachment: Attachment) -> None:
        """Insert a new attachment's description."""
        a = attachment
        await self._session.execute(attachments.insert().values(
            id=a.id, case_number=a.case_number, item=a.item, filename=a.filename,
            content_type=a.content_type.value, size=a.size, sha256=a.sha256,
            uploaded_by=a.uploaded_by.model_dump(mode="json"), uploaded_at=a.uploaded_at))

    async def get(self, case_number: str, attachment_id: str) -> Attachment | None:
        """One attachment of the case, or None."""
        row = (await self._session.execute(select(attachments).where(
            attachments.c.id == attachment_id,
            attachments.c.case_number == case_number))).mappings().first()
        return None if row is None else _attachment(row)


class PostgresScanRepository:
    """Scan bytes in a bytea table of intake's schema, written in the case's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def put(self, attachment_id: str, content: bytes) -> None:
        """Store the bytes under the attachment's id."""
        await self._session.execute(
            attachment_blobs.insert().values(id=attachment_id, content=content))

    async def get(self, attachment_id: str) -> bytes | None:
        """The bytes, or None."""
        value = await self._session.scalar(
            select(attachment_blobs.c.content).where(attachment_blobs.c.id == attachment_id))
        return None if value is None else bytes(value)


def _attachment(row: Any) -> Attachment:
    return Attachment(
        id=row["id"], case_number=row["case_number"], item=row["item"],
        filename=row["filename"], content_type=ScanType(row["content_type"]), size=row["size"],
        sha256=row["sha256"], uploaded_by=Actor.model_validate(row["uploaded_by"]),
        uploaded_at=row["uploaded_at"])
