"""Rules SLA refuses to break.

Hierarchy::

    DaibanError (daiban_kernel.errors)
    ├── DomainError
    │   ├── NotFound
    │   │   ├── CaseNotTracked        SLA has no case with this number in the caller's view
    │   │   └── ComplaintNotTracked   SLA has no complaint with this id in the caller's view
    │   ├── Conflict
    │   │   └── CalendarYearNotLoaded a date or a count reaches a year whose arrangement of
    │   │                             holidays is not loaded; never taken for exact
    │   └── InvalidInput              a year's arrangement breaks a rule; one FieldProblem each
    └── NotYetKnown
        ├── MatterVersionNotKnown     an event names a matter version SLA has not heard of yet:
        │                             the consumer logs it and retries after a delay (the
        │                             publication is on its way), parking it only once the
        │                             delays are spent
        └── ComplaintNotYetFiled      a complaint's answer came before its filing: retried
                                      the same way until ``complaint.filed`` has come
"""

from __future__ import annotations

from daiban_kernel.errors import Conflict, NotFound, NotYetKnown


class CaseNotTracked(NotFound):
    slug = "case-not-tracked"
    title = "Case not tracked"


class ComplaintNotTracked(NotFound):
    slug = "complaint-not-tracked"
    title = "Complaint not tracked"


class ComplaintNotYetFiled(NotYetKnown):
    slug = "complaint-not-yet-filed"
    title = "Complaint not filed yet"


class MatterVersionNotKnown(NotYetKnown):
    slug = "matter-version-not-known"
    title = "Matter version not known"


class CalendarYearNotLoaded(Conflict):
    """The answer needs a year whose holidays and make-up working days are not loaded."""

    slug = "calendar-year-not-loaded"
    title = "Calendar year not loaded"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the working-day calendar of {year} is not loaded; an administrator loads the "
            f"State Council's arrangement with PUT /v1/admin/calendar/{year}",
            year=year,
        )
        self.year = year
