"""A person's name as public pages show it: the first and last characters, the rest masked.

王小华 → 王*华, 欧阳小华 → 欧**华, 李四 → 李*, 张 → 张 (one character says nothing more).
"""

from __future__ import annotations


def mask_name(name: str) -> str:
    """The name with every character but the first and the last replaced by ``*`` (a name of
    two characters keeps only its first)."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
