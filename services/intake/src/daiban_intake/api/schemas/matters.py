"""The catalogue's wire models: what admins send, what readers receive."""

from __future__ import annotations

from pydantic import BaseModel, Field

from daiban_common.pagination import Page
from daiban_intake.domain.matter_records import MATTER_CODE, TermsRecord
from daiban_kernel.contracts.matter import MatterVersion


class MatterTermsIn(TermsRecord):
    """The terms of a matter's next version."""


class MatterIn(TermsRecord):
    """A new matter: its code and the terms of version 1."""

    code: str = Field(pattern=MATTER_CODE, examples=["MZ-001"])


class MatterOut(MatterVersion):
    """One version of a matter; ``published`` is true only for the version in the catalogue."""


MatterPage = Page[MatterOut]


class ImportSummaryOut(BaseModel):
    """What an import did: matters created, new versions, publications, and rows unchanged."""

    rows: int
    created: int
    new_versions: int
    published: int
    unpublished: int
    unchanged: int
