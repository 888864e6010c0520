"""The checked-in event schemas, AsyncAPI and OpenAPI documents are what the code generates."""

from pathlib import Path

from daiban_common import asyncapi
from daiban_common.service import discover
from daiban_kernel.contracts import registry

DOCS = Path(__file__).resolve().parents[4] / "docs"


def test_the_published_documents_are_not_stale() -> None:
    stale = asyncapi.stale(DOCS, asyncapi.rendered(registry, discover()))
    assert stale == [], f"run `make contracts` and commit: {stale}"


def test_every_event_a_service_publishes_has_a_schema() -> None:
    known = {m.event_type for m in registry.models()}
    for spec in discover().values():
        assert set(spec.publishes) <= known, spec.name


def test_the_asyncapi_document_names_a_sender_for_every_event() -> None:
    document = asyncapi.asyncapi_document(registry, discover())
    sent = {op["channel"]["$ref"] for op in document["operations"].values()
            if op["action"] == "send"}
    assert sent == {f"#/channels/{key}" for key in document["channels"]}
