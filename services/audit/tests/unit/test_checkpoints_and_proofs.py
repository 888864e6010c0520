"""Checkpoints are signed notes any note verifier reads; proofs hang from them; bad input is
refused by name."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daiban_audit.bootstrap import signature_check
from daiban_audit.domain import merkle
from daiban_audit.domain.checkpoint import SignedCheckpoint, VerifierKey, verifier_key
from daiban_audit.domain.errors import (
    EntryNotFound,
    MalformedCheckpoint,
    NoCheckpointYet,
    TreeSizeBeyondLog,
)
from daiban_audit.handlers import (
    ConsistencyBetween,
    InclusionOf,
    IssueCheckpoint,
    LatestCheckpoint,
    RecordBatch,
)
from daiban_common.envelope import Envelope
from daiban_kernel.contracts.ledger import LedgerCheckpointV1

DUE = IssueCheckpoint(every_entries=3, every_seconds=60)


def event(n: int) -> Envelope:
    return Envelope(id=f"e{n}", source="/daiban/test", type="test.ping", subject=f"s-{n}",
                    dataschema="urn:daiban:schema:test.ping:v1", placecode="110116104201",
                    time=datetime(2026, 11, 20, tzinfo=UTC), data={"n": n})


async def record(audit: Any, *numbers: int) -> None:
    await audit.commands.record_batch(RecordBatch([event(n) for n in numbers]))


async def test_a_checkpoint_is_a_signed_note_of_size_root_and_time(audit: Any, uow: Any) -> None:
    await record(audit, 1, 2, 3)
    signed = await audit.commands.issue_checkpoint(DUE)
    assert signed is not None
    note = signed.note()
    lines = note.split("\n")
    assert lines[:2] == ["daiban.local/ledger", "3"]
    assert base64.b64decode(lines[2]) == merkle.root(await uow.ledger.leaf_hashes(3))
    assert lines[3] == "time 2026-11-20T09:30:00Z"
    assert lines[4] == ""
    assert lines[5].startswith("\u2014 daiban.local/ledger ")
    key = VerifierKey.parse(audit.queries.verifier_key)
    parsed = SignedCheckpoint.parse(note)
    signature = parsed.signature_by(key)
    assert signature is not None
    assert signature_check()(key, parsed.checkpoint.text().encode(), signature.signature)
    assert not signature_check()(key, note.replace("\n3\n", "\n4\n", 1).encode(),
                                 signature.signature)
    [published] = uow.committed
    assert isinstance(published, LedgerCheckpointV1)
    assert published.note == note


async def test_checkpoints_come_every_n_entries_or_t_seconds_and_never_for_nothing(
        audit: Any, moment: Any) -> None:
    await record(audit, 1)
    assert await audit.commands.issue_checkpoint(DUE) is not None  # the first: whatever size
    assert await audit.commands.issue_checkpoint(DUE) is None  # nothing new
    await record(audit, 2)
    assert await audit.commands.issue_checkpoint(DUE) is None  # 1 entry, 0 seconds
    moment.advance(timedelta(seconds=61))
    assert (await audit.commands.issue_checkpoint(DUE)).checkpoint.size == 2
    await record(audit, 3, 4, 5)
    assert (await audit.commands.issue_checkpoint(DUE)).checkpoint.size == 5


async def test_proofs_check_against_the_checkpoint(audit: Any) -> None:
    await record(audit, *range(1, 8))
    signed = await audit.commands.issue_checkpoint(DUE)
    await record(audit, *range(8, 12))
    proof = await audit.queries.inclusion_proof(InclusionOf(event_id="e5"))
    assert proof.size == 7
    assert proof.root == signed.checkpoint.root
    assert merkle.verify_inclusion(proof.seq - 1, proof.size, proof.leaf_hash, proof.path,
                                   signed.checkpoint.root)
    later = await audit.queries.consistency_proof(ConsistencyBetween(7, 11))
    assert later.first_root == signed.checkpoint.root
    assert merkle.verify_consistency(7, 11, later.first_root, later.second_root, later.path)


async def test_bad_requests_for_proofs_are_refused_by_name(audit: Any) -> None:
    with pytest.raises(NoCheckpointYet):
        await audit.queries.latest_checkpoint(LatestCheckpoint())
    await record(audit, 1, 2)
    with pytest.raises(EntryNotFound):
        await audit.queries.inclusion_proof(InclusionOf(seq=3))
    with pytest.raises(EntryNotFound):
        await audit.queries.inclusion_proof(InclusionOf(event_id="nobody"))
    with pytest.raises(TreeSizeBeyondLog) as beyond:
        await audit.queries.inclusion_proof(InclusionOf(seq=1, size=9))
    assert beyond.value.problems[0].field == "size"
    with pytest.raises(TreeSizeBeyondLog) as second:
        await audit.queries.consistency_proof(ConsistencyBetween(1, 3))
    assert second.value.problems[0].field == "second"


@pytest.mark.parametrize(("note", "reason"), [
    ("", "a note is text"),
    ("o\n3\nAAAA\ntime 2026-11-20T09:30:00Z\n\n\u2014 o AAAAAAA=\n", "32 bytes"),
    ("o\nthree\n" + "A" * 43 + "=\ntime 2026-11-20T09:30:00Z\n\n\u2014 o AAAAAAA=\n",
     "decimal"),
    ("o\n3\n" + "A" * 43 + "=\n\n\u2014 o AAAAAAA=\n", "no time line"),
    ("o\n3\n" + "A" * 43 + "=\ntime 2026-11-20T09:30:00Z\n\n- o AAAAAAA=\n", "em dash"),
    ("o\n3\n" + "A" * 43 + "=\ntime 2026-11-20T09:30:00Z\n\n\u2014 o AAAAAAA=", "newline"),
])
def test_a_malformed_checkpoint_is_refused_saying_what_is_wrong(note: str, reason: str) -> None:
    with pytest.raises(MalformedCheckpoint) as refused:
        SignedCheckpoint.parse(note)
    assert refused.value.problems[0].field == "checkpoint"
    assert reason in refused.value.problems[0].reason


@given(st.binary(min_size=32, max_size=32))
def test_every_verifier_key_reads_back_whatever_its_base64_holds(public_key: bytes) -> None:
    key = VerifierKey.parse(verifier_key("daiban.local/ledger", public_key))
    assert key == VerifierKey("daiban.local/ledger", public_key)


async def test_the_next_checkpoint_reads_only_the_entries_since_the_last(audit: Any,
                                                                         uow: Any) -> None:
    await record(audit, 1, 2, 3)
    await audit.commands.issue_checkpoint(DUE)
    await record(audit, 4, 5, 6, 7)
    untouched = merkle.root(await uow.ledger.leaf_hashes(7))
    uow.ledger.rows[0] = uow.ledger.rows[1]  # were the first entries read again, it would show
    signed = await audit.commands.issue_checkpoint(DUE)
    assert signed.checkpoint.size == 7
    assert signed.checkpoint.root == untouched
