"""Field shapes shared by the wire models and the event contracts.

Patterns say ``[0-9]``, never ``\\d``: the validator's ``\\d`` also matches Arabic-Indic and
fullwidth digits, which no division code, case number or phone number contains. Free text refuses
control characters (Postgres cannot store NUL, and no name needs a tab).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.places import PLACE_CODE, VILLAGE_CODE

MASKED_ID_NUMBER = r"^[0-9]{6}\*{8}[0-9]{3}[0-9X]$"
PHONE = r"^1[0-9]{10}$|^0[0-9]{2,3}-?[0-9]{7,8}$"
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"

CaseNumber = Annotated[str, Field(pattern=CASE_NUMBER, examples=["110116-20261125-000001"])]
VillageCode = Annotated[str, Field(pattern=VILLAGE_CODE, examples=["110116111201"])]
PlaceCode = Annotated[str, Field(pattern=PLACE_CODE, examples=["110116111"])]
Phone = Annotated[str, Field(pattern=PHONE, examples=["13800138000"])]
PersonName = Annotated[str, Field(min_length=1, max_length=50, pattern=PLAIN_TEXT,
                                  examples=["李林珍"])]


def plain_text(max_length: int) -> object:
    """A ``Field`` for one line of free text of at most ``max_length`` characters."""
    return Field(min_length=1, max_length=max_length, pattern=PLAIN_TEXT)
