"""Resident ID numbers (居民身份证号码, GB 11643): validation, masking, protection at rest."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

_ID_SHAPE = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)")


class InvalidIdNumber(ValueError):
    """Not a valid 18-digit resident ID number."""


def validate_id_number(value: str) -> str:
    """Return the normalised ID number, or raise InvalidIdNumber saying why."""
    number = value.strip().upper()
    try:
        if len(number) == 18 and number[:17].isdigit():
            ric.get_birth_date(number)  # a bad date is a clearer reason than a bad check digit
        return str(ric.validate(number))
    except StdnumError as exc:
        raise InvalidIdNumber(_reason(exc)) from exc


def _reason(exc: StdnumError) -> str:
    return {
        "InvalidChecksum": "the check digit does not match (GB 11643)",
        "InvalidLength": "must be 18 characters",
        "InvalidFormat": "must be 17 digits and a digit or X",
        "InvalidComponent": "the birth date (digits 7-14) is not a real date",
    }.get(type(exc).__name__, str(exc))


def mask_id_number(value: str) -> str:
    """Keep the region code and the last four characters: 110116********123X."""
    return value[:6] + "*" * 8 + value[-4:]


def mask_id_numbers_in(text: str) -> str:
    """Mask every ID-number-shaped run of digits in free text (logs)."""
    return _ID_SHAPE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text)


class IdNumberVault:
    """Encrypts ID numbers at rest and derives a keyed lookup hash, both from one secret."""

    def __init__(self, secret: str) -> None:
        digest = hashlib.sha256(secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))
        self._hmac_key = hashlib.sha256(b"lookup:" + secret.encode()).digest()

    def seal(self, id_number: str) -> bytes:
        """Ciphertext to store."""
        return self._fernet.encrypt(id_number.encode())

    def open(self, sealed: bytes) -> str:
        """The plain ID number, for the few places that must show or send it."""
        return self._fernet.decrypt(sealed).decode()

    def lookup_hash(self, id_number: str) -> str:
        """A stable keyed hash to find a resident without storing the number in clear."""
        return hmac.new(self._hmac_key, id_number.encode(), hashlib.sha256).hexdigest()
