"""Rules of a case's life after it is opened: its moves, materials, authorization and feedback.

Hierarchy::

    DomainError (daiban_kernel.errors)
    ├── NotFound
    │   ├── NoticeNotFound            the case never had a notice of this number
    │   ├── AttachmentNotFound        no such attachment on this case
    │   └── ComplaintNotFound         no such complaint in the caller's view
    ├── AttachmentRefused             a scan intake does not keep
    │   ├── UnsupportedAttachmentType   415: not a JPEG, PNG or PDF by its content
    │   ├── AttachmentTypeMismatch      415: the declared Content-Type is not what the bytes are
    │   ├── AttachmentTooLarge          413: over the attachment limit
    │   └── EmptyAttachment             422: no bytes
    ├── Conflict
    │   ├── IllegalCaseMove           the case's state forbids the move (names state and move)
    │   │   ├── CaseNotAwaitingReview     pre-review of a case that is past it
    │   │   ├── NothingToSupplement       a supplement when no notice or return is open
    │   │   ├── ChecklistClosed           materials changed while nothing is asked of them
    │   │   ├── WithdrawalAfterDecision   a withdrawal once the case is decided (or withdrawn)
    │   │   ├── ResultNotDelivered        a receipt or rating before the result came back
    │   │   └── CaseAlreadyRated          a second rating of one case
    │   ├── ReceiptAlreadySigned      a second receipt for one result
    │   ├── NoAuthorizationToRevoke   revoking when no authorization is in force
    │   ├── ComplaintAlreadyAnswered  a second answer to one complaint
    │   └── RelayEventEarly           a relay event ahead of the one it follows (redelivered)
    └── InvalidInput  (each names its field)
        ├── MaterialNotOnChecklist    a checklist item the case's matter version does not list
        ├── AuthorizationIsRecorded   marking the authorization item instead of recording it
        ├── AuthorizationDatedAhead   a power of attorney signed after today
        ├── ScanNotOnCase             an authorization whose scan is not an attachment of the case
        └── SupplementDateNotAhead    a date to supplement by that is not after today
    InfrastructureError
    └── NoticeFontMissing             503: no CJK font to print the notice (an install fault)
"""

from __future__ import annotations

from daiban_kernel.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    InfrastructureError,
    InvalidInput,
    NotFound,
)


class NoticeNotFound(NotFound):
    slug = "notice-not-found"
    title = "Notice not found"


class AttachmentNotFound(NotFound):
    slug = "attachment-not-found"
    title = "Attachment not found"


class ComplaintNotFound(NotFound):
    slug = "complaint-not-found"
    title = "Complaint not found"


class AttachmentRefused(DomainError):
    """A scan intake does not keep."""

    slug = "attachment-refused"
    title = "Attachment refused"


class UnsupportedAttachmentType(AttachmentRefused):
    status = 415
    slug = "unsupported-attachment-type"
    title = "Attachments must be JPEG, PNG or PDF"


class AttachmentTypeMismatch(AttachmentRefused):
    status = 415
    slug = "attachment-type-mismatch"
    title = "The declared Content-Type is not what the file is"


class AttachmentTooLarge(AttachmentRefused):
    status = 413
    slug = "attachment-too-large"
    title = "Attachment too large"


class EmptyAttachment(AttachmentRefused):
    status = 422
    slug = "empty-attachment"
    title = "Attachment is empty"


class NoticeFontMissing(InfrastructureError):
    slug = "notice-font-missing"
    title = "No CJK font is installed to print the notice"


class IllegalCaseMove(Conflict):
    """The case's state forbids the move; ``detail`` names the state and the move."""

    slug = "illegal-case-move"
    title = "The case's state forbids this"

    def __init__(self, number: str, status: str, move: str) -> None:
        super().__init__(f"case {number} is {status}: it cannot be {move}", case_status=status)


class CaseNotAwaitingReview(IllegalCaseMove):
    slug = "case-not-awaiting-review"
    title = "The case is past its pre-review"


class NothingToSupplement(IllegalCaseMove):
    slug = "nothing-to-supplement"
    title = "No notice or return is open on the case"


class ChecklistClosed(IllegalCaseMove):
    slug = "checklist-closed"
    title = "The checklist is closed while no notice or return is open"


class WithdrawalAfterDecision(IllegalCaseMove):
    slug = "withdrawal-after-decision"
    title = "A decided or withdrawn case can no longer be withdrawn"


class ResultNotDelivered(IllegalCaseMove):
    slug = "result-not-delivered"
    title = "The result has not reached the resident"


class CaseAlreadyRated(IllegalCaseMove):
    slug = "case-already-rated"
    title = "The case is rated already"


class ReceiptAlreadySigned(Conflict):
    slug = "receipt-already-signed"
    title = "The resident signed for the result already"


class NoAuthorizationToRevoke(Conflict):
    slug = "no-authorization-to-revoke"
    title = "No authorization is in force on the case"


class ComplaintAlreadyAnswered(Conflict):
    slug = "complaint-already-answered"
    title = "The complaint is answered already"


class RelayEventEarly(Conflict):
    """Routing's event arrived before the one it follows; the broker redelivers it."""

    slug = "relay-event-early"
    title = "Relay event ahead of its predecessor"


class _FieldRule(InvalidInput):
    """An input that breaks a case rule; ``field`` names it."""

    field = ""

    def __init__(self, reason: str) -> None:
        super().__init__(FieldProblem(self.field, reason))


class MaterialNotOnChecklist(_FieldRule):
    slug = "material-not-on-checklist"
    title = "No such item on the case's checklist"
    field = "item"


class AuthorizationIsRecorded(_FieldRule):
    slug = "authorization-is-recorded"
    title = "The power of attorney is recorded, not marked"
    field = "item"


class AuthorizationDatedAhead(_FieldRule):
    slug = "authorization-dated-ahead"
    title = "The power of attorney is dated after today"
    field = "signed_on"


class ScanNotOnCase(_FieldRule):
    slug = "scan-not-on-case"
    title = "The scan is not an attachment of this case"
    field = "scan_attachment_id"


class SupplementDateNotAhead(_FieldRule):
    slug = "supplement-date-not-ahead"
    title = "The date to supplement by must be after today"
    field = "supplement_by"
