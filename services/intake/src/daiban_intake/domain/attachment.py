"""Scans of a case's papers: what intake keeps, checked by their content, not their name.

The bytes go to an ``AttachmentStore`` (a port); the case keeps the attachment's id, type, size
and SHA-256, so a scan can be checked against what was uploaded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from daiban_intake.domain.errors import (
    AttachmentTooLarge,
    AttachmentTypeMismatch,
    EmptyAttachment,
    UnsupportedAttachmentType,
)
from daiban_kernel.actor import Actor


class ScanType(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    PDF = "application/pdf"


MAGIC: dict[ScanType, bytes] = {
    ScanType.JPEG: b"\xff\xd8\xff",
    ScanType.PNG: b"\x89PNG\r\n\x1a\n",
    ScanType.PDF: b"%PDF-",
}


def sniff(content: bytes) -> ScanType | None:
    """The scan type the bytes begin with, or None."""
    return next((t for t, magic in MAGIC.items() if content.startswith(magic)), None)


@dataclass(frozen=True)
class Attachment:
    """One uploaded scan of a case."""

    id: str
    case_number: str
    item: int | None
    filename: str | None
    content_type: ScanType
    size: int
    sha256: str
    uploaded_by: Actor
    uploaded_at: datetime

    @classmethod
    def take(cls, content: bytes, *, declared: str | None, limit: int, id: str,
             case_number: str, item: int | None, filename: str | None, by: Actor,
             at: datetime) -> Attachment:
        """Check an upload and describe it: non-empty, within ``limit``, a JPEG, PNG or PDF by
        its first bytes, and the declared Content-Type (if any) the same."""
        if not content:
            raise EmptyAttachment("the upload has no content")
        if len(content) > limit:
            raise AttachmentTooLarge(f"the file is {len(content)} bytes; the limit is {limit}",
                                     limit=limit)
        kind = sniff(content)
        if kind is None:
            raise UnsupportedAttachmentType(
                "the content is not a JPEG, PNG or PDF (checked by its first bytes)")
        media = (declared or "").split(";")[0].strip().lower()
        if media and media not in ("application/octet-stream", kind.value):
            raise AttachmentTypeMismatch(f"declared {media} but the content is {kind.value}")
        return cls(id, case_number, item, filename, kind, len(content),
                   hashlib.sha256(content).hexdigest(), by, at)
