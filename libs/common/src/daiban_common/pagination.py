"""Cursor pagination: an opaque cursor that names the last item a page showed."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from daiban_kernel.errors import FieldProblem, InvalidInput

Limit = Annotated[int, Query(ge=1, le=500, description="items per page")]
Cursor = Annotated[str | None, Query(max_length=200, description="from a page's next_cursor")]


def encode_cursor(position: dict[str, Any]) -> str:
    """An opaque cursor for a position."""
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str | None, *, fields: dict[str, type[int] | type[str]]
                  ) -> dict[str, Any] | None:
    """The position a cursor names, each field of its type; InvalidInput if it is forged."""
    if cursor is None:
        return None
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(FieldProblem("cursor", "not a cursor this service issued")) from exc
    if not isinstance(position, dict) or set(position) != set(fields) or not all(
        _is_position_value(position[k], fields[k]) for k in fields
    ):
        raise InvalidInput(FieldProblem("cursor", "not a cursor this service issued"))
    return position


def _is_position_value(value: object, kind: type[int] | type[str]) -> bool:
    if kind is int:
        return type(value) is int and 0 <= value < 2**63
    return type(value) is str and 0 < len(value) <= 128 and value.isprintable()


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of items and the cursor of the next page, if any."""

    items: list[T]
    next_cursor: str | None = None
