"""The CloudEvents 1.0 envelope and the registry of event data models.

Every event type has one pydantic model per version (``EventData`` subclasses in
``daiban_common.contracts``). On AMQP 0-9-1 the attributes travel as ``cloudEvents_*`` headers
(the CloudEvents AMQP binding, binary mode), the body is the JSON ``data``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
HEADER_PREFIX = "cloudEvents_"


class EventData(BaseModel):
    """Base of every event's data model; subclasses set ``event_type`` and ``version``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    version: ClassVar[int] = 1

    def subject(self) -> str | None:
        """The case number (or other key) the event is about; ordering is per subject."""
        return None

    def place(self) -> str | None:
        """The place code the event concerns, for place-scoped reading of the ledger."""
        return None

    @classmethod
    def schema_id(cls) -> str:
        """The ``dataschema`` URI of this type and version."""
        return f"urn:daiban:schema:{cls.event_type}:v{cls.version}"


class Envelope(BaseModel):
    """One CloudEvent: attributes plus the JSON data as a plain mapping."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    specversion: str = SPEC_VERSION
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = None
    datacontenttype: str = CONTENT_TYPE
    dataschema: str
    placecode: str | None = None
    data: dict[str, Any]

    @classmethod
    def wrap(cls, data: EventData, *, source: str) -> Envelope:
        """Wrap event data in a fresh envelope."""
        return cls(
            source=source,
            type=data.event_type,
            subject=data.subject(),
            dataschema=data.schema_id(),
            placecode=data.place(),
            data=data.model_dump(mode="json"),
        )

    def attribute_headers(self) -> dict[str, str]:
        """The CloudEvents attributes as AMQP application-property headers."""
        attrs = self.model_dump(mode="json", exclude={"data", "datacontenttype"}, exclude_none=True)
        return {HEADER_PREFIX + k: str(v) for k, v in attrs.items()}

    def body(self) -> bytes:
        """The JSON data as the message body."""
        return json.dumps(self.data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_amqp(cls, headers: Mapping[str, Any], body: bytes) -> Envelope:
        """Read an envelope from AMQP headers and body; MalformedEvent if it is not one."""
        attrs = {
            k[len(HEADER_PREFIX):]: _header_text(v)
            for k, v in headers.items()
            if k.startswith(HEADER_PREFIX)
        }
        try:
            data = json.loads(body)
            return cls(**attrs, data=data)
        except (ValueError, TypeError, ValidationError) as exc:
            raise MalformedEvent(str(exc)) from exc


class MalformedEvent(Exception):
    """A message that is not a valid CloudEvent; it goes straight to the parking lot."""


def _header_text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes) else value


class EventRegistry:
    """Maps ``(type, version)`` to the data model, so consumers parse what producers publish."""

    def __init__(self) -> None:
        self._models: dict[tuple[str, int], type[EventData]] = {}

    def register(self, model: type[EventData]) -> type[EventData]:
        """Add a model; usable as a class decorator."""
        key = (model.event_type, model.version)
        if key in self._models:
            raise ValueError(f"event {key} registered twice")
        self._models[key] = model
        return model

    def models(self) -> list[type[EventData]]:
        """Every registered model, ordered by type then version."""
        return [self._models[k] for k in sorted(self._models)]

    def parse(self, envelope: Envelope) -> EventData:
        """Validate an envelope's data against the model its ``dataschema`` names."""
        for model in self._models.values():
            if model.schema_id() == envelope.dataschema:
                try:
                    return model.model_validate(envelope.data)
                except ValidationError as exc:
                    raise MalformedEvent(str(exc)) from exc
        raise MalformedEvent(f"unknown dataschema {envelope.dataschema!r}")


registry = EventRegistry()
