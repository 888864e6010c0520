"""The composition root: the only place that names intake's concrete adapters."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.event_handlers import EventHandlers
from daiban_common.pii import IdNumberVault
from daiban_intake import handlers, handlers_catalogue
from daiban_intake.adapters.notice_document import NoticeDocument, find_cjk_font
from daiban_intake.adapters.orm import messaging
from daiban_intake.adapters.uow import IntakeUnitOfWork
from daiban_intake.domain.model import Case
from daiban_intake.handlers import relay
from daiban_intake.ports import NoticePrinter, UnitOfWork
from daiban_intake.settings import IntakeSettings
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import MatterVersion
from daiban_kernel.contracts.relay import (
    CaseClosedV1,
    CaseDecidedV1,
    CaseResultDeliveredV1,
    CaseReturnedV1,
)

SOURCE = "/daiban/intake"
PUBLISHES = ("case.submitted", "case.accepted", "case.incomplete", "case.supplemented",
             "case.withdrawn", "case.receipt_signed", "case.rated", "complaint.filed",
             "complaint.answered", "matter.version_created", "matter.published",
             "matter.unpublished")


@dataclass(frozen=True)
class Intake:
    """Intake's handlers, wired. The other commands take ``uow_factory()`` and ``deps``."""

    engine: AsyncEngine | None
    uow_factory: Callable[[], UnitOfWork]
    deps: handlers.Deps
    notices: NoticePrinter
    event_handlers: EventHandlers
    consumer_uow_factory: Callable[[], AsyncUnitOfWork] | None
    submit_case: Callable[[handlers.SubmitCase], Awaitable[str]]
    case_for: Callable[[str, Actor], Awaitable[tuple[Case, MatterVersion]]]
    published_matter: Callable[[str], Awaitable[MatterVersion]]
    matter_version: Callable[[str, int], Awaitable[MatterVersion]]


def build(
    settings: IntakeSettings,
    *,
    uow_factory: Callable[[], UnitOfWork] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> Intake:
    """Wire intake's handlers to Postgres, or to the given unit of work (tests)."""
    engine, postgres = None, None
    factory: Callable[[], UnitOfWork]
    if uow_factory is None:
        engine = create_engine(settings)
        postgres = partial(IntakeUnitOfWork, session_factory(engine), tables=messaging,
                           source=SOURCE)
        factory = postgres
    else:
        factory = uow_factory
    deps = handlers.Deps(now=now, new_id=new_id,
                         vault=IdNumberVault(settings.pii_key.get_secret_value()),
                         attachment_max_bytes=settings.attachment_max_bytes,
                         supplement_days=settings.supplement_days)

    async def submit(cmd: handlers.SubmitCase) -> str:
        return await handlers.submit_case(cmd, factory(), deps=deps)

    async def case_for(number: str, principal: Actor) -> tuple[Case, MatterVersion]:
        return await handlers.case_for(number, principal, factory())

    return Intake(
        engine=engine, uow_factory=factory, deps=deps,
        notices=NoticeDocument(find_cjk_font(settings.notice_font_file)),
        event_handlers=_event_handlers(settings), consumer_uow_factory=postgres,
        submit_case=submit, case_for=case_for,
        published_matter=lambda code: handlers_catalogue.published_matter(code, factory()),
        matter_version=lambda code, version: handlers_catalogue.matter_version(
            code, version, uow=factory()),
    )


def _event_handlers(settings: IntakeSettings) -> EventHandlers:
    return EventHandlers({
        CaseReturnedV1: partial(relay.hear_return, supplement_days=settings.supplement_days),
        CaseDecidedV1: relay.hear_decision,
        CaseResultDeliveredV1: relay.hear_delivery,
        CaseClosedV1: relay.hear_closing,
    })
