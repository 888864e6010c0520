"""Rules routing refuses to break.

Hierarchy::

    DomainError (daiban_common.errors)
    ├── NotFound
    │   ├── CaseNotFound              no such case in the caller's view
    │   └── RecordNotFound            no such place, station, department or staff member there
    ├── Conflict
    │   └── RecordAlreadyExists       creating a record whose key is taken
    ├── InvalidInput
    │   └── RecordsRefused            rows (of a file or one body) that break master-data rules
    └── UnsupportedFileFormat         an import that is neither CSV nor JSON (415)
"""

from __future__ import annotations

from daiban_common.errors import Conflict, DomainError, InvalidInput, NotFound


class CaseNotFound(NotFound):
    slug = "case-not-found"
    title = "Case not found"


class RecordNotFound(NotFound):
    slug = "record-not-found"
    title = "Record not found"


class RecordAlreadyExists(Conflict):
    slug = "record-exists"
    title = "A record with this key exists"


class RecordsRefused(InvalidInput):
    """Nothing of the refused change was applied; ``errors`` names each bad row and field."""

    slug = "records-refused"
    title = "Records refused"


class UnsupportedFileFormat(DomainError):
    status = 415
    slug = "unsupported-media-type"
    title = "Unsupported file format"
