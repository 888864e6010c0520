"""The rating link (评价链接): a short token that lets a resident rate one case without logging
in. Notify mints it into the "please rate" SMS; intake verifies it when the resident opens it.

The token is 32 base64url characters: 24 bytes of which 12 say what the link is for and 12 are
the tag that proves a holder of the deployment's secret wrote them::

    version (1 byte) | case number as a 20-digit integer (9 bytes) |
    expiry as days since 1970-01-01 (2 bytes) | HMAC-SHA256(secret, label + those 12)[:12]

Pure: no clock (the caller says what day it is), no I/O, no settings.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, timedelta

from daiban_kernel.errors import RatingLinkExpired, RatingLinkInvalid

VERSION = 1
TAG_BYTES = 12
"""96 bits of HMAC-SHA256: forging a tag takes 2**95 guesses on average, each one an HTTP call."""
TOKEN_LENGTH = 32
"""Characters of a token (24 bytes, base64url without padding)."""
TOKEN = r"^[A-Za-z0-9_-]{32}$"  # noqa: S105 (a pattern, not a secret)
"""A token's shape, for route parameters."""
_LABEL = b"daiban:rating-link:"
_EPOCH = date(1970, 1, 1)
_CASE_BYTES = 9
_DAY_BYTES = 2
_NUMBER = re.compile(r"([0-9]{6})-([0-9]{8})-([0-9]{6})")
_TOKEN = re.compile(TOKEN)


@dataclass(frozen=True)
class RatingLink:
    """What a verified link is for: the case to rate, and the last day it may be used."""

    case_number: str
    expires_on: date


def mint_rating_link(case_number: str, *, expires_on: date, secret: bytes) -> str:
    """The token for rating ``case_number`` up to and including ``expires_on``."""
    match = _NUMBER.fullmatch(case_number)
    if match is None:
        raise ValueError(f"{case_number!r} is not a case number")
    days = (expires_on - _EPOCH).days
    if not 0 <= days < 2 ** (8 * _DAY_BYTES):
        raise ValueError(f"{expires_on} is outside what a rating link can carry")
    body = (bytes([VERSION]) + int("".join(match.groups())).to_bytes(_CASE_BYTES, "big")
            + days.to_bytes(_DAY_BYTES, "big"))
    return base64.urlsafe_b64encode(body + _tag(body, secret)).decode("ascii")


def verify_rating_link(token: str, *, secret: bytes, today: date) -> RatingLink:
    """The link ``token`` stands for; RatingLinkInvalid if it is not one this deployment minted
    (malformed, truncated, altered), RatingLinkExpired if it is but ``today`` is past its day."""
    if not _TOKEN.fullmatch(token):
        raise RatingLinkInvalid("this rating link is not one Daiban sent")
    try:
        raw = base64.urlsafe_b64decode(token)
    except (binascii.Error, ValueError) as exc:
        raise RatingLinkInvalid("this rating link is not one Daiban sent") from exc
    body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(body, secret)) or body[0] != VERSION:
        raise RatingLinkInvalid("this rating link is not one Daiban sent")
    digits = f"{int.from_bytes(body[1:1 + _CASE_BYTES], 'big'):020d}"
    expires_on = _EPOCH + timedelta(days=int.from_bytes(body[1 + _CASE_BYTES:], "big"))
    if len(digits) != 20:
        raise RatingLinkInvalid("this rating link is not one Daiban sent")
    link = RatingLink(f"{digits[:6]}-{digits[6:14]}-{digits[14:]}", expires_on)
    if today > expires_on:
        raise RatingLinkExpired(f"this rating link expired on {expires_on}",
                                expires_on=expires_on.isoformat())
    return link


def _tag(body: bytes, secret: bytes) -> bytes:
    return hmac.new(secret, _LABEL + body, hashlib.sha256).digest()[:TAG_BYTES]
