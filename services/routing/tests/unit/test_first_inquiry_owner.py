"""首问负责: the village agent who owns a case at intake holds it in routing until baton 1, whoever
pressed review."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseAcceptedV1, CaseRef, CaseSubmittedV1
from daiban_kernel.contracts.matter import MatterKind, MatterPublishedV1, MatterVersion, Tier
from daiban_kernel.roles import Role
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.handlers.cases import record_submitted_case, route_accepted_case
from daiban_routing.handlers.catalogue import record_published_matter
from daiban_routing.handlers.kinds import KINDS
from daiban_routing.handlers.master import ImportFile

AT = datetime(2026, 11, 25, 9, tzinfo=UTC)
VILLAGE = "110116107202"  # 二号沟门村: agents 0006 (于国云) and 0007 (陈海燕), both trained for MZ


@pytest.fixture
async def county(routing: Any, uow: Any, county_files: Any) -> Any:
    files = county_files("110116")
    for kind in KINDS:
        await routing.commands.import_file(
            ImportFile(kind, files[kind.noun], SheetFormat.CSV, Jurisdiction.everywhere()))
    matter = MatterVersion(code="MZ-001", version=1, name="城乡低保申请", department_code="MZ",
                           kind=MatterKind.PROXY, deciding_tier=Tier.DEPARTMENT,
                           limit_working_days=20, proxy_allowance_days=3,
                           stage_days={Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.DEPARTMENT: 18},
                           published=True)
    await record_published_matter(MatterPublishedV1(matter=matter), uow, at=AT)
    return uow


def submitted(*, by: str, role: Role) -> CaseSubmittedV1:
    return CaseSubmittedV1(
        case_number="110116-20261125-000001", matter_code="MZ-001", matter_version=1,
        village_code=VILLAGE, channel=Channel.STATION,
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
        submitted_by=Actor(staff_id=by, role=role, place=VILLAGE), submitted_at=AT)


def accepted(*, by: str, owner: str | None) -> CaseAcceptedV1:
    def agent(staff_id: str) -> Actor:
        return Actor(staff_id=staff_id, role=Role.VILLAGE_AGENT, place=VILLAGE)

    return CaseAcceptedV1(
        case=CaseRef(case_number="110116-20261125-000001", village_code=VILLAGE,
                     matter_code="MZ-001", matter_version=1),
        channel=Channel.STATION,
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
        by=agent(by), owner=None if owner is None else agent(owner), at=AT)


async def test_the_owner_holds_the_case_when_another_agent_pressed_review(county: Any) -> None:
    async with county as uow:
        await route_accepted_case(accepted(by="110116-0006", owner="110116-0007"), uow)
        await uow.commit()
    case = county.cases.rows["110116-20261125-000001"]
    assert case.holder.staff_id == "110116-0007"
    assert (case.owner.staff_id, case.accepted_by.staff_id) == ("110116-0007", "110116-0006")


async def test_the_agent_who_submitted_the_case_holds_it_when_another_accepts_it(
        county: Any) -> None:
    async with county as uow:
        await record_submitted_case(submitted(by="110116-0007", role=Role.ONLINE_AGENT), uow)
        await route_accepted_case(accepted(by="110116-0006", owner=None), uow)
        await uow.commit()
    assert county.cases.rows["110116-20261125-000001"].holder.staff_id == "110116-0007"


async def test_a_grid_workers_report_is_owned_by_the_agent_intake_names(county: Any) -> None:
    async with county as uow:
        await record_submitted_case(submitted(by="110116-0008", role=Role.GRID_WORKER), uow)
        await route_accepted_case(accepted(by="110116-0006", owner="110116-0007"), uow)
        await uow.commit()
    case = county.cases.rows["110116-20261125-000001"]
    assert (case.holder.staff_id, case.owner.staff_id) == ("110116-0007", "110116-0007")


async def test_without_an_owner_known_whoever_accepted_holds_the_case(county: Any) -> None:
    async with county as uow:
        await route_accepted_case(accepted(by="110116-0006", owner=None), uow)
        await uow.commit()
    assert county.cases.rows["110116-20261125-000001"].holder.staff_id == "110116-0006"
