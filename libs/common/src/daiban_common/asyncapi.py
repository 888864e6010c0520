"""The published contract documents, generated from the code.

``docs/events/schemas/<type>.v<version>.json``: the JSON Schema of each event's data;
``docs/events/asyncapi.yaml``: an AsyncAPI 3.0 document of the exchange, its channels and which
service sends or receives each event; ``docs/api/<service>.openapi.json``: each HTTP API.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml

from daiban_common.envelope import HEADER_PREFIX
from daiban_common.service import ServiceSpec
from daiban_kernel.events import EventData, EventRegistry


def _topic_matches(pattern: str, event_type: str) -> bool:
    if pattern == "#":
        return True
    return fnmatchcase(event_type, pattern.replace("#", "*"))


def schema_file(model: type[EventData]) -> str:
    """The file name of a model's JSON Schema."""
    return f"{model.event_type}.v{model.version}.json"


def json_schemas(registry: EventRegistry) -> dict[str, dict[str, Any]]:
    """File name → JSON Schema, for every registered event model."""
    out: dict[str, dict[str, Any]] = {}
    for model in registry.models():
        schema = model.model_json_schema()
        schema["$id"] = model.schema_id()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[schema_file(model)] = schema
    return out


def _headers_schema() -> dict[str, Any]:
    names = ["id", "source", "type", "specversion", "time", "subject", "dataschema", "placecode"]
    props: dict[str, Any] = {HEADER_PREFIX + n: {"type": "string"} for n in names}
    props["traceparent"] = {"type": "string", "description": "W3C trace context"}
    required = [HEADER_PREFIX + n for n in ("id", "source", "type", "specversion", "time")]
    return {"type": "object", "properties": props, "required": required}


def asyncapi_document(registry: EventRegistry, services: dict[str, ServiceSpec[Any]],
                      *, namespace: str = "daiban") -> dict[str, Any]:
    """An AsyncAPI 3.0 document for the events exchange."""
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for model in registry.models():
        key = f"{model.event_type}.v{model.version}".replace(".", "_")
        messages[key] = {
            "name": model.event_type,
            "title": f"{model.event_type} v{model.version}",
            "summary": (model.__doc__ or "").strip().splitlines()[0],
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
            "payload": {"$ref": f"schemas/{schema_file(model)}"},
        }
        channels[key] = {
            "address": model.event_type,
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
            "bindings": {"amqp": {"is": "routingKey", "exchange": {
                "name": f"{namespace}.events", "type": "topic", "durable": True,
                "autoDelete": False, "vhost": "/"}, "bindingVersion": "0.3.0"}},
        }
        for spec in services.values():
            ref = {"$ref": f"#/channels/{key}"}
            if model.event_type in spec.publishes:
                operations[f"{spec.name}_sends_{key}"] = {"action": "send", "channel": ref}
            if any(_topic_matches(p, model.event_type) for p in spec.subscribes(spec.settings())):
                operations[f"{spec.name}_receives_{key}"] = {"action": "receive", "channel": ref}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Daiban case events",
            "version": "1.0.0",
            "description": (
                "CloudEvents 1.0 in AMQP binary mode on one durable topic exchange; the routing"
                " key is the event type. Every event is delivered at least once: deduplicate on"
                " cloudEvents_id."
            ),
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages,
                       "schemas": {"CloudEventHeaders": _headers_schema()}},
    }


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def rendered(registry: EventRegistry, services: dict[str, ServiceSpec[Any]]) -> dict[str, str]:
    """Relative path under docs/ → file text."""
    files = {f"events/schemas/{name}": _json(schema)
             for name, schema in json_schemas(registry).items()}
    files["events/asyncapi.yaml"] = yaml.safe_dump(
        asyncapi_document(registry, services), sort_keys=False, allow_unicode=True
    )
    for name, spec in services.items():
        files[f"api/{name}.openapi.json"] = _json(spec.create_app(spec.settings()).openapi())
    return files


_GENERATED = ("events/schemas/*.json", "api/*.openapi.json")


def write(directory: Path, files: dict[str, str]) -> None:
    """Write the documents, removing generated files whose source no longer exists."""
    for pattern in _GENERATED:
        for old in directory.glob(pattern):
            if old.relative_to(directory).as_posix() not in files:
                old.unlink()
    for rel, text in files.items():
        (directory / rel).parent.mkdir(parents=True, exist_ok=True)
        (directory / rel).write_text(text, encoding="utf-8")


def stale(directory: Path, files: dict[str, str]) -> list[str]:
    """The documents whose checked-in text differs from what the code generates."""
    out = [rel for rel, text in files.items()
           if not (directory / rel).exists() or (directory / rel).read_text("utf-8") != text]
    existing = {p.relative_to(directory).as_posix()
                for pattern in _GENERATED for p in directory.glob(pattern)}
    return out + sorted(existing - files.keys())
