"""Through the API on Postgres: a case's history in causal order whatever order the relay was
consumed in; proofs that check; and bad input refused as problem+json naming the field."""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from daiban_audit.bootstrap import postgres_units
from daiban_audit.domain import merkle
from daiban_audit.handlers import IssueCheckpoint, RecordBatch, record_event
from daiban_common.db import create_engine
from daiban_common.envelope import Envelope
from daiban_kernel.roles import Role

from .conftest import AuditApi

CASE = "110116-20261125-000001"
VILLAGE = "110116104201"
T0 = datetime(2026, 11, 25, 1, tzinfo=UTC)
AGENT = {"staff_id": "110116-0001", "role": "village_agent", "place": VILLAGE, "name": "王芳"}
PROBLEM = "application/problem+json"


def envelope(n: int, kind: str, data: dict[str, Any]) -> Envelope:
    at = T0 + timedelta(minutes=n)
    return Envelope(id=f"ev-{n}", source="/daiban/test", type=kind, subject=CASE,
                    placecode=VILLAGE, dataschema=f"urn:daiban:schema:{kind}:v1", time=at,
                    data={**data, "at": at.isoformat()})


RELAY = [
    envelope(0, "case.submitted", {"by": AGENT}),
    envelope(1, "case.routed", {"flow_version": 1}),
    envelope(2, "case.assigned", {"flow_version": 2, "assignee": AGENT,
                                  "station_code": "110116104201-01"}),
    envelope(3, "case.handed_over", {"flow_version": 3, "by": AGENT}),
    envelope(4, "case.received", {"flow_version": 4}),
    envelope(5, "case.handed_over", {"flow_version": 5}),
    envelope(6, "case.assigned", {"flow_version": 6}),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_relay_reads_in_causal_order_whatever_order_it_was_consumed_in(
        audit_api: AuditApi, seed: int) -> None:
    delivered = list(RELAY)
    random.Random(seed).shuffle(delivered)
    engine = create_engine(audit_api.settings)
    units = postgres_units(engine)
    for e in delivered:  # one consumer transaction each, as the consumer runs them
        async with units() as uow:
            await record_event(e, uow)
            await uow.commit()
    await engine.dispose()
    response = await audit_api.client.get("/v1/ledger", params={"subject": CASE, "limit": 4},
                                          headers=audit_api.auth())
    assert response.status_code == 200, response.text
    first = response.json()
    rest = (await audit_api.client.get("/v1/ledger", params={
        "subject": CASE, "cursor": first["next_cursor"]}, headers=audit_api.auth())).json()
    items = [*first["items"], *rest["items"]]
    assert [i["event_id"] for i in items] == [e.id for e in RELAY]
    assert items[2]["who"] == {"staff_id": "110116-0001", "staff_name": "王芳",
                               "station_code": "110116104201-01"}
    assert items[2]["place"] == VILLAGE
    assert items[2]["flow_version"] == 2


async def test_proofs_from_the_api_check_against_the_published_checkpoint(
        audit_api: AuditApi) -> None:
    await audit_api.service.commands.record_batch(RecordBatch(RELAY))
    await audit_api.service.commands.issue_checkpoint(IssueCheckpoint(1, 1, force=True))
    note = (await audit_api.client.get("/v1/ledger/checkpoint", headers=audit_api.auth())).text
    root = base64.b64decode(note.split("\n")[2])
    proof = (await audit_api.client.get("/v1/ledger/proofs/inclusion", params={
        "event_id": "ev-3"}, headers=audit_api.auth())).json()
    assert merkle.verify_inclusion(proof["leaf_index"], proof["tree_size"],
                                   base64.b64decode(proof["leaf_hash"]),
                                   [base64.b64decode(p) for p in proof["path"]], root)
    held = await audit_api.client.post("/v1/ledger/checkpoints/check",
                                       json={"checkpoint": note}, headers=audit_api.auth())
    assert held.json()["matches"] is True


@pytest.mark.parametrize(("method", "path", "params", "status", "field"), [
    ("GET", "/v1/ledger/proofs/inclusion", {"seq": "99"}, 404, None),
    ("GET", "/v1/ledger/proofs/inclusion", {"event_id": "nobody"}, 404, None),
    ("GET", "/v1/ledger/proofs/inclusion", {"seq": "1", "size": "99"}, 422, "size"),
    ("GET", "/v1/ledger/proofs/inclusion", {"seq": "0"}, 422, "seq"),
    ("GET", "/v1/ledger/proofs/consistency", {"first": "1", "second": "99"}, 422, "second"),
    ("GET", "/v1/ledger/proofs/consistency", {"first": "5", "second": "3"}, 422, "first"),
    ("POST", "/v1/ledger/checkpoints/check", {"checkpoint": "not a note"}, 422, "checkpoint"),
    ("POST", "/v1/ledger/checkpoints/check",
     {"checkpoint": "o\n3\n" + "A" * 43 + "=\ntime 2026-11-20T09:30:00Z\n\n\u2014 o AAAAAAA=\n"},
     422, "checkpoint"),
    ("GET", "/v1/ledger/staff/110116-0001", {"from": "2026-11-30", "to": "2026-11-01"}, 422,
     "to"),
])
async def test_bad_input_is_a_problem_naming_the_field(
        audit_api: AuditApi, method: str, path: str, params: dict[str, str], status: int,
        field: str | None) -> None:
    await audit_api.service.commands.record_batch(RecordBatch(RELAY[:3]))
    if method == "GET":
        response = await audit_api.client.get(path, params=params, headers=audit_api.auth())
    else:
        response = await audit_api.client.post(path, json=params, headers=audit_api.auth())
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    if field is not None:
        assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}


async def test_the_staff_ledger_exports_as_csv_and_xlsx(audit_api: AuditApi) -> None:
    await audit_api.service.commands.record_batch(RecordBatch(RELAY))
    params = {"from": "2026-11-25", "to": "2026-11-25"}
    page = (await audit_api.client.get("/v1/ledger/staff/110116-0001", params=params,
                                       headers=audit_api.auth())).json()
    assert [i["event_id"] for i in page["items"]] == ["ev-0", "ev-2", "ev-3"]
    csv = await audit_api.client.get("/v1/ledger/staff/110116-0001/export", params=params,
                                     headers=audit_api.auth())
    assert csv.status_code == 200
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("seq,time,type")
    assert len(lines) == 4
    assert "王芳" in lines[2]
    xlsx = await audit_api.client.get("/v1/ledger/places/110116104/export",
                                      params={**params, "format": "xlsx"},
                                      headers=audit_api.auth())
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    town_clerk = audit_api.auth(Role.TOWN_CLERK, "110116105")
    outside = await audit_api.client.get("/v1/ledger/places/110116104", params=params,
                                         headers=town_clerk)
    assert outside.status_code == 403
