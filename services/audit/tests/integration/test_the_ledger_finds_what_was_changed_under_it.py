"""The database refuses to change the ledger, even for its owner; and a row a superuser changed
after lifting the trigger, a removed row and a swapped pair are found by verify, which names
them, online and offline with only an export, a checkpoint and the public key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from daiban_audit.domain.checkpoint import VerifierKey, verifier_key
from daiban_audit.handlers import IssueCheckpoint, RecordBatch
from daiban_common.envelope import Envelope

from .conftest import AuditApi

T0 = datetime(2026, 11, 25, 1, tzinfo=UTC)
FORCE = IssueCheckpoint(every_entries=1, every_seconds=1, force=True)


def event(n: int) -> Envelope:
    return Envelope(id=f"ev-{n}", source="/daiban/test", type="test.ping",
                    subject=f"110116-20261125-{n:06d}", placecode="110116104201",
                    dataschema="urn:daiban:schema:test.ping:v1", time=T0 + timedelta(minutes=n),
                    data={"n": n})


async def six_entries_checkpointed(api: AuditApi) -> str:
    await api.service.commands.record_batch(RecordBatch([event(n) for n in range(1, 7)]))
    signed = await api.service.commands.issue_checkpoint(FORCE)
    assert signed is not None
    return signed.note()


async def test_update_delete_and_truncate_are_refused_even_for_the_owner(api: AuditApi) -> None:
    await six_entries_checkpointed(api)
    for sql in ("UPDATE audit.ledger SET data = '{}' WHERE seq = 2",
                "DELETE FROM audit.ledger WHERE seq = 2", "TRUNCATE audit.ledger",
                "DELETE FROM audit.checkpoint", "UPDATE audit.checkpoint SET note = ''"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await api.superuser_sql(sql)
    verdict = (await api.client.get("/v1/ledger/verify", headers=api.auth())).json()
    assert verdict["ok"] is True
    assert verdict["entries"] == 6
    assert verdict["checkpoints_verified"] == 1


LIFT = "ALTER TABLE audit.ledger DISABLE TRIGGER ledger_append_only"
RESTORE = "ALTER TABLE audit.ledger ENABLE TRIGGER ledger_append_only"
FORGERIES = {
    "changed": ([LIFT, """UPDATE audit.ledger SET data = '{"n": 999}' WHERE seq = 3""", RESTORE],
                3),
    "removed": ([LIFT, "DELETE FROM audit.ledger WHERE seq = 4", RESTORE], 4),
    "swapped": ([LIFT, "UPDATE audit.ledger SET seq = -1 WHERE seq = 2",
                 "UPDATE audit.ledger SET seq = 2 WHERE seq = 5",
                 "UPDATE audit.ledger SET seq = 5 WHERE seq = -1", RESTORE], 2),
}


def offline(*args: str) -> subprocess.CompletedProcess[str]:
    """``daiban ledger verify`` as an outside party runs it: no database reachable."""
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    return subprocess.run([sys.executable, "-m", "daiban_common.cli", "ledger", "verify", *args],
                          env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def api(audit_api: AuditApi) -> AuditApi:
    return audit_api


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
async def test_verify_names_the_first_forged_entry_online_and_offline(
        api: AuditApi, forgery: str, tmp_path: Path) -> None:
    note = await six_entries_checkpointed(api)
    statements, named = FORGERIES[forgery]
    await api.superuser_sql(*statements)

    verdict = (await api.client.get("/v1/ledger/verify", headers=api.auth())).json()
    assert verdict["ok"] is False
    assert verdict["first_bad_seq"] == named

    export = await api.client.get("/v1/ledger/export", headers=api.auth())
    assert export.status_code == 200
    (tmp_path / "ledger.jsonl").write_text(export.text, encoding="utf-8")
    (tmp_path / "checkpoint.txt").write_text(note, encoding="utf-8")
    key = (await api.client.get("/v1/ledger/key", headers=api.auth())).text
    result = offline("--offline", str(tmp_path / "ledger.jsonl"),
                     "--checkpoint", str(tmp_path / "checkpoint.txt"), "--key", key.strip())
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["first_bad_seq"] == named


async def test_an_untouched_export_verifies_offline_and_a_foreign_key_is_refused(
        api: AuditApi, tmp_path: Path) -> None:
    note = await six_entries_checkpointed(api)
    export = await api.client.get("/v1/ledger/export", headers=api.auth())
    (tmp_path / "ledger.jsonl").write_text(export.text, encoding="utf-8")
    key = (await api.client.get("/v1/ledger/key", headers=api.auth())).text.strip()
    (tmp_path / "checkpoint.txt").write_text(note, encoding="utf-8")
    ok = offline("--offline", str(tmp_path / "ledger.jsonl"),
                 "--checkpoint", str(tmp_path / "checkpoint.txt"), "--key", key)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["checkpoints"] == 1
    other = VerifierKey("other.example/log", b"\x07" * 32)
    refused = offline("--offline", str(tmp_path / "ledger.jsonl"),
                      "--checkpoint", str(tmp_path / "checkpoint.txt"),
                      "--key", verifier_key(other.name, other.public_key))
    assert refused.returncode == 2
    assert "not signed by other.example/log" in refused.stderr
