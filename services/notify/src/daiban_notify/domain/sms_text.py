"""An SMS as the network carries it: Chinese text is UCS-2, 70 characters in one message, 67 per
part when split (each part keeps 3 for the concatenation header); the provider's sign-name
(签名) leads the text and counts."""

from __future__ import annotations

from dataclasses import dataclass

SINGLE = 70
PART = 67


@dataclass(frozen=True)
class SmsText:
    """The text of one SMS, its sign-name included."""

    sign_name: str
    body: str

    @property
    def text(self) -> str:
        """What the resident's phone shows."""
        return f"【{self.sign_name}】{self.body}"

    @property
    def length(self) -> int:
        """Characters as UCS-2 counts them (one per UTF-16 unit)."""
        return len(self.text.encode("utf-16-le")) // 2

    @property
    def segments(self) -> int:
        """How many messages the network sends (and the provider bills)."""
        return 1 if self.length <= SINGLE else -(-self.length // PART)

    def parts(self) -> list[str]:
        """The text cut as the network cuts it."""
        text = self.text
        if self.length <= SINGLE:
            return [text]
        return [text[i:i + PART] for i in range(0, len(text), PART)]
