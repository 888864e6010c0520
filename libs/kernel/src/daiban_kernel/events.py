"""Event data models and their registry: the published contracts' common base.

Every event type has one pydantic model per version (``EventData`` subclasses in
``daiban_kernel.contracts``); the registry maps a ``dataschema`` back to its model, so a consumer
parses exactly what the producer published. The envelope that carries them on the broker is the
runtime's (``daiban_common.envelope``).
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError


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


class MalformedEvent(Exception):
    """A message that is not a valid CloudEvent; it goes straight to the parking lot."""


class Published(Protocol):
    """What the registry needs of an envelope to find and validate its data."""

    @property
    def dataschema(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...


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

    def parse(self, envelope: Published) -> EventData:
        """Validate an envelope's data against the model its ``dataschema`` names."""
        for model in self._models.values():
            if model.schema_id() == envelope.dataschema:
                try:
                    return model.model_validate(envelope.data)
                except ValidationError as exc:
                    raise MalformedEvent(str(exc)) from exc
        raise MalformedEvent(f"unknown dataschema {envelope.dataschema!r}")


registry = EventRegistry()
