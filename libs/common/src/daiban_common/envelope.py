"""The CloudEvents 1.0 envelope every event travels in.

On AMQP 0-9-1 the attributes travel as ``cloudEvents_*`` headers (the CloudEvents AMQP binding,
binary mode), the body is the JSON ``data``; the data models are the kernel's contracts
(``daiban_kernel.events``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from daiban_kernel.events import EventData, MalformedEvent

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
HEADER_PREFIX = "cloudEvents_"


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


def _header_text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes) else value
