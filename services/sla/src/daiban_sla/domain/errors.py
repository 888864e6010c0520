"""Rules SLA refuses to break.

Hierarchy::

    DomainError (daiban_common.errors)
    └── NotFound
        └── CaseNotTracked            SLA has no case with this number in the caller's view
"""

from daiban_common.errors import NotFound


class CaseNotTracked(NotFound):
    slug = "case-not-tracked"
    title = "Case not tracked"
