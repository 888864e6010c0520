"""Rules intake refuses to break: the catalogue's, opening a case, and the case's life after.

Hierarchy::

    DomainError (daiban_kernel.errors)
    ├── NotFound
    │   ├── CaseNotFound              no such case in the caller's view
    │   ├── NoticeNotFound            the case never had a notice of this number
    │   ├── AttachmentNotFound        no such attachment on this case
    │   ├── ComplaintNotFound         no such complaint in the caller's view
    │   ├── MatterNotFound            no matter has this code
    │   ├── MatterVersionNotFound     the matter never had this version
    │   └── MatterNotInCatalogue      the matter is not published (or does not exist)
    ├── UnsupportedFileFormat         415: a catalogue file that is neither CSV nor JSON
    ├── AttachmentRefused             a scan intake does not keep
    │   ├── UnsupportedAttachmentType   415: not a JPEG, PNG or PDF by its content
    │   ├── AttachmentTypeMismatch      415: the declared Content-Type is not what the bytes are
    │   ├── AttachmentTooLarge          413: over the attachment limit
    │   └── EmptyAttachment             422: no bytes
    ├── Conflict
    │   ├── MatterAlreadyExists       a matter with this code exists; change it instead
    │   ├── MatterAlreadyPublished    publishing a matter that is published
    │   ├── MatterNotPublished        unpublishing a matter that is not published
    │   ├── IllegalCaseMove           the case's state forbids the move (names state and move)
    │   │   ├── CaseNotAwaitingReview     pre-review of a case that is past it
    │   │   ├── NothingToSupplement       a supplement when no notice or return is open, or
    │   │   │                             nothing the notice asked for was provided since
    │   │   ├── PapersStillMissing        a returned case sent back while it still lacks papers
    │   │   ├── ChecklistClosed           materials changed while nothing is asked of them
    │   │   ├── WithdrawalAfterDecision   a withdrawal once the case is decided (or withdrawn)
    │   │   ├── ResultNotDelivered        a receipt or rating before the result came back
    │   │   └── CaseAlreadyRated          a second rating of one case
    │   ├── ReceiptAlreadySigned      a second receipt for one result
    │   ├── NoAuthorizationToRevoke   revoking when no authorization is in force
    │   ├── ComplaintAlreadyAnswered  a second answer to one complaint
    │   └── RelayEventEarly           a relay event ahead of the one it follows (redelivered)
    └── InvalidInput  (each names its field)
        ├── CatalogueFileRefused      a bulk file with bad rows; nothing of it was applied
        ├── MatterRuleBroken          a matter's terms break a catalogue rule (names the field)
        │   ├── CountyDoesNotDecide         the county centre relays; its departments decide
        │   ├── StagesOffThePath            stage_days names other tiers than the path
        │   ├── StageDaysDoNotAddUp         the stages do not share limit + allowance exactly
        │   ├── ProxyAllowanceTooLong       more than 5 working days beyond the legal limit
        │   ├── InPersonMatterIsNotProxied  an in-person matter with an allowance or authorization
        │   ├── TimeoutDefaultOffThePath    a timeout-default stage the case never passes
        │   └── MaterialListedTwice         two materials of one matter with the same name
        ├── MatterCannotBeProxied     a case for an in_person matter (the person must come)
        ├── UnknownMatter             a case for a matter that is not in the published catalogue
        ├── UnknownVillage            a case for a place that is no active village
        ├── GridWorkersReportOnly     a grid worker opens cases only as grid reports
        ├── MaterialNotOnChecklist    a checklist item the case's matter version does not list
        ├── AuthorizationIsRecorded   marking the authorization item instead of recording it
        ├── AuthorizationDatedAhead   a power of attorney signed after today
        ├── ScanNotOnCase             an authorization whose scan is not an attachment of the case
        └── SupplementDateNotAhead    a date to supplement by that is not after today
    InfrastructureError
    └── NoticeFontMissing             503: no CJK font to print the notice (an install fault)
    CaseUnknownHere (LookupError)     a relay event about a case intake never opened
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


class CaseNotFound(NotFound):
    slug = "case-not-found"
    title = "Case not found"


class MatterNotFound(NotFound):
    slug = "matter-not-found"
    title = "Matter not found"


class MatterVersionNotFound(NotFound):
    slug = "matter-version-not-found"
    title = "Matter version not found"


class MatterNotInCatalogue(NotFound):
    slug = "matter-not-in-catalogue"
    title = "Matter not in the published catalogue"


class UnsupportedFileFormat(DomainError):
    status = 415
    slug = "unsupported-file-format"
    title = "Unsupported file format"


class MatterAlreadyExists(Conflict):
    slug = "matter-already-exists"
    title = "Matter already exists"


class MatterAlreadyPublished(Conflict):
    slug = "matter-already-published"
    title = "Matter already published"


class MatterNotPublished(Conflict):
    slug = "matter-not-published"
    title = "Matter not published"


class CatalogueFileRefused(InvalidInput):
    slug = "catalogue-file-refused"
    title = "Catalogue file refused; nothing of it was applied"


class MatterRuleBroken(InvalidInput):
    """A matter's terms break a catalogue rule; ``field`` names the offending field."""

    slug = "matter-rule-broken"
    title = "Matter rule broken"
    field = ""

    def __init__(self, reason: str) -> None:
        super().__init__(FieldProblem(self.field, reason))
        self.reason = reason


class CountyDoesNotDecide(MatterRuleBroken):
    slug = "county-does-not-decide"
    title = "The county centre does not decide matters"
    field = "deciding_tier"


class StagesOffThePath(MatterRuleBroken):
    slug = "stages-off-the-path"
    title = "Stage days name tiers off the case's path"
    field = "stage_days"


class StageDaysDoNotAddUp(MatterRuleBroken):
    slug = "stage-days-do-not-add-up"
    title = "Stage days do not add up to the limit plus the proxy allowance"
    field = "stage_days"


class ProxyAllowanceTooLong(MatterRuleBroken):
    slug = "proxy-allowance-too-long"
    title = "Proxy allowance longer than 5 working days"
    field = "proxy_allowance_days"


class InPersonMatterIsNotProxied(MatterRuleBroken):
    slug = "in-person-matter-is-not-proxied"
    title = "An in-person matter has no proxy allowance and no authorization"
    field = "kind"


class TimeoutDefaultOffThePath(MatterRuleBroken):
    slug = "timeout-default-off-the-path"
    title = "Timeout default on a stage off the case's path"
    field = "timeout_default_stages"


class MaterialListedTwice(MatterRuleBroken):
    slug = "material-listed-twice"
    title = "Material listed twice"
    field = "materials"


class MatterCannotBeProxied(InvalidInput):
    """An in_person matter must be done by the resident; no case is opened for it."""

    slug = "matter-cannot-be-proxied"
    title = "This matter must be done in person"

    def __init__(self, code: str, name: str) -> None:
        super().__init__(FieldProblem(
            "matter_code",
            f"{code} {name} must be done by the resident in person (本人办理) and cannot be "
            "proxied; see the published list of in-person matters"))


class UnknownMatter(InvalidInput):
    """No published matter has the code a case names."""

    slug = "unknown-matter"
    title = "No such matter in the published catalogue"

    def __init__(self, code: str) -> None:
        super().__init__(FieldProblem("matter_code", f"no published matter has the code {code}"))


class UnknownVillage(InvalidInput):
    """A case is opened only for a village of the division tree that is active."""

    slug = "unknown-village"
    title = "No such village"

    def __init__(self, code: str, why: str) -> None:
        super().__init__(FieldProblem("village_code", f"{code} {why}"))


class GridWorkersReportOnly(InvalidInput):
    """A grid worker reports a resident's need; an agent takes the case from there."""

    slug = "grid-workers-report-only"
    title = "A grid worker opens cases only as grid reports"

    def __init__(self) -> None:
        super().__init__(FieldProblem(
            "channel", "a grid worker opens a case only with channel grid_report (网格员上报); "
            "the village agent then takes it over and completes it"))


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


class CaseOwnedInTheRelay(IllegalCaseMove):
    """After acceptance the case's owner is the one ``case.accepted`` named (routing's too):
    it is not taken over in intake any more."""

    slug = "case-owned-in-the-relay"
    title = "The case is accepted: its owner is fixed"


class CaseNotAwaitingReview(IllegalCaseMove):
    slug = "case-not-awaiting-review"
    title = "The case is past its pre-review"


class NothingToSupplement(IllegalCaseMove):
    """No notice or return is open, or nothing the open notice asked for has been provided."""

    slug = "nothing-to-supplement"
    title = "Nothing to supplement"


class PapersStillMissing(IllegalCaseMove):
    """A returned case goes back only once everything the return asked for is there."""

    slug = "papers-still-missing"
    title = "Papers the return asked for are still missing"


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


class CaseUnknownHere(LookupError):
    """Routing speaks of a case intake never opened (the broker retries, then parks the event)."""
