"""The README's first steps work as written: the case number the ledger query needs is taken from
the answer to the POST, not left as a placeholder."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import uuid
from pathlib import Path
from typing import Any

from daiban_kernel.roles import Role

README = Path(__file__).resolve().parents[4] / "README.md"


def try_it() -> str:
    """The shell block after "Try it:"."""
    text = README.read_text(encoding="utf-8")
    return text.split("Try it:", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]


async def test_the_readme_takes_the_case_number_from_the_answer_to_the_post(api: Any) -> None:
    block = try_it()
    assert re.findall(r"<[a-z ]+>", block) == []
    posted = re.search(r"-d '(\{.*?\})'", block, re.DOTALL)
    assert posted is not None
    body = json.loads(posted.group(1))
    (snippet,) = re.findall(r"\| python3 -c '([^']+)'", block)
    assert re.search(r"ledger\?subject=\$NUMBER", block)
    token = api.auth(Role.VILLAGE_AGENT, body["village_code"], subject=f"readme-{uuid.uuid4().hex}")
    answer = await api.client.post("/v1/cases", json=body, headers=token)
    assert answer.status_code == 201, answer.text
    taken = await asyncio.create_subprocess_exec(
        sys.executable, "-c", snippet, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(taken.communicate(answer.content), timeout=30)
    assert taken.returncode == 0, err.decode()
    assert out.decode().strip() == answer.json()["number"]
