"""Rules audit refuses to break.

Hierarchy::

    DomainError (daiban_kernel.errors)
    ├── NotFound
    │   ├── EntryNotFound           no entry has this position or event id
    │   ├── StaffNotInLedger        no entry names this staff member
    │   ├── PlaceNotFound           no such place, or one outside the caller's jurisdiction
    │   ├── StationNotFound         no staff member was ever at the station, or it lies
    │   │                           outside the caller's jurisdiction
    │   └── NoCheckpointYet         the ledger has not been checkpointed yet
    ├── InvalidInput
    │   ├── InvalidCursor           the page cursor is not one this service handed out
    │   ├── TreeSizeBeyondLog       a tree size larger than the log
    │   ├── MalformedCheckpoint     text that is not a signed checkpoint note
    │   ├── MalformedVerifierKey    text that is not a note verifier key
    │   ├── MonthNotReportable      a month, week or day not begun yet, or malformed
    │   └── NotATown                a report asked of a place of the wrong tier
    └── Conflict
        └── SigningKeyRequired      production without a checkpoint signing key
"""

from daiban_kernel.errors import Conflict, FieldProblem, InvalidInput, NotFound


class InvalidCursor(InvalidInput):
    slug = "invalid-cursor"
    title = "Invalid cursor"


class EntryNotFound(NotFound):
    slug = "ledger-entry-not-found"
    title = "No such ledger entry"


class StaffNotInLedger(NotFound):
    slug = "staff-not-in-ledger"
    title = "No ledger entry names this staff member"


class NoCheckpointYet(NotFound):
    slug = "no-checkpoint-yet"
    title = "The ledger has no checkpoint yet"


class TreeSizeBeyondLog(InvalidInput):
    slug = "tree-size-beyond-log"
    title = "Tree size larger than the log"

    def __init__(self, field: str, size: int, log_size: int) -> None:
        super().__init__(FieldProblem(field, f"{size} is larger than the log ({log_size} "
                                             "entries)"))


class MalformedCheckpoint(InvalidInput):
    slug = "malformed-checkpoint"
    title = "Not a signed checkpoint"

    def __init__(self, reason: str, *, field: str = "checkpoint") -> None:
        super().__init__(FieldProblem(field, reason))


class MalformedVerifierKey(InvalidInput):
    slug = "malformed-verifier-key"
    title = "Not a verifier key"

    def __init__(self, reason: str, *, field: str = "key") -> None:
        super().__init__(FieldProblem(field, reason))


class SigningKeyRequired(Conflict):
    slug = "checkpoint-signing-key-required"
    title = "A checkpoint signing key is required in production"


class PlaceNotFound(NotFound):
    """Unknown to the place tree, or outside the caller's jurisdiction (the same answer, so a
    caller learns nothing of places beyond their own)."""

    slug = "place-not-found"
    title = "No such place in your jurisdiction"


class StationNotFound(NotFound):
    """No staff member audit heard of was ever at the station, or it lies outside the caller's
    jurisdiction (the same answer)."""

    slug = "station-not-found"
    title = "No such station in your jurisdiction"


class MonthNotReportable(InvalidInput):
    """A period (month, week, start day) not begun yet, or not written as asked."""

    slug = "period-not-reportable"
    title = "No report for this period"

    def __init__(self, reason: str, *, field: str = "month") -> None:
        super().__init__(FieldProblem(field, reason))


class NotATown(InvalidInput):
    """A town's report asked of another place (or a county's, e.g. the ranking, of a town)."""

    slug = "wrong-tier-for-report"
    title = "This report is made for another tier of place"

    def __init__(self, reason: str, *, field: str = "town") -> None:
        super().__init__(FieldProblem(field, reason))
