"""Resident ID numbers are validated by GB 11643, masked everywhere, sealed at rest."""

import pytest

from daiban_common.pii import (
    IdNumberVault,
    InvalidIdNumber,
    mask_id_number,
    mask_id_numbers_in,
    validate_id_number,
)

VALID = "11010519491231002X"


def test_a_valid_id_number_is_normalised_to_upper_case() -> None:
    assert validate_id_number(VALID.lower()) == VALID


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("110105194912310021", "check digit"),
        ("11010519491231002", "18 characters"),
        ("11010519491331002X", "birth date"),
        ("1101051949123100AX", "17 digits"),
    ],
)
def test_an_invalid_id_number_is_refused_with_the_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidIdNumber, match=reason):
        validate_id_number(value)


def test_masking_keeps_the_region_and_the_last_four() -> None:
    assert mask_id_number(VALID) == "110105********002X"


def test_id_numbers_in_free_text_are_masked_but_other_numbers_are_not() -> None:
    text = f"申请人 {VALID} 电话 13800138000 案件 110116-20261125-000001"
    masked = mask_id_numbers_in(text)
    assert VALID not in masked
    assert "110105********002X" in masked
    assert "13800138000" in masked
    assert "110116-20261125-000001" in masked


def test_the_vault_round_trips_and_never_stores_the_number_in_clear() -> None:
    vault = IdNumberVault("a test secret")
    sealed = vault.seal(VALID)
    assert VALID.encode() not in sealed
    assert vault.open(sealed) == VALID


def test_the_lookup_hash_is_stable_and_depends_on_the_secret() -> None:
    one, other = IdNumberVault("one"), IdNumberVault("other")
    assert one.lookup_hash(VALID) == one.lookup_hash(VALID)
    assert one.lookup_hash(VALID) != other.lookup_hash(VALID)
