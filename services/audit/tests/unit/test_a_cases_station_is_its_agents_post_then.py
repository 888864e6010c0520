"""A case's station is its agent's post when they took it: the newest version of their record
published by then, or, for a case taken before any record audit heard of, the oldest one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
