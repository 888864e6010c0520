"""Intake's commands on the in-memory unit of work: dates, scans, authorizations, complaints."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from daiban_common.service import Service
from daiban_intake import bootstrap
from daiban_intake.bootstrap import Commands, Queries
from daiban_intake.domain.errors import (
    AuthorizationDatedAhead,
    GridWorkersReportOnly,
    ScanNotOnCase,
    SupplementDateNotAhead,
)
from daiban_intake.domain.matter import MatterTerms
from daiban_intake.handlers import (
    FileComplaint,
    RecordAuthorization,
    ReviewCase,
    SubmitCase,
    UploadScan,
)
from daiban_intake.settings import IntakeSettings
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import CaseIncompleteV1
from daiban_kernel.errors import Forbidden

Intake = Service[Commands, Queries]
VILLAGE = "110116200202"
AGENT = Actor(staff_id="agent-1", role="village_agent", place=VILLAGE)
GRID = Actor(staff_id="grid-1", role="grid_worker", place=VILLAGE)
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def intake(uow: Any, matter: Any) -> Intake:
    terms = MatterTerms(**{k: getattr(matter, k) for k in MatterTerms.__dataclass_fields__})
    uow.matters.versions[("MZ-002", 1)] = terms
    uow.matters.state["MZ-002"] = (1, True)
    uow.places.village(VILLAGE)
    return bootstrap.build(IntakeSettings(environment="test", supplement_days=15),
                           uow_factory=lambda: uow, clock=lambda: NOW, ids=lambda: "id1")


async def opened(intake: Intake, by: Actor = AGENT,
                 channel: Channel = Channel.HOME_VISIT) -> str:
    return await intake.commands.submit_case(SubmitCase(
        matter_code="MZ-002", village_code=VILLAGE, channel=channel, applicant_name="王井权",
        applicant_id_number="110116193403150018", applicant_phone="13900000001", by=by))


async def test_a_notice_gives_the_default_days_to_supplement(intake: Any, uow: Any) -> None:
    number = await opened(intake)
    await intake.commands.review_case(ReviewCase(number, None, AGENT))
    incomplete = [e for e in uow.published if isinstance(e, CaseIncompleteV1)]
    assert incomplete[0].supplement_by.date() == date(2026, 12, 10)


async def test_a_date_to_supplement_by_must_lie_ahead(intake: Any, uow: Any) -> None:
    number = await opened(intake)
    with pytest.raises(SupplementDateNotAhead):
        await intake.commands.review_case(ReviewCase(number, date(2026, 11, 25), AGENT))


async def test_a_grid_worker_opens_only_grid_reports(intake: Any) -> None:
    with pytest.raises(GridWorkersReportOnly):
        await opened(intake, GRID, Channel.STATION)
    assert await opened(intake, GRID, Channel.GRID_REPORT)


async def test_an_authorization_needs_its_scan_on_the_case_and_a_past_date(
    intake: Any, uow: Any,
) -> None:
    number = await opened(intake)

    def authorization(signed_on: date, scan: str) -> RecordAuthorization:
        return RecordAuthorization(number, "张言平", signed_on, "村主任", scan, AGENT)

    with pytest.raises(ScanNotOnCase):
        await intake.commands.record_authorization(authorization(date(2026, 11, 24), "id1"))
    scan = await intake.commands.upload_scan(UploadScan(number, b"%PDF-1.4", "application/pdf",
                                                        None, None, AGENT))
    with pytest.raises(AuthorizationDatedAhead):
        await intake.commands.record_authorization(authorization(date(2026, 11, 26), scan))
    await intake.commands.record_authorization(authorization(date(2026, 11, 25), scan))
    case = uow.cases.rows[number]
    assert case.authorization.matter_code == "MZ-002"
    assert case.checklist[3].attachments == (scan,)


async def test_a_complaint_about_a_place_outside_the_callers_is_refused(intake: Any,
                                                                       uow: Any) -> None:
    with pytest.raises(Forbidden):
        await intake.commands.file_complaint(FileComplaint("110116107202", None, "态度差",
                                                           AGENT))
    assert uow.complaints.rows == {}
