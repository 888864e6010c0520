"""The link of the "please rate" SMS (请您评价): minted when the result is delivered, for that
case, usable until ``valid_days`` after the day of delivery (see daiban_kernel.rating_link)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from daiban_kernel.rating_link import mint_rating_link
from daiban_notify.domain.errors import RatingLinkNotMinted


@dataclass(frozen=True)
class RatingLinks:
    """Where residents reach the gateway, the secret intake verifies with, and how long a link
    lasts."""

    base_url: str
    secret: bytes
    valid_days: int

    def url(self, case_number: str, *, delivered_on: date) -> str:
        """The link for ``case_number`` delivered on ``delivered_on``: the same for the same
        delivery, so a redelivered event writes the same SMS; RatingLinkNotMinted for a day
        whose last day no link can carry."""
        try:
            token = mint_rating_link(case_number,
                                     expires_on=delivered_on + timedelta(days=self.valid_days),
                                     secret=self.secret)
        except (ValueError, OverflowError) as error:
            raise RatingLinkNotMinted(f"no rating link for a delivery on {delivered_on}: "
                                      f"{error}") from error
        return f"{self.base_url.rstrip('/')}/rate/{token}"
