"""The composition root: the only place that names intake's concrete adapters (and the seal of
residents' phones), chooses the clock and ids, and binds each handler to its unit of work and
collaborators."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from daiban_common.db import create_engine, session_factory
from daiban_common.event_handlers import EventHandlers
from daiban_common.pii import IdNumberVault
from daiban_common.sealed_contact import ContactSeal, development_contact_key
from daiban_common.service import Runnable, Service, bound, standard_workers
from daiban_intake import handlers
from daiban_intake.adapters.catalogue_file import CatalogueFileCodec
from daiban_intake.adapters.notice_document import NoticeDocument, find_cjk_font
from daiban_intake.adapters.orm import messaging
from daiban_intake.adapters.uow import PostgresUnitOfWork
from daiban_intake.domain.case_history import Notice
from daiban_intake.domain.complaint import Complaint
from daiban_intake.ports import UnitOfWork
from daiban_intake.settings import IntakeSettings
from daiban_kernel.clock import Clock, Ids, random_ids, system_clock
from daiban_kernel.contracts.matter import MatterVersion
from daiban_kernel.contracts.place import (
    PlaceCreatedV1,
    PlaceDeactivatedV1,
    PlaceUpdatedV1,
    StationCreatedV1,
    StationDeactivatedV1,
    StationUpdatedV1,
)
from daiban_kernel.contracts.relay import (
    CaseClosedV1,
    CaseDecidedV1,
    CaseResultDeliveredV1,
    CaseReturnedV1,
)

NAME = "intake"
SOURCE = "/daiban/intake"
PUBLISHES = ("case.submitted", "case.taken_over", "case.accepted", "case.incomplete",
             "case.supplemented", "case.withdrawn", "case.receipt_signed", "case.rated",
             "complaint.filed", "complaint.answered", "matter.version_created",
             "matter.published", "matter.unpublished")


@dataclass(frozen=True)
class Commands:
    """What changes intake's state (each a bound async callable)."""

    submit_case: Callable[[handlers.SubmitCase], Awaitable[str]]
    take_over_case: Callable[[handlers.TakeOverCase], Awaitable[None]]
    review_case: Callable[[handlers.ReviewCase], Awaitable[str]]
    supplement_case: Callable[[handlers.ReviewCase], Awaitable[str]]
    withdraw_case: Callable[[handlers.WithdrawCase], Awaitable[None]]
    upload_scan: Callable[[handlers.UploadScan], Awaitable[str]]
    mark_material: Callable[[handlers.MarkMaterial], Awaitable[None]]
    record_authorization: Callable[[handlers.RecordAuthorization], Awaitable[str]]
    revoke_authorization: Callable[[handlers.RevokeAuthorization], Awaitable[None]]
    record_receipt: Callable[[handlers.SignReceipt], Awaitable[str]]
    rate_case: Callable[[handlers.RateCase], Awaitable[str]]
    rate_by_link: Callable[[handlers.RateByLink], Awaitable[handlers.RatingLinkView]]
    file_complaint: Callable[[handlers.FileComplaint], Awaitable[str]]
    answer_complaint: Callable[[handlers.AnswerComplaint], Awaitable[None]]
    create_matter: Callable[[handlers.WriteMatter], Awaitable[handlers.Written]]
    change_matter: Callable[[handlers.WriteMatter], Awaitable[handlers.Written]]
    publish_matter: Callable[[handlers.Publication], Awaitable[MatterVersion]]
    unpublish_matter: Callable[[handlers.Publication], Awaitable[MatterVersion]]
    import_matters: Callable[[handlers.ImportMatters], Awaitable[handlers.ImportSummary]]
    know_places: Callable[[handlers.KnowPlaces], Awaitable[int]]


@dataclass(frozen=True)
class Queries:
    """What reads intake's state."""

    case: Callable[[handlers.CaseOf], Awaitable[handlers.CaseView]]
    cases: Callable[[handlers.CasesUnder], Awaitable[handlers.CasesFound]]
    notice: Callable[[handlers.NoticeOf], Awaitable[Notice]]
    notice_html: Callable[[handlers.NoticeOf], Awaitable[str]]
    notice_pdf: Callable[[handlers.NoticeOf], Awaitable[handlers.PrintedNotice]]
    scan: Callable[[handlers.ScanOf], Awaitable[handlers.Scan]]
    complaint: Callable[[handlers.ComplaintOf], Awaitable[Complaint]]
    rating_link: Callable[[handlers.RatingLinkOf], Awaitable[handlers.RatingLinkView]]
    complaints: Callable[[handlers.ComplaintsUnder], Awaitable[handlers.ComplaintsFound]]
    published_matter: Callable[[handlers.MatterOf], Awaitable[MatterVersion]]
    latest_matter: Callable[[handlers.MatterOf], Awaitable[MatterVersion]]
    matter_version: Callable[[handlers.MatterVersionOf], Awaitable[MatterVersion]]
    published_catalogue: Callable[[handlers.CatalogueUnder], Awaitable[handlers.MattersFound]]
    export_matters: Callable[[handlers.ExportMatters], Awaitable[bytes]]


def contact_seal(settings: IntakeSettings) -> ContactSeal:
    """What seals residents' phones: notify's ``CONTACT_PUBLIC_KEY``, else (outside production,
    where the settings require it) the development pair's public half."""
    if settings.contact_public_key is not None:
        return ContactSeal(settings.contact_public_key, settings.contact_key_id)
    key = development_contact_key(settings, settings.contact_key_id)
    if key is None:  # the settings refuse production without CONTACT_PUBLIC_KEY
        raise RuntimeError("CONTACT_PUBLIC_KEY is required in production")
    return ContactSeal(key.public_key, key.key_id)


def build(settings: IntakeSettings, *, uow_factory: Callable[[], UnitOfWork] | None = None,
          clock: Clock = system_clock, ids: Ids = random_ids) -> Service[Commands, Queries]:
    """Wire intake to Postgres, or to the given unit of work (tests)."""
    engine = None
    postgres = None
    if uow_factory is None:
        engine = create_engine(settings)
        postgres = partial(PostgresUnitOfWork, session_factory(engine), tables=messaging,
                           source=SOURCE)
        uow_factory = postgres
    factory = uow_factory
    vault = IdNumberVault(settings.pii_key.get_secret_value())
    printer = NoticeDocument(find_cjk_font(settings.notice_font_file))
    files = CatalogueFileCodec()
    days = settings.supplement_days
    commands = Commands(
        submit_case=bound(partial(handlers.submit_case, clock=clock, vault=vault,
                                  contacts=contact_seal(settings)), factory),
        take_over_case=bound(partial(handlers.take_over_case, clock=clock), factory),
        review_case=bound(partial(handlers.review_case, clock=clock, supplement_days=days),
                          factory),
        supplement_case=bound(partial(handlers.supplement_case, clock=clock,
                                      supplement_days=days), factory),
        withdraw_case=bound(partial(handlers.withdraw_case, clock=clock), factory),
        upload_scan=bound(partial(handlers.upload_scan, clock=clock, ids=ids,
                                  max_bytes=settings.attachment_max_bytes), factory),
        mark_material=bound(handlers.mark_material, factory),
        record_authorization=bound(partial(handlers.record_authorization, clock=clock, ids=ids),
                                   factory),
        revoke_authorization=bound(partial(handlers.revoke_authorization, clock=clock),
                                   factory),
        record_receipt=bound(partial(handlers.record_receipt, clock=clock), factory),
        rate_case=bound(partial(handlers.rate_case, clock=clock, ids=ids), factory),
        rate_by_link=bound(partial(handlers.rate_by_link, clock=clock, ids=ids,
                                   secret=settings.rating_link_key), factory),
        file_complaint=bound(partial(handlers.file_complaint, clock=clock, ids=ids), factory),
        answer_complaint=bound(partial(handlers.answer_complaint, clock=clock), factory),
        create_matter=bound(handlers.create_matter, factory),
        change_matter=bound(handlers.change_matter, factory),
        publish_matter=bound(handlers.publish_matter, factory),
        unpublish_matter=bound(handlers.unpublish_matter, factory),
        import_matters=bound(partial(handlers.import_matters, files=files), factory),
        know_places=bound(handlers.know_places, factory),
    )
    queries = Queries(
        case=bound(handlers.case_for, factory),
        cases=bound(handlers.list_cases, factory),
        notice=bound(handlers.notice_of, factory),
        notice_html=bound(partial(handlers.notice_html, printer=printer), factory),
        notice_pdf=bound(partial(handlers.notice_pdf, printer=printer), factory),
        scan=bound(handlers.scan_of, factory),
        complaint=bound(handlers.complaint_for, factory),
        rating_link=bound(partial(handlers.rating_link_view, clock=clock,
                                  secret=settings.rating_link_key), factory),
        complaints=bound(handlers.list_complaints, factory),
        published_matter=bound(handlers.published_matter, factory),
        latest_matter=bound(handlers.latest_matter, factory),
        matter_version=bound(handlers.matter_version, factory),
        published_catalogue=bound(handlers.published_catalogue, factory),
        export_matters=bound(partial(handlers.export_matters, files=files), factory),
    )
    event_handlers = _event_handlers(settings)
    workers: tuple[Runnable, ...] = ()
    if postgres is not None and engine is not None:
        workers = standard_workers(settings, service=NAME, engine=engine, tables=messaging,
                                   handlers=event_handlers, uow_factory=postgres)
    return Service(name=NAME, commands=commands, queries=queries,
                   event_handlers=event_handlers, workers=workers, engine=engine)


def _event_handlers(settings: IntakeSettings) -> EventHandlers:
    return EventHandlers({
        CaseReturnedV1: partial(handlers.hear_return, supplement_days=settings.supplement_days),
        CaseDecidedV1: handlers.hear_decision,
        CaseResultDeliveredV1: handlers.hear_delivery,
        CaseClosedV1: handlers.hear_closing,
        PlaceCreatedV1: handlers.keep_place,
        PlaceUpdatedV1: handlers.keep_place,
        PlaceDeactivatedV1: handlers.keep_place,
        StationCreatedV1: handlers.keep_station,
        StationUpdatedV1: handlers.keep_station,
        StationDeactivatedV1: handlers.keep_station,
    })
