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


HEADERS: dict[str, tuple[str, bool]] = {
    "id": ("The event's unique id (a UUID); the same on every redelivery: deduplicate on it.",
           True),
    "source": ("The service that published it, e.g. `/daiban/intake`.", True),
    "type": ("The event type, e.g. `case.accepted`; also the routing key.", True),
    "specversion": ("The CloudEvents version, `1.0`.", True),
    "time": ("When it happened, RFC 3339 with the offset.", True),
    "dataschema": ("The `$id` of the JSON Schema of the body, "
                   "`urn:daiban:schema:<type>:v<version>`: the event's version.", True),
    "subject": ("What it is about: a case number, or e.g. `matter:<code>`; sent when the event "
                "names one (every case and complaint event does). Order is kept per subject.",
                False),
    "placecode": ("The division code of the place the event concerns (a CloudEvents extension "
                  "attribute); sent when the event concerns one.", False),
}
"""The CloudEvents attributes carried as ``cloudEvents_<name>`` headers: what each says, and
whether every event carries it."""

READING = """\
The attributes follow the CloudEvents AMQP protocol binding in binary mode, the one written for
AMQP 1.0: each attribute is an application property named `cloudEvents_<attribute>`, the body is
`data` and the message's `content-type` property is `datacontenttype` (`application/json`).
AMQP 0-9-1 has no application properties: the headers table carries them. An SDK's AMQP 0-9-1
(RabbitMQ) reader that expects other names (`ce-`, `ce_`) refuses these messages; read them as
the AMQP 1.0 binding does, taking the headers table as the application properties. With the
Python SDK (`cloudevents`):

    attributes = {name.removeprefix("cloudEvents_"): value
                  for name, value in message.headers.items()
                  if name.startswith("cloudEvents_")}
    attributes["datacontenttype"] = message.content_type
    event = cloudevents.http.CloudEvent(attributes, json.loads(message.body))

`traceparent` / `tracestate` (W3C trace context) travel beside them when the event was caused by
a traced request. The AMQP properties repeat what matters to brokers and tools: `message_id` is
`id`, `type` is `type`, `timestamp` is `time`, `delivery_mode` is 2 (persistent)."""

VERSIONING = """\
Versions. `dataschema` is the `$id` of the body's JSON Schema (`schemas/<type>.v<N>.json`). The
schemas are closed (`additionalProperties: false`): an event never carries a field its schema
does not list, so consumers need not accept unknown fields, and any change to a body (a field
added, removed, renamed or retyped) is a new version, `<type>.v<N+1>.json`. A new version keeps
the routing key (the event type: `case.accepted`, never `case.accepted.v2`), so bindings stay as
they are; consumers tell versions apart by `dataschema` and are upgraded to accept the new one
before the sender publishes it. A version's schema never changes once published."""

ORDERING = """\
Order. The broker keeps no order across redeliveries and retries, so order is in the events:
every relay event (those routing publishes about a case) carries `flow_version`, routing's
version of the case after the change; apply `flow_version` N of a case only after N-1 and defer
(retry later) an event that comes early. A handover reminder carries the case's current version
and changes nothing. The ledger's `seq` is the order in which audit recorded the events."""

REPLAY = """\
Catching up. Bind a durable queue of your own to the exchange (`<namespace>.events`, topic) with
the routing keys you need: RabbitMQ keeps what arrives while you are offline. For what was
published before the queue existed, or lost with it, the replay source is audit's ledger, which
records every event as it was published, in ledger order (`seq`), page by page, to a staff token
of a place that covers what is asked: everything about a place and what lies under it over the
days you were away, `GET /api/audit/v1/ledger/places/<place>?from=<day>&to=<day>` (then
`&cursor=<next_cursor>`), or one subject's events, `GET /api/audit/v1/ledger?subject=<case
number>`. Each entry's `event_id`, `type`, `source`, `time`, `subject`, `place`, `flow_version`
and `data` are the event's: apply them as if delivered, deduplicating on `event_id`."""


def _headers_schema() -> dict[str, Any]:
    props: dict[str, Any] = {HEADER_PREFIX + name: {"type": "string", "description": text}
                             for name, (text, _) in HEADERS.items()}
    props["traceparent"] = {"type": "string", "description": "W3C trace context of the request "
                            "that caused the event, when it was traced."}
    props["tracestate"] = {"type": "string", "description": "W3C trace state, beside "
                           "`traceparent` when the caller sent one."}
    required = [HEADER_PREFIX + name for name, (_, always) in HEADERS.items() if always]
    return {"type": "object", "description": READING, "properties": props,
            "required": required}


def _ordered_by_flow_version(model: type[EventData]) -> bool:
    return "flow_version" in model.model_fields


def asyncapi_document(registry: EventRegistry, services: dict[str, ServiceSpec[Any]],
                      *, namespace: str = "daiban") -> dict[str, Any]:
    """An AsyncAPI 3.0 document for the events exchange."""
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for model in registry.models():
        key = f"{model.event_type}.v{model.version}".replace(".", "_")
        message: dict[str, Any] = {
            "name": model.event_type,
            "title": f"{model.event_type} v{model.version}",
            "summary": (model.__doc__ or "").strip().splitlines()[0],
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
            "payload": {"$ref": f"schemas/{schema_file(model)}"},
            "correlationId": {"description": "the event's id", "location":
                              f"$message.header#/{HEADER_PREFIX}id"},
            "bindings": {"amqp": {"contentEncoding": "utf-8", "messageType": model.event_type,
                                  "bindingVersion": "0.3.0"}},
            "x-dataschema": model.schema_id(),
        }
        if _ordered_by_flow_version(model):
            message["x-ordering-key"] = "flow_version"
            message["description"] = ("Ordered per case by `flow_version`: apply N only after "
                                      "N-1.")
        messages[key] = message
        channels[key] = {
            "address": model.event_type,
            "servers": [{"$ref": "#/servers/broker"}],
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
            "description": "\n\n".join([
                "CloudEvents 1.0 in binary mode on one durable topic exchange"
                f" (`{namespace}.events`; the namespace is the installation's `BUS_NAMESPACE`);"
                " the routing key is the event type. Every event is delivered at least once:"
                " deduplicate on `cloudEvents_id`.",
                READING, VERSIONING, ORDERING, REPLAY]),
        },
        "defaultContentType": "application/json",
        "servers": {"broker": {
            "host": "{host}:{port}",
            "protocol": "amqp",
            "protocolVersion": "0-9-1",
            "pathname": "/",
            "title": "The installation's RabbitMQ",
            "description": "AMQP 0-9-1 on the virtual host `/` (the path of `AMQP_URL`); TLS "
                           "(`amqps`, port 5671) where the installation enables it.",
            "variables": {"host": {"default": "127.0.0.1",
                                   "description": "the broker's host name"},
                          "port": {"default": "5672", "enum": ["5672", "5671"]}},
            "security": [{"$ref": "#/components/securitySchemes/brokerAccount"}],
        }},
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "schemas": {"CloudEventHeaders": _headers_schema()},
            "securitySchemes": {"brokerAccount": {
                "type": "userPassword",
                "description": "A RabbitMQ user of the installation with read access to the "
                               "exchange and a queue of its own (never the guest account)."}},
        },
    }


class _ReadableDumper(yaml.SafeDumper):
    """Writes a text of several lines as a literal block, as it reads."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ReadableDumper.add_representer(str, _text)


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def rendered(registry: EventRegistry, services: dict[str, ServiceSpec[Any]]) -> dict[str, str]:
    """Relative path under docs/ → file text."""
    files = {f"events/schemas/{name}": _json(schema)
             for name, schema in json_schemas(registry).items()}
    files["events/asyncapi.yaml"] = yaml.dump(
        asyncapi_document(registry, services), Dumper=_ReadableDumper, sort_keys=False,
        allow_unicode=True, width=100)
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
