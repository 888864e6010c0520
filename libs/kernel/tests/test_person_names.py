"""Names on public pages keep their first and last characters only."""

from __future__ import annotations

import pytest

from daiban_kernel.person_names import mask_name


@pytest.mark.parametrize(("name", "shown"), [
    ("王小华", "王*华"), ("欧阳小华", "欧**华"), ("李四", "李*"), ("张", "张"),
    (" 王小华 ", "王*华"), ("阿卜杜热合曼", "阿****曼"),
])
def test_a_name_is_masked_but_its_first_and_last_characters(name: str, shown: str) -> None:
    assert mask_name(name) == shown


def test_a_masked_name_never_shows_a_middle_character() -> None:
    assert "小" not in mask_name("王小华")
