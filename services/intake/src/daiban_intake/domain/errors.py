"""Rules intake refuses to break.

Hierarchy::

    DomainError (daiban_common.errors)
    └── NotFound
        └── CaseNotFound              no such case in the caller's view
"""

from __future__ import annotations

from daiban_common.errors import NotFound


class CaseNotFound(NotFound):
    slug = "case-not-found"
    title = "Case not found"
