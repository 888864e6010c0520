"""Phone numbers: an office's number (shown in full) and a person's (shown masked).

An office number is what a station puts on its notice board: a landline (010-69644000), a mobile
kept for the office, a five-digit government service number (12345, 12388) or a 400/800 line.
A staff member's number is personal: no response shows it unmasked (138****0001).
"""

from __future__ import annotations

import re

OFFICE_PHONE = (r"^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8}|1[0-9]{4}"
                r"|(400|800)-?[0-9]{3}-?[0-9]{4})$")
"""A mobile, a landline with its area code, a service number (12345) or a 400/800 line."""
_OFFICE = re.compile(OFFICE_PHONE)


def is_office_phone(phone: str) -> bool:
    """Whether ``phone`` is a number an office can be reached at (see ``OFFICE_PHONE``)."""
    return _OFFICE.fullmatch(phone) is not None


def mask_phone(phone: str) -> str:
    """A personal number as a response may show it: the first three and last four digits kept,
    ``138****0001`` (a number of seven digits or fewer is masked whole)."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
