"""Where a test's caller sits: a place of the tier its role works at."""

from __future__ import annotations

from daiban_kernel.places import PlaceCode
from daiban_kernel.roles import Role, works_at

HUAIROU = "110116"
"""怀柔区, the demo county."""


def placed(role: Role, county: str = HUAIROU) -> str:
    """The widest place in ``county`` that ``role`` works at (a token's place is of its role's
    tier): the county itself, else its town ``<county>104``, else that town's village
    ``<county>104201``."""
    return next(code for code in (county, f"{county}104", f"{county}104201")
                if works_at(role, PlaceCode(code).tier))
