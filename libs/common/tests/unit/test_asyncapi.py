"""What the AsyncAPI document tells an integrator: the broker, how to read the CloudEvents
headers, which are always there, the versioning rule, the ordering key and where to catch up."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from daiban_common import asyncapi
from daiban_common.envelope import Envelope
from daiban_common.outbox import to_message
from daiban_common.service import discover
from daiban_kernel.contracts import registry


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    text = asyncapi.rendered(registry, discover())["events/asyncapi.yaml"]
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def test_the_broker_is_a_server_with_its_protocol_vhost_and_security(
        document: dict[str, Any]) -> None:
    broker = document["servers"]["broker"]
    assert (broker["protocol"], broker["protocolVersion"], broker["pathname"]) == (
        "amqp", "0-9-1", "/")
    scheme = broker["security"][0]["$ref"].rsplit("/", 1)[-1]
    assert document["components"]["securitySchemes"][scheme]["type"] == "userPassword"
    for channel in document["channels"].values():
        assert channel["servers"] == [{"$ref": "#/servers/broker"}]


def test_every_header_is_described_and_those_always_sent_are_required(
        document: dict[str, Any]) -> None:
    headers = document["components"]["schemas"]["CloudEventHeaders"]
    assert all(p["description"] for p in headers["properties"].values())
    assert set(headers["required"]) == {f"cloudEvents_{n}" for n in (
        "id", "source", "type", "specversion", "time", "dataschema")}
    assert "AMQP 1.0" in headers["description"]


def test_an_event_as_published_carries_every_required_header_and_reads_as_documented(
        document: dict[str, Any]) -> None:
    model = next(m for m in registry.models() if m.event_type == "matter.unpublished")
    sample = model.model_validate({"code": "MZ-001", "matter_version": 1})
    message = to_message(Envelope.wrap(sample, source="/daiban/intake"), {})
    headers = message.headers or {}
    required = document["components"]["schemas"]["CloudEventHeaders"]["required"]
    assert set(required) <= set(headers)
    # the reading the document gives, step by step
    attributes = {name.removeprefix("cloudEvents_"): value for name, value in headers.items()
                  if name.startswith("cloudEvents_")}
    attributes["datacontenttype"] = message.content_type
    assert {"id", "source", "type", "specversion"} <= set(attributes)
    assert attributes["dataschema"] == model.schema_id()
    assert json.loads(message.body) == sample.model_dump(mode="json")


def test_the_versioning_rule_ordering_key_and_replay_source_are_stated(
        document: dict[str, Any]) -> None:
    description = document["info"]["description"]
    assert "`dataschema` is the `$id`" in description
    assert "never `case.accepted.v2`" in description
    assert "need not accept unknown fields" in description
    assert "`flow_version`" in description
    assert "/api/audit/v1/ledger/places/<place>?from=<day>&to=<day>" in description
    ordered = {m["name"] for m in document["components"]["messages"].values()
               if m.get("x-ordering-key") == "flow_version"}
    assert {"case.routed", "case.assigned", "case.returned", "case.decided"} <= ordered
    for message in document["components"]["messages"].values():
        assert message["x-dataschema"].startswith("urn:daiban:schema:")
