"""The templates, listed and previewed with sample values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.sms_text import SmsText
from daiban_notify.ports import TemplateRenderer, UnitOfWork


@dataclass(frozen=True)
class ListTemplates:
    """Every (template, channel)."""


@dataclass(frozen=True)
class PreviewTemplate:
    """One template rendered with the caller's values."""

    name: str
    channel: DeliveryChannel
    values: dict[str, Any]


@dataclass(frozen=True)
class Preview:
    """The text as it would go out; for SMS its length and segments."""

    text: str
    length: int
    segments: int


async def list_templates(_: ListTemplates, __: UnitOfWork, *,
                         templates: TemplateRenderer) -> list[tuple[str, DeliveryChannel]]:
    """Every template there is."""
    return templates.names()


async def preview_template(query: PreviewTemplate, _: UnitOfWork, *,
                           templates: TemplateRenderer, sign_name: str) -> Preview:
    """The text of a template with the given values (a missing one is a 422)."""
    text = templates.render(query.name, query.channel, query.values)
    if query.channel is DeliveryChannel.SMS:
        sms = SmsText(sign_name, text)
        return Preview(sms.text, sms.length, sms.segments)
    return Preview(text, len(text), 1)
