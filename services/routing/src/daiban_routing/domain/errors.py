"""Rules routing refuses to break.

Hierarchy::

    DomainError (daiban_kernel.errors)
    ├── NotFound                      also what lies outside the caller's jurisdiction
    │   ├── CaseNotFound              no such case in the caller's view
    │   ├── HandoverNotFound          no such handover of this case
    │   └── RecordNotFound            no such place, station, department or staff member there
    ├── Conflict
    │   ├── RecordAlreadyExists       creating a record whose key is taken
    │   ├── MoveNotAllowed            the flow's table has no such move from the case's state
    │   │   ├── HandoverNotPending    receiving a handover that is not awaiting receipt
    │   │   ├── NotTheDecidingTier    deciding at a tier the matter does not decide at
    │   │   └── NoTierAbove           handing over from the tier that decides
    │   ├── CaseChangedMeanwhile      someone else changed the case first (version check)
    │   ├── MatterVersionUnknown      the case's matter version never reached routing
    │   └── MemberAbsent              an absent (or departed) member cannot take a case
    ├── Forbidden (403)
    │   └── NotYourTier               the caller's role or place is not the tier holding the case
    ├── InvalidInput
    │   ├── RecordsRefused            rows (of a file or one body) that break master-data rules
    │   ├── AssigneeNotEligible       reassigning to someone who cannot hold the case there
    │   └── ResultIncomplete          a rejection without a reason, a mailing without tracking
    └── UnsupportedFileFormat         an import that is neither CSV nor JSON (415)
"""

from __future__ import annotations

from daiban_kernel.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound


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


class HandoverNotFound(NotFound):
    slug = "handover-not-found"
    title = "Handover not found"


class MoveNotAllowed(Conflict):
    """The case's state does not allow the move; ``state`` names where the case stands."""

    slug = "move-not-allowed"
    title = "The case's state does not allow this"


class HandoverNotPending(MoveNotAllowed):
    slug = "handover-not-pending"
    title = "The handover is not awaiting receipt"


class NotTheDecidingTier(MoveNotAllowed):
    slug = "not-the-deciding-tier"
    title = "This tier does not decide the matter"


class NoTierAbove(MoveNotAllowed):
    slug = "no-tier-above"
    title = "The case is at the tier that decides it"


class CaseChangedMeanwhile(Conflict):
    slug = "case-changed"
    title = "The case was changed by someone else; reload and retry"


class MatterVersionUnknown(Conflict):
    slug = "matter-version-unknown"
    title = "The case's matter version is not known to routing"


class MemberAbsent(Conflict):
    """The acting member's duty (``absent``) or departure keeps them from taking a case."""

    slug = "member-absent"
    title = "You are not on duty"


class NotYourTier(Forbidden):
    slug = "not-your-tier"
    title = "Your role or place is not the tier holding the case"


class ResultIncomplete(InvalidInput):
    slug = "result-incomplete"
    title = "The decision or delivery lacks what it needs"


class AssigneeNotEligible(InvalidInput):
    slug = "assignee-not-eligible"
    title = "This member cannot hold the case at its tier"
