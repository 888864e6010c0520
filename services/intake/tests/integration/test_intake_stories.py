"""The stories of the seeds, through intake's API on the real database.

- 长哨营乡老西沟村: a 90-year-old man without family applies for five-guarantee support (特困人员
  （五保）供养, MZ-002) by a home visit; he signs a power of attorney that the village head
  countersigns, and the case is accepted at once.
- 二号沟门村: a resident applying for the old-age allowance (MZ-004) forgot her household
  register; ONE notice names exactly that, she brings it, and the case is accepted.
- 定州: a grid worker reports a bedridden woman who needs a disability card (CL-001); the village
  agent takes the report over and completes it.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from pypdf import PdfReader

from daiban_kernel.china import china_date
from daiban_kernel.roles import Role

LAOXIGOU = "110116200202"
ERHAOGOUMEN = "110116107202"
TANGHEKOU = "110116107201"
WANG = {"name": "王井权", "id_number": "110116193403150018", "phone": "13900000001",
        "special_groups": ["elderly"]}
YU = {"name": "于桂全", "id_number": "110116195607080022", "phone": "13900000002"}
YOU = {"name": "由荣彦", "id_number": "11011619480220003X", "phone": "13900000003",
       "special_groups": ["disabled", "sick"]}


async def test_an_elderly_man_applies_for_five_guarantee_support_at_home_with_an_authorization(
    api: Any, desk: Any,
) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, LAOXIGOU, subject="agent-zhangyanping", name="张言平")
    opened = await desk.open(agent, matter="MZ-002", village=LAOXIGOU, applicant=WANG,
                             channel="home_visit")
    assert opened.status_code == 201, opened.text
    case = opened.json()
    number = case["number"]
    assert case["owner"]["staff_id"] == "agent-zhangyanping"
    assert case["applicant"]["special_groups"] == ["elderly"]
    assert [i["material"]["name"] for i in case["checklist"]][-1].startswith("授权委托书")
    for item in range(1, 6):
        await desk.provide(agent, number, item,
                           "provided" if item == 5 else "original_seen")
    scan = await desk.scan(agent, number, b"%PDF-1.7\n" + bytes(100),
                           content_type="application/pdf")
    assert scan.status_code == 201, scan.text
    recorded = await desk.post(agent, f"/v1/cases/{number}/authorization", {
        "agent_name": "张言平", "signed_on": china_date(datetime.now(UTC)).isoformat(),
        "countersigned_by": "老西沟村村委会主任", "scan_attachment_id": scan.json()["id"]})
    assert recorded.status_code == 201, recorded.text
    authorization = recorded.json()["authorization"]
    assert authorization["principal_name"] == "王井权"
    assert authorization["matter_code"] == "MZ-002"
    assert authorization["principal_id_masked"] == "110116********0018"
    assert recorded.json()["missing"] == []

    accepted = await desk.post(agent, f"/v1/cases/{number}/review")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["notices"] == []
    assert await api.outbox_types(number) == ["case.submitted", "case.accepted"]
    (event,) = await api.outbox_data(number, "case.accepted")
    assert event["authorization_id"] == authorization["id"]
    assert event["special_groups"] == ["elderly"]
    assert event["channel"] == "home_visit"


async def test_without_the_signed_authorization_the_case_is_not_accepted(api: Any,
                                                                         desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, LAOXIGOU)
    number = (await desk.open(agent, matter="MZ-002", village=LAOXIGOU, applicant=WANG,
                              channel="home_visit")).json()["number"]
    for item in range(1, 6):
        await desk.provide(agent, number, item)
    reviewed = (await desk.post(agent, f"/v1/cases/{number}/review")).json()
    assert reviewed["status"] == "incomplete"
    (notice,) = reviewed["notices"]
    assert [m["name"] for m in notice["missing"]] == [
        "授权委托书（本人签字，村集体经济组织负责人签字证明）"]


async def test_a_resident_who_forgot_one_paper_gets_one_notice_naming_it_and_is_accepted_after(
    api: Any, desk: Any,
) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, ERHAOGOUMEN, subject="agent-yuguoyun", name="于国云")
    number = (await desk.open(agent, matter="MZ-004", village=ERHAOGOUMEN,
                              applicant=YU)).json()["number"]
    await desk.provide(agent, number, 1)
    await desk.provide(agent, number, 2)
    await desk.provide(agent, number, 4, "provided")
    reviewed = await desk.post(agent, f"/v1/cases/{number}/review",
                               {"supplement_by": "2099-01-31"})
    assert reviewed.status_code == 200, reviewed.text
    case = reviewed.json()
    assert case["status"] == "incomplete"
    (notice,) = case["notices"]
    assert notice["missing"] == [{"name": "户口簿", "reason": "未提交，须提交原件及复印件1份"}]
    assert notice["supplement_by"] == "2099-01-31"

    page = await api.client.get(notice["html_url"], headers=agent)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "一次性告知书" in page.text
    assert "户口簿" in page.text
    assert "于国云" in page.text
    # what the notice must tell (沂水 三(四)3), the station by name
    assert "代办站点：二号沟门村便民服务室（110116107202）" in page.text
    assert "办理程序：村级（5个工作日）→办结送达" in page.text
    assert "办理时限：法定办结时限5个工作日，自受理之日起计算" in page.text
    assert "预计办结：2099年1月31日前补齐并受理的，预计2099年2月6日前办结" in page.text
    assert "收费标准：审批部门不收费；代办服务免费" in page.text
    printed = await api.client.get(notice["pdf_url"], headers=agent)
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.content)).pages)
    assert "一次性告知书" in text
    assert "户口簿" in text
    assert "高龄津贴申领" in text
    assert "于桂全" in text
    assert "2099年1月31日" in text
    assert "二号沟门村便民服务室" in text
    assert "收费标准" in text
    for provided in ("高龄津贴申请表", "居民身份证", "本人银行卡"):
        assert provided not in text

    await desk.provide(agent, number, 3)
    supplemented = await desk.post(agent, f"/v1/cases/{number}/supplement")
    assert supplemented.status_code == 200, supplemented.text
    assert supplemented.json()["status"] == "accepted"
    assert await api.outbox_types(number) == [
        "case.submitted", "case.incomplete", "case.supplemented", "case.accepted"]
    (incomplete,) = await api.outbox_data(number, "case.incomplete")
    assert [m["name"] for m in incomplete["missing"]] == ["户口簿"]
    (supplement,) = await api.outbox_data(number, "case.supplemented")
    assert supplement["supplied"] == ["户口簿"]
    assert supplement["return_flow_version"] is None


async def test_a_grid_workers_report_becomes_a_case_the_village_agent_completes(
    api: Any, desk: Any,
) -> None:
    grid = api.auth(Role.GRID_WORKER, TANGHEKOU, subject="grid-chenhelu", name="陈和路")
    refused = await desk.open(grid, matter="CL-001", village=TANGHEKOU, applicant=YOU)
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("grid-workers-report-only")
    reported = await desk.open(grid, matter="CL-001", village=TANGHEKOU, applicant=YOU,
                               channel="grid_report")
    assert reported.status_code == 201, reported.text
    number = reported.json()["number"]
    assert reported.json()["owner"]["role"] == "grid_worker"
    cannot = await desk.post(grid, f"/v1/cases/{number}/review")
    assert cannot.status_code == 403

    agent = api.auth(Role.VILLAGE_AGENT, TANGHEKOU, subject="agent-tonglw", name="仝立伟")
    taken = await desk.post(agent, f"/v1/cases/{number}/take-over")
    assert taken.status_code == 200, taken.text
    assert taken.json()["owner"]["staff_id"] == "agent-tonglw"
    (handed,) = await api.outbox_data(number, "case.taken_over")
    assert (handed["previous_owner"]["staff_id"], handed["previous_owner"]["role"],
            handed["owner"]["staff_id"]) == ("grid-chenhelu", "grid_worker", "agent-tonglw")
    assert (await desk.post(agent, f"/v1/cases/{number}/take-over")).status_code == 200
    assert len(await api.outbox_data(number, "case.taken_over")) == 1
    for item in range(1, 6):
        await desk.provide(agent, number, item)
    # her partner presses review: the first inquiry stays hers (首问负责), for intake and routing
    partner = api.auth(Role.VILLAGE_AGENT, TANGHEKOU, subject="agent-partner", name="李春")
    accepted = (await desk.post(partner, f"/v1/cases/{number}/review")).json()
    assert accepted["status"] == "accepted"
    assert accepted["channel"] == "grid_report"
    assert accepted["owner"]["staff_id"] == "agent-tonglw"
    (event,) = await api.outbox_data(number, "case.accepted")
    assert (event["by"]["staff_id"], event["owner"]["staff_id"]) == (
        "agent-partner", "agent-tonglw")
    assert sorted(event["special_groups"]) == ["disabled", "sick"]
    late = await desk.post(partner, f"/v1/cases/{number}/take-over")
    assert late.status_code == 409, late.text
    assert late.json()["type"].endswith("case-owned-in-the-relay")
    assert "仝立伟" in late.json()["detail"]
    assert len(await api.outbox_data(number, "case.taken_over")) == 1


async def test_the_agent_who_checks_a_grid_report_takes_it_over_on_the_ledger(
    api: Any, desk: Any,
) -> None:
    grid = api.auth(Role.GRID_WORKER, TANGHEKOU, subject="grid-chenhelu", name="陈和路")
    number = (await desk.open(grid, matter="CL-001", village=TANGHEKOU, applicant=YOU,
                              channel="grid_report")).json()["number"]
    agent = api.auth(Role.VILLAGE_AGENT, TANGHEKOU, subject="agent-tonglw", name="仝立伟")
    reviewed = (await desk.post(agent, f"/v1/cases/{number}/review")).json()
    assert (reviewed["status"], reviewed["owner"]["staff_id"]) == ("incomplete", "agent-tonglw")
    assert await api.outbox_types(number) == [
        "case.submitted", "case.taken_over", "case.incomplete"]
    (handed,) = await api.outbox_data(number, "case.taken_over")
    assert (handed["previous_owner"]["staff_id"], handed["owner"]["staff_id"]) == (
        "grid-chenhelu", "agent-tonglw")
