"""Rating links: what notify mints, intake verifies for that case only, until its day, and
nothing altered, cut short or made up passes."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daiban_kernel.errors import RatingLinkExpired, RatingLinkInvalid
from daiban_kernel.rating_link import (
    TOKEN_LENGTH,
    RatingLink,
    mint_rating_link,
    verify_rating_link,
)

SECRET = b"a-test-secret-of-enough-length"
NUMBER = "110116-20250301-000042"
DAY = date(2025, 3, 31)

numbers = st.builds(lambda county, day, seq: f"{county:06d}-{day:%Y%m%d}-{seq:06d}",
                    st.integers(0, 999_999), st.dates(date(2000, 1, 1), date(2099, 12, 31)),
                    st.integers(0, 999_999))
days = st.dates(date(1970, 1, 1), date(2149, 6, 1))


@given(numbers, days)
def test_a_minted_link_verifies_to_its_case_and_day(number: str, expires_on: date) -> None:
    token = mint_rating_link(number, expires_on=expires_on, secret=SECRET)
    assert len(token) == TOKEN_LENGTH
    assert verify_rating_link(token, secret=SECRET, today=expires_on) == RatingLink(
        number, expires_on)


def test_a_link_is_short_enough_for_an_sms() -> None:
    token = mint_rating_link(NUMBER, expires_on=DAY, secret=SECRET)
    assert len(token) == 32
    assert token.isascii()
    assert "=" not in token


def test_a_link_can_be_used_on_its_last_day_and_not_after() -> None:
    token = mint_rating_link(NUMBER, expires_on=DAY, secret=SECRET)
    assert verify_rating_link(token, secret=SECRET, today=DAY).case_number == NUMBER
    with pytest.raises(RatingLinkExpired) as expired:
        verify_rating_link(token, secret=SECRET, today=DAY + timedelta(days=1))
    assert expired.value.status == 410
    assert expired.value.extensions == {"expires_on": "2025-03-31"}


def test_a_link_minted_with_another_secret_is_invalid() -> None:
    token = mint_rating_link(NUMBER, expires_on=DAY, secret=b"another-secret-of-some-length")
    with pytest.raises(RatingLinkInvalid) as invalid:
        verify_rating_link(token, secret=SECRET, today=DAY)
    assert invalid.value.status == 404


def _with(token: str, *, body: bytes | None = None, tag: bytes | None = None) -> str:
    raw = base64.urlsafe_b64decode(token)
    return base64.urlsafe_b64encode((body or raw[:12]) + (tag or raw[12:])).decode()


def test_a_link_moved_to_another_case_or_a_later_day_is_invalid() -> None:
    token = mint_rating_link(NUMBER, expires_on=DAY, secret=SECRET)
    other = mint_rating_link("110116-20250301-000043", expires_on=DAY + timedelta(days=400),
                             secret=SECRET)
    # the other link's case and day with this link's tag: a forgery
    forged = _with(token, body=base64.urlsafe_b64decode(other)[:12])
    with pytest.raises(RatingLinkInvalid):
        verify_rating_link(forged, secret=SECRET, today=DAY)


@given(st.integers(0, 23), st.integers(1, 255))
def test_any_altered_byte_makes_the_link_invalid(position: int, flip: int) -> None:
    raw = bytearray(base64.urlsafe_b64decode(
        mint_rating_link(NUMBER, expires_on=DAY, secret=SECRET)))
    raw[position] ^= flip
    with pytest.raises(RatingLinkInvalid):
        verify_rating_link(base64.urlsafe_b64encode(bytes(raw)).decode(), secret=SECRET,
                           today=DAY)


@given(st.integers(0, TOKEN_LENGTH - 1))
def test_a_link_cut_short_is_invalid(length: int) -> None:
    token = mint_rating_link(NUMBER, expires_on=DAY, secret=SECRET)
    with pytest.raises(RatingLinkInvalid):
        verify_rating_link(token[:length], secret=SECRET, today=DAY)


@given(st.text(max_size=64))
def test_anything_made_up_is_invalid_never_a_crash(token: str) -> None:
    with pytest.raises(RatingLinkInvalid):
        verify_rating_link(token, secret=SECRET, today=DAY)


def test_an_expired_forgery_is_invalid_not_expired() -> None:
    token = mint_rating_link(NUMBER, expires_on=DAY, secret=b"another-secret-of-some-length")
    with pytest.raises(RatingLinkInvalid):
        verify_rating_link(token, secret=SECRET, today=DAY + timedelta(days=30))


@pytest.mark.parametrize("number", ["110116-2025030-000042", "x", "110116-20250301-0000421"])
def test_only_a_case_number_is_minted_into_a_link(number: str) -> None:
    with pytest.raises(ValueError, match="not a case number"):
        mint_rating_link(number, expires_on=DAY, secret=SECRET)
