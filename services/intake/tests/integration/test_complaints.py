"""Complaints as staff read and answer them: the open ones apart from the answered ones, and
answered by a supervisor only."""

from __future__ import annotations

import secrets
from typing import Any

from daiban_kernel.roles import Role


async def test_the_answered_filter_tells_open_complaints_from_answered_ones(
    api: Any, desk: Any,
) -> None:
    village = "110116" + "".join(secrets.choice("0123456789") for _ in range(6))
    agent = api.auth(Role.VILLAGE_AGENT, village)
    supervisor = api.auth(Role.SUPERVISOR, "110116")
    ids = []
    for summary in ("窗口无人", "态度生硬"):
        filed = await desk.post(agent, "/v1/complaints", {"place_code": village,
                                                          "summary": summary})
        assert filed.status_code == 201, filed.text
        ids.append(filed.json()["id"])
    answered = await desk.post(supervisor, f"/v1/complaints/{ids[0]}/answer",
                               {"answer": "已约谈站点负责人"})
    assert answered.status_code == 200, answered.text

    async def listed(**params: str) -> list[str]:
        page = await api.client.get("/v1/complaints", headers=agent, params=params)
        assert page.status_code == 200, page.text
        return [c["id"] for c in page.json()["items"]]

    assert await listed(answered="false") == [ids[1]]
    assert await listed(answered="true") == [ids[0]]
    assert await listed() == ids[::-1]


async def test_only_a_supervisor_answers_a_complaint(api: Any, desk: Any) -> None:
    village = "110116" + "".join(secrets.choice("0123456789") for _ in range(6))
    agent = api.auth(Role.VILLAGE_AGENT, village)
    filed = await desk.post(agent, "/v1/complaints", {"place_code": village, "summary": "催办无果"})
    assert filed.status_code == 201, filed.text
    path = f"/v1/complaints/{filed.json()['id']}/answer"
    for role, place in ((Role.TOWN_CLERK, village[:9]), (Role.COUNTY_COORDINATOR, "110116"),
                        (Role.VILLAGE_AGENT, village)):
        refused = await desk.post(api.auth(role, place), path, {"answer": "已处理"})
        assert refused.status_code == 403, (role, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
    complaint = (await api.client.get(f"/v1/complaints/{filed.json()['id']}",
                                      headers=agent)).json()
    assert complaint["answer"] is None
    assert await api.outbox_types(f"complaint:{filed.json()['id']}") == ["complaint.filed"]
