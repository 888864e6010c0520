"""Chinese notice templates, rendered with Jinja2 from the package's ``templates/`` folder."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


class TemplateRenderer:
    """Renders ``<name>.<channel>.j2``; a missing variable is an error, never a blank."""

    def __init__(self) -> None:
        self._env = Environment(loader=PackageLoader("daiban_notify", "templates"),
                                undefined=StrictUndefined,
                                autoescape=False,  # noqa: S701 - plain text for SMS and inbox, not HTML
                                keep_trailing_newline=False)

    def render(self, name: str, channel: str, **values: Any) -> str:
        """The text of one notice."""
        return self._env.get_template(f"{name}.{channel}.j2").render(**values).strip()
