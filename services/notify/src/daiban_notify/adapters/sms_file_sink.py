"""SMS for development: each message appended as one JSON line to a file, nothing sent."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from daiban_notify.domain.errors import ChannelUnavailable
from daiban_notify.domain.sms_text import SmsText
from daiban_notify.ports import OutgoingMessage


class SmsFileSink:
    """Writes what would be sent, with its segment count, to ``path``."""

    def __init__(self, path: Path, *, sign_name: str) -> None:
        self._path = path
        self._sign_name = sign_name

    async def send(self, message: OutgoingMessage) -> None:
        """Append the message (the phone in full: the file stands in for the handset)."""
        sms = SmsText(self._sign_name, _body(message.text, self._sign_name))
        line = json.dumps({"id": message.delivery_id, "to": message.address, "text": sms.text,
                           "segments": sms.segments, "at": message.sent_at.isoformat()},
                          ensure_ascii=False)
        try:
            await asyncio.to_thread(self._append, line)
        except OSError as error:
            raise ChannelUnavailable(f"cannot write the SMS file: {error.strerror}") from error

    def _append(self, line: str) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")


def _body(text: str, sign_name: str) -> str:
    prefix = f"【{sign_name}】"
    return text[len(prefix):] if text.startswith(prefix) else text
