"""Intake's commands, queries and event handlers, one async function each: load → domain → commit.

Each takes its message and a unit of work, and its collaborators by keyword (bound once, in
``bootstrap``). Event handlers (``relay``) run inside the consumer's transaction and never commit
themselves.
"""

from daiban_intake.handlers.cases import (
    CaseOf,
    CasesFound,
    CasesUnder,
    CaseView,
    SubmitCase,
    TakeOverCase,
    case_for,
    list_cases,
    submit_case,
    take_over_case,
)
from daiban_intake.handlers.catalogue import (
    CatalogueUnder,
    ExportMatters,
    ImportMatters,
    ImportSummary,
    MatterOf,
    MattersFound,
    MatterVersionOf,
    Publication,
    WriteMatter,
    Written,
    change_matter,
    create_matter,
    export_matters,
    import_matters,
    latest_matter,
    matter_version,
    publish_matter,
    published_catalogue,
    published_matter,
    unpublish_matter,
)
from daiban_intake.handlers.feedback import (
    AnswerComplaint,
    ComplaintOf,
    ComplaintsFound,
    ComplaintsUnder,
    FileComplaint,
    RateCase,
    SignReceipt,
    answer_complaint,
    complaint_for,
    file_complaint,
    list_complaints,
    rate_case,
    record_receipt,
)
from daiban_intake.handlers.materials import (
    MarkMaterial,
    RecordAuthorization,
    RevokeAuthorization,
    Scan,
    ScanOf,
    UploadScan,
    mark_material,
    record_authorization,
    revoke_authorization,
    scan_of,
    upload_scan,
)
from daiban_intake.handlers.places import KnowPlaces, keep_place, keep_station, know_places
from daiban_intake.handlers.rating_links import (
    LinkState,
    RateByLink,
    RatingLinkOf,
    RatingLinkView,
    rate_by_link,
    rating_link_view,
)
from daiban_intake.handlers.relay import hear_closing, hear_decision, hear_delivery, hear_return
from daiban_intake.handlers.review import (
    NoticeOf,
    PrintedNotice,
    ReviewCase,
    WithdrawCase,
    notice_html,
    notice_of,
    notice_pdf,
    review_case,
    supplement_case,
    withdraw_case,
)

__all__ = [
    "AnswerComplaint", "CaseOf", "CaseView", "CasesFound", "CasesUnder", "CatalogueUnder",
    "ComplaintOf", "ComplaintsFound", "ComplaintsUnder", "ExportMatters", "FileComplaint",
    "ImportMatters", "ImportSummary", "KnowPlaces", "LinkState", "MarkMaterial", "MatterOf",
    "MatterVersionOf",
    "MattersFound", "NoticeOf", "PrintedNotice", "Publication", "RateByLink", "RateCase",
    "RatingLinkOf", "RatingLinkView",
    "RecordAuthorization", "ReviewCase", "RevokeAuthorization", "Scan", "ScanOf", "SignReceipt",
    "SubmitCase", "TakeOverCase", "UploadScan", "WithdrawCase", "WriteMatter", "Written",
    "answer_complaint", "case_for", "change_matter", "complaint_for", "create_matter",
    "export_matters", "file_complaint", "hear_closing", "hear_decision", "hear_delivery",
    "hear_return", "import_matters", "keep_place", "keep_station", "know_places",
    "latest_matter", "list_cases", "list_complaints",
    "mark_material", "matter_version", "notice_html", "notice_of", "notice_pdf",
    "publish_matter", "published_catalogue", "published_matter", "rate_by_link", "rate_case",
    "rating_link_view",
    "record_authorization", "record_receipt", "review_case", "revoke_authorization",
    "scan_of", "submit_case", "supplement_case", "take_over_case", "unpublish_matter",
    "upload_scan", "withdraw_case",
]
