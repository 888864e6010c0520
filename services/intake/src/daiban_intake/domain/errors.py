"""Rules intake refuses to break.

Hierarchy::

    DomainError (daiban_common.errors)
    ├── NotFound
    │   └── CaseNotFound              no such case in the caller's view
    └── InvalidInput
        └── InvalidApplicant          the resident's data (ID number, phone) is not valid
"""

from __future__ import annotations

from daiban_common.errors import InvalidInput, NotFound


class CaseNotFound(NotFound):
    slug = "case-not-found"
    title = "Case not found"


class InvalidApplicant(InvalidInput):
    slug = "invalid-applicant"
    title = "Invalid applicant data"
