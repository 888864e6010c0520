"""The CloudEvents envelope survives the AMQP binary binding; bad messages are named as such."""

from datetime import UTC, datetime

import pytest

from daiban_common.envelope import Envelope
from daiban_common.outbox import to_message
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts import registry
from daiban_kernel.contracts.case import Applicant, CaseSubmittedV1
from daiban_kernel.events import EventData, EventRegistry, MalformedEvent


def submitted() -> CaseSubmittedV1:
    return CaseSubmittedV1(
        case_number="110116-20261125-000001", matter_code="MZ-001", matter_version=1,
        village_code="110116104201", channel=Channel.HOME_VISIT,
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
        submitted_by=Actor(staff_id="a1", role="village_agent", place="110116104201"),
        submitted_at=datetime(2026, 11, 25, 2, 0, tzinfo=UTC),
    )


def test_an_envelope_round_trips_through_amqp_headers_and_body() -> None:
    envelope = Envelope.wrap(submitted(), source="/daiban/intake")
    message = to_message(envelope, {"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"})
    back = Envelope.from_amqp(message.headers, message.body)
    assert back == envelope
    assert message.headers["cloudEvents_specversion"] == "1.0"
    assert message.headers["cloudEvents_subject"] == "110116-20261125-000001"
    assert str(message.headers["traceparent"]).startswith("00-")


def test_the_envelope_names_the_subject_place_and_schema_of_its_data() -> None:
    envelope = Envelope.wrap(submitted(), source="/daiban/intake")
    assert envelope.type == "case.submitted"
    assert envelope.placecode == "110116104201"
    assert envelope.dataschema == "urn:daiban:schema:case.submitted:v1"


def test_the_registry_parses_data_back_into_its_model() -> None:
    envelope = Envelope.wrap(submitted(), source="/daiban/intake")
    assert registry.parse(envelope) == submitted()


def test_a_body_that_is_not_json_is_malformed() -> None:
    message = to_message(Envelope.wrap(submitted(), source="/x"), {})
    with pytest.raises(MalformedEvent):
        Envelope.from_amqp(message.headers, b"{not json")


def test_a_message_without_cloudevents_headers_is_malformed() -> None:
    with pytest.raises(MalformedEvent):
        Envelope.from_amqp({}, b"{}")


def test_data_that_breaks_its_schema_is_malformed() -> None:
    envelope = Envelope.wrap(submitted(), source="/x").model_copy(update={"data": {"x": 1}})
    with pytest.raises(MalformedEvent):
        registry.parse(envelope)


def test_an_unknown_schema_is_malformed() -> None:
    envelope = Envelope.wrap(submitted(), source="/x").model_copy(
        update={"dataschema": "urn:daiban:schema:case.submitted:v9"})
    with pytest.raises(MalformedEvent, match="unknown dataschema"):
        registry.parse(envelope)


def test_a_type_and_version_cannot_be_registered_twice() -> None:
    local = EventRegistry()

    class Ping(EventData):
        event_type = "test.ping"

    local.register(Ping)
    with pytest.raises(ValueError, match="twice"):
        local.register(Ping)


def test_every_published_model_forbids_unknown_fields() -> None:
    for model in registry.models():
        assert model.model_config.get("extra") == "forbid", model
