"""What a one-time notice tells the resident (沂水 三(四)3): the procedure, the time limit and the
expected date, the department's fee, the station by its name and the agent by theirs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from daiban_common.service import Service
from daiban_intake import bootstrap
from daiban_intake.adapters.notice_document import notice_lines
from daiban_intake.bootstrap import Commands, Queries
from daiban_intake.domain.case import Applicant, Case, NoticeTerms, ProtectedIdNumber
from daiban_intake.domain.matter import MatterTerms
from daiban_intake.domain.place import KnownStation
from daiban_intake.domain.status import CaseStatus
from daiban_intake.handlers import NoticeOf, ReviewCase, SubmitCase
from daiban_intake.settings import IntakeSettings
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import MatterVersion

VILLAGE = "110116111201"
AGENT = Actor(staff_id="agent-9", role="village_agent", place=VILLAGE, name="张言平")
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def intake(uow: Any, matter: MatterVersion) -> Service[Commands, Queries]:
    fee = matter.model_copy(update={"department_fee_yuan": Decimal("12.50")})
    terms = MatterTerms(**{k: getattr(fee, k) for k in MatterTerms.__dataclass_fields__})
    uow.matters.versions[("MZ-002", 1)] = terms
    uow.matters.state["MZ-002"] = (1, True)
    uow.places.village(VILLAGE, "郑栅子村")
    uow.stations.rows[f"{VILLAGE}-01"] = KnownStation(f"{VILLAGE}-01", VILLAGE,
                                                      "郑栅子村便民服务室", True, 1)
    return bootstrap.build(IntakeSettings(environment="test", supplement_days=15),
                           uow_factory=lambda: uow, clock=lambda: NOW, ids=lambda: "id1")


async def test_the_notice_tells_procedure_limit_expected_date_fee_station_and_agent(
    intake: Service[Commands, Queries],
) -> None:
    number = await intake.commands.submit_case(SubmitCase(
        matter_code="MZ-002", village_code=VILLAGE, channel=Channel.STATION,
        applicant_name="王井权", applicant_id_number="110116193403150018",
        applicant_phone="13900000001", by=AGENT))
    await intake.commands.review_case(ReviewCase(number, None, AGENT))
    notice = await intake.queries.notice(NoticeOf(number, 1, AGENT))
    assert (notice.station_name, notice.agent_name) == ("郑栅子村便民服务室", "张言平")
    assert [(s.tier, s.working_days) for s in notice.stages] == [
        ("village", 2), ("town", 3), ("county", 2), ("department", 18)]
    assert (notice.limit_working_days, notice.proxy_allowance_days) == (20, 5)
    # 25 working days after 10 December 2026, weekends skipped
    assert (notice.supplement_by, notice.expected_by) == (date(2026, 12, 10), date(2027, 1, 14))
    lines = [text for _, text in notice_lines(notice)]
    assert "代办站点：郑栅子村便民服务室（110116111201）" in lines
    assert "代办员：张言平（工号 agent-9）" in lines
    assert ("办理程序：村级（2个工作日）→乡镇（街道）（3个工作日）→区县政务服务中心（2个工作日）"
            "→审批部门（18个工作日）→办结送达") in lines
    assert ("办理时限：法定办结时限20个工作日，代办另加5个工作日，共25个工作日，"
            "自受理之日起计算") in lines
    assert ("预计办结：2026年12月10日前补齐并受理的，预计2027年1月14日前办结（遇法定节假日顺延）"
            in lines)
    assert "收费标准：审批部门收费12.50元；代办服务免费" in lines


def test_the_return_notice_names_the_owner_by_name(matter: MatterVersion) -> None:
    applicant = Applicant("王井权", ProtectedIdNumber(b"x", "h", "110116********0018"), "1")
    case = Case.submit(number="110116-20261125-000001", matter=matter, village_code=VILLAGE,
                       channel=Channel.STATION, applicant=applicant, by=AGENT, at=NOW)
    case.status = CaseStatus.ACCEPTED
    clerk = Actor(staff_id="clerk-1", role="town_clerk", place=VILLAGE[:9], name="刘镇")
    notice = case.hear_return(
        matter, flow_version=3, tier="town", reasons=(MissingItem(name="户口簿", reason="不清晰"),),
        by=clerk, at=NOW, terms=NoticeTerms(supplement_by=date(2026, 12, 10), agent_name=None,
                                            station_name="郑栅子村便民服务室"))
    assert notice is not None
    assert (notice.agent.staff_id, notice.agent_name) == ("agent-9", "张言平")
    assert "代办员：张言平（工号 agent-9）" in [text for _, text in notice_lines(notice)]
    fee_line = [text for _, text in notice_lines(notice) if text.startswith("收费标准")]
    assert fee_line == ["收费标准：审批部门不收费；代办服务免费"]
