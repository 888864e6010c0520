"""Chinese notice templates, rendered with Jinja2 from the package's ``templates/`` folder."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    UndefinedError,
)
from jinja2 import (
    TemplateNotFound as JinjaTemplateNotFound,
)

from daiban_kernel.china import CHINA
from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.errors import TemplateNotFound, TemplateValuesMissing


def china_day(value: datetime | date | str) -> str:
    """A day as residents read it: ``2026年12月1日`` (a moment counted in China time)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(CHINA).date()
    return f"{value.year}年{value.month}月{value.day}日"


class JinjaTemplates:
    """Renders ``<name>.<channel>.j2``; a missing variable is an error, never a blank."""

    def __init__(self) -> None:
        self._env = Environment(loader=PackageLoader("daiban_notify", "templates"),
                                undefined=StrictUndefined,
                                autoescape=False,  # noqa: S701 - plain text for SMS and inbox, not HTML
                                keep_trailing_newline=False)
        self._env.filters["day"] = china_day

    def render(self, name: str, channel: DeliveryChannel, values: dict[str, Any]) -> str:
        """The text of one notice."""
        try:
            template = self._env.get_template(f"{name}.{channel.value}.j2")
        except JinjaTemplateNotFound as error:
            raise TemplateNotFound(f"no template {name!r} for the {channel.value} channel"
                                   ) from error
        try:
            return template.render(**values).strip()
        except UndefinedError as error:
            raise TemplateValuesMissing(str(error.message or "a value")) from error

    def names(self) -> list[tuple[str, DeliveryChannel]]:
        """Every (template, channel) in the folder."""
        found = []
        for file in self._env.list_templates(extensions=["j2"]):
            name, channel, _ = file.rsplit(".", 2)
            found.append((name, DeliveryChannel(channel)))
        return sorted(found)
