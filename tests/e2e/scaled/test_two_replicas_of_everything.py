"""Black-box: with two replicas of every API and worker, each event takes effect exactly once.

Several town-level cases travel the whole relay through the gateway while two relays compete
for each outbox and two consumers for each queue. Afterwards every replica's own metrics show
that both took part, the ledger holds each event once, and routing, sla and notify agree with it.
"""

from __future__ import annotations

import re
import socket
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from daiban_kernel.china import china_date
from daiban_kernel.roles import Role
from tests.e2e.conftest import Platform
from tests.e2e.test_relay_through_the_gateway import (
    AGENT,
    CLERK,
    COUNTY,
    TOWN,
    VILLAGE,
    bearer,
    ok,
)
from tests.e2e.test_through_the_gateway import poll
from tests.support.cases import town_matter

pytestmark = pytest.mark.integration

CASES = 4
# What one case of a town matter records on its way up and back down, by type.
ONCE_PER_CASE = ("case.submitted", "case.accepted", "case.routed", "case.decided",
                 "case.result_delivered")
TWICE_PER_CASE = ("case.handed_over", "case.received")  # up to the town, and back down


def relay_one_case(api: httpx.Client, platform: Platform, code: str) -> str:
    """Submit, accept, hand up, decide, hand down, deliver: the case number."""
    agent = bearer(platform, Role.ONLINE_AGENT, VILLAGE, AGENT)
    clerk = bearer(platform, Role.TOWN_CLERK, TOWN, CLERK)
    number = str(ok(api.post("/intake/v1/cases", headers=agent, json={
        "matter_code": code, "village_code": VILLAGE, "channel": "station",
        "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                      "phone": "13800138000"}}))["number"])
    ok(api.put(f"/intake/v1/cases/{number}/materials/1", json={"state": "original_seen"},
               headers=agent))
    ok(api.post(f"/intake/v1/cases/{number}/review", json={}, headers=agent))

    def routed() -> bool:
        response = api.get(f"/routing/v1/cases/{number}", headers=agent)
        return response.status_code == 200 and response.json()["state"] == "at_village"

    poll(routed)
    up = ok(api.post(f"/routing/v1/cases/{number}/handovers", json={}, headers=agent))
    ok(api.post(f"/routing/v1/cases/{number}/handovers/{up['handover_id']}/acknowledge",
                headers=clerk))
    ok(api.post(f"/routing/v1/cases/{number}/decision", json={"outcome": "approved"},
                headers=clerk))
    down = ok(api.post(f"/routing/v1/cases/{number}/handovers", json={}, headers=clerk))
    ok(api.post(f"/routing/v1/cases/{number}/handovers/{down['handover_id']}/acknowledge",
                headers=agent))
    ok(api.post(f"/routing/v1/cases/{number}/delivery", headers=agent,
                json={"delivery": "collected", "delivered_on": str(china_date(datetime.now(UTC)))}))
    return number


def scrape(port: int) -> list[tuple[str, dict[str, str], float]]:
    """One process's Prometheus samples: (name, labels, value)."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    samples = []
    for line in text.splitlines():
        match = re.fullmatch(r"(\w+)(?:\{(.*)\})? (\S+)", line)
        if match and not line.startswith("#"):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
            samples.append((match[1], labels, float(match[3])))
    return samples


def total(samples: list[tuple[str, dict[str, str], float]], name: str, **labels: str) -> float:
    return sum(v for n, lb, v in samples
               if n == name and all(lb.get(k) == want for k, want in labels.items()))


def ledger_of(api: httpx.Client, platform: Platform, number: str) -> list[dict[str, Any]]:
    agent = bearer(platform, Role.ONLINE_AGENT, VILLAGE, AGENT)
    items: list[dict[str, Any]] = ok(api.get("/audit/v1/ledger", params={"subject": number},
                                             headers=agent))["items"]
    return items


def complete_ledger(api: httpx.Client, platform: Platform, number: str
                    ) -> list[dict[str, Any]] | None:
    items = ledger_of(api, platform, number)
    types = Counter(e["type"] for e in items)
    done = all(types[t] >= 1 for t in ONCE_PER_CASE) and all(types[t] >= 2
                                                             for t in TWICE_PER_CASE)
    return items if done and "notification.sent" in types else None


def test_two_replicas_of_everything_apply_each_event_exactly_once(
        scaled_platform: Platform) -> None:
    platform = scaled_platform
    admin = bearer(platform, Role.ADMIN, COUNTY)
    agent = bearer(platform, Role.ONLINE_AGENT, VILLAGE, AGENT)
    code = "S" + uuid.uuid4().hex[:8].upper() + "-001"
    with httpx.Client(base_url=platform.gateway + "/api", timeout=10) as api:
        ok(api.post("/intake/v1/admin/matters", json=town_matter(code), headers=admin))
        ok(api.post(f"/intake/v1/admin/matters/{code}/publish", headers=admin))
        numbers = [relay_one_case(api, platform, code) for _ in range(CASES)]
        ledgers = {n: poll(lambda n=n: complete_ledger(api, platform, n), within=30)
                   for n in numbers}

        for number, entries in ledgers.items():
            # One ledger entry per event: no event recorded twice, none lost.
            ids = [e["event_id"] for e in entries]
            assert len(ids) == len(set(ids)), number
            types = Counter(e["type"] for e in entries)
            assert {t: types[t] for t in ONCE_PER_CASE} == dict.fromkeys(ONCE_PER_CASE, 1)
            assert {t: types[t] for t in TWICE_PER_CASE} == dict.fromkeys(TWICE_PER_CASE, 2)
            # Routing, sla and notify each applied what they consumed once.
            case = ok(api.get(f"/routing/v1/cases/{number}", headers=agent))
            assert case["state"] == "delivered", case
            clocks = ok(api.get(f"/sla/v1/cases/{number}/clocks", headers=agent))["clocks"]
            assert sorted(str(c["stage"]) for c in clocks) == ["None", "town", "village"]
            assert all(c["stopped_at"] is not None for c in clocks)
            # Every notice sent is in the ledger once (audit may still be reading the last).
            def sent_and_ledgered(number: str = number) -> bool:
                sent = ok(api.get("/notify/v1/notifications",
                                  params={"case_number": number, "status": "sent"},
                                  headers=agent))
                ledgered = Counter(e["type"] for e in ledger_of(api, platform, number))
                return bool(sent) and len(sent) == ledgered["notification.sent"]

            assert poll(sent_and_ledgered, within=30)
            status = ok(api.get(f"/intake/v1/cases/{number}", headers=agent))["status"]
            assert status == "delivered"

    _both_replicas_took_part_and_nothing_was_published_twice(platform, ledgers)


def _both_replicas_took_part_and_nothing_was_published_twice(
        platform: Platform, ledgers: dict[str, list[dict[str, Any]]]) -> None:
    workers = {s: [scrape(p) for p in ports] for s, ports in platform.metrics_ports.items()}
    apis = {s: [scrape(p) for p in ports] for s, ports in platform.api_ports.items()}
    # The gateway spread the cases over both intake APIs (it takes each server in turn).
    posted = [total(a, "daiban_http_requests_total", method="POST", route="/v1/cases",
                    status="201") for a in apis["intake"]]
    assert all(p >= 1 for p in posted), posted
    assert sum(posted) == CASES
    # Audit's two consumers shared the work, and their inbox applied each delivery once.
    applied = [total(w, "daiban_events_consumed_total", outcome="applied")
               for w in workers["audit"]]
    assert all(a >= 1 for a in applied), applied
    # Each case.submitted row left intake's outbox once, by one relay or the other; audit
    # applied each once.
    published = sum(total(w, "daiban_events_published_total", type="case.submitted")
                    for w in workers["intake"])
    assert published == CASES
    recorded = sum(total(w, "daiban_events_consumed_total", type="case.submitted",
                         outcome="applied") for w in workers["audit"])
    assert recorded == CASES
    # The workers' metrics (scraped above on 127.0.0.1) listen on loopback only.
    for ports in platform.metrics_ports.values():
        for port in ports:
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.2", port), timeout=1).close()
