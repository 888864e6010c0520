"""The composition root: the only place that names intake's concrete adapters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.auth import Principal
from daiban_common.contracts.matter import MatterVersion
from daiban_common.db import create_engine, session_factory
from daiban_common.pii import IdNumberVault
from daiban_intake import handlers, handlers_catalogue
from daiban_intake.adapters.orm import messaging
from daiban_intake.adapters.uow import IntakeUnitOfWork
from daiban_intake.domain.model import Case
from daiban_intake.ports import UnitOfWork
from daiban_intake.settings import IntakeSettings

SOURCE = "/daiban/intake"
PUBLISHES = ("case.submitted", "matter.version_created", "matter.published",
             "matter.unpublished")


@dataclass(frozen=True)
class Intake:
    """Intake's handlers, wired. The catalogue's other handlers take ``uow_factory()``."""

    engine: AsyncEngine | None
    uow_factory: Callable[[], UnitOfWork]
    submit_case: Callable[[handlers.SubmitCase], Awaitable[str]]
    case_for: Callable[[str, Principal], Awaitable[tuple[Case, MatterVersion]]]
    published_matter: Callable[[str], Awaitable[MatterVersion]]
    matter_version: Callable[[str, int], Awaitable[MatterVersion]]


def build(
    settings: IntakeSettings,
    *,
    uow_factory: Callable[[], UnitOfWork] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Intake:
    """Wire intake's handlers to Postgres, or to the given unit of work (tests)."""
    engine = None
    factory: Callable[[], UnitOfWork]
    if uow_factory is None:
        engine = create_engine(settings)
        factory = partial(IntakeUnitOfWork, session_factory(engine), tables=messaging,
                          source=SOURCE)
    else:
        factory = uow_factory
    vault = IdNumberVault(settings.pii_key.get_secret_value())

    async def submit(cmd: handlers.SubmitCase) -> str:
        return await handlers.submit_case(cmd, factory(), vault=vault, now=now)

    async def case_for(number: str, principal: Principal) -> tuple[Case, MatterVersion]:
        return await handlers.case_for(number, principal, factory())

    return Intake(
        engine=engine, uow_factory=factory, submit_case=submit, case_for=case_for,
        published_matter=lambda code: handlers_catalogue.published_matter(code, factory()),
        matter_version=lambda code, version: handlers_catalogue.matter_version(
            code, version, uow=factory()),
    )
