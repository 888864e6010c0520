"""A case's station is its agent's post when they took it: the newest version of their record
published by then, or, for a case taken before any record audit heard of, the oldest one. A post
is read from a staff record as routing's contract writes it; one the contract refuses is none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from daiban_audit.domain.station_ledger import StaffPost, post_at

OCT = datetime(2026, 10, 1, tzinfo=UTC)
FIRST = StaffPost("110116-0001", 1, "110116101001-01", "李代办", OCT)
ABSENT = StaffPost("110116-0001", 2, "110116101001-01", "李代办", OCT + timedelta(days=5))
MOVED = StaffPost("110116-0001", 3, "110116102001-01", "李代办", OCT + timedelta(days=30))


def test_the_newest_post_published_by_then_counts() -> None:
    posts = [MOVED, FIRST, ABSENT]
    assert post_at(posts, OCT + timedelta(days=10)) == ABSENT
    assert post_at(posts, OCT + timedelta(days=30)) == MOVED


def test_a_case_taken_before_any_known_record_goes_to_the_first_post() -> None:
    assert post_at([MOVED, ABSENT], OCT) == ABSENT
    assert post_at([], OCT) is None


def record(**change: Any) -> dict[str, Any]:
    """A staff record as a staff.* event carries it."""
    return {"staff_id": "110116-0001", "name": "李代办", "phone": "13800000000",
            "role": "village_agent", "station_code": "110116101001-01",
            "place_code": "110116101001", "skills": [], "partner_id": None, "duty": "on_duty",
            "active": True, "version": 1, **change}


def test_a_post_is_read_from_the_staff_record_passing_over_fields_it_does_not_know() -> None:
    assert StaffPost.of_snapshot(record(title="代办员"), OCT) == FIRST


@pytest.mark.parametrize("change", [
    {"name": "李" * 51}, {"staff_id": "1" * 65}, {"station_code": "110116101001-01" + "0" * 18},
    {"name": ""}, {"version": "one"},
])
def test_a_record_the_contract_refuses_gives_no_post(change: dict[str, Any]) -> None:
    # a ValidationError is a ValueError: the read model leaves the event out of the reports
    assert issubclass(ValidationError, ValueError)
    with pytest.raises(ValidationError):
        StaffPost.of_snapshot(record(**change), OCT)


def test_a_version_the_read_model_cannot_hold_gives_no_post() -> None:
    with pytest.raises(ValueError, match="version is at most 2147483647"):
        StaffPost.of_snapshot(record(version=2**31), OCT)


def test_a_record_that_is_not_an_object_gives_no_post() -> None:
    with pytest.raises(TypeError):
        StaffPost.of_snapshot(["110116-0001"], OCT)
