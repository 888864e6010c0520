"""Cursors are opaque, round-trip, and a forged one is a named 422."""

import pytest

from daiban_common.pagination import decode_cursor, encode_cursor
from daiban_kernel.errors import InvalidInput


def test_a_cursor_round_trips() -> None:
    assert decode_cursor(encode_cursor({"seq": 42}), fields={"seq": int}) == {"seq": 42}


def test_no_cursor_means_the_first_page() -> None:
    assert decode_cursor(None, fields={"seq": int}) is None


@pytest.mark.parametrize("cursor", ["!!!", "bm90IGpzb24", encode_cursor({"other": 1}),
                                    encode_cursor({"seq": "7"}), encode_cursor({"seq": 2**63}),
                                    encode_cursor({"seq": True})])
def test_a_cursor_this_service_did_not_issue_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_cursor(cursor, fields={"seq": int})
    assert refused.value.problems[0].field == "cursor"
