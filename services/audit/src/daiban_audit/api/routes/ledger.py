"""The ledger as a verifiable log: its checkpoints, proofs, verification and export."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Body, Query
from fastapi.responses import PlainTextResponse, StreamingResponse
from pydantic import BaseModel, Field

from daiban_audit.api.deps import Auditor, AuditQueries, Staff
from daiban_audit.api.schemas import (
    CheckpointFindingOut,
    ConsistencyOut,
    InclusionOut,
    VerdictOut,
)
from daiban_audit.handlers import (
    CheckCheckpoint,
    ConsistencyBetween,
    ExportLedger,
    InclusionOf,
    LatestCheckpoint,
    VerifyLedger,
    export_line,
)
from daiban_kernel.errors import FieldProblem, InvalidInput

router = APIRouter(prefix="/v1/ledger", tags=["ledger"])
Size = Annotated[int, Query(ge=0, le=2**62)]
NOTE = "text/plain; charset=utf-8"


@router.get("/checkpoint", responses={200: {"content": {NOTE: {}}}})
async def latest_checkpoint(_: Staff, queries: AuditQueries) -> PlainTextResponse:
    """The latest signed checkpoint, as a C2SP signed note (tlog-checkpoint)."""
    found = await queries.latest_checkpoint(LatestCheckpoint())
    return PlainTextResponse(found.note(), media_type=NOTE)


@router.get("/key", responses={200: {"content": {NOTE: {}}}})
async def verifier_key(_: Staff, queries: AuditQueries) -> PlainTextResponse:
    """The log's public key as a note verifier reads it (name+keyid+base64 key)."""
    return PlainTextResponse(queries.verifier_key + "\n", media_type=NOTE)


@router.get("/proofs/inclusion", response_model=InclusionOut)
async def inclusion_proof(
    _: Staff, queries: AuditQueries,
    seq: Annotated[int | None, Query(ge=1, le=2**62, description="the entry's position")] = None,
    event_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    size: Annotated[int | None, Query(ge=1, le=2**62, description="the tree size (default: "
                                                                  "the latest checkpoint's)")]
    = None,
) -> InclusionOut:
    """The RFC 9162 inclusion proof of one entry in the tree of ``size`` entries."""
    if (seq is None) == (event_id is None):
        raise InvalidInput(FieldProblem("seq", "give seq or event_id, one of them"))
    return InclusionOut.from_domain(await queries.inclusion_proof(
        InclusionOf(seq=seq, event_id=event_id, size=size)))


@router.get("/proofs/consistency", response_model=ConsistencyOut)
async def consistency_proof(_: Staff, queries: AuditQueries, first: Size,
                            second: Size) -> ConsistencyOut:
    """The RFC 9162 proof that the tree of ``first`` entries is a prefix of ``second``'s."""
    return ConsistencyOut.from_domain(await queries.consistency_proof(
        ConsistencyBetween(first, second)))


class HeldCheckpoint(BaseModel):
    """A checkpoint someone holds, as the signed note."""

    checkpoint: str = Field(min_length=1, max_length=4000,
                            description="the signed note, as GET /v1/ledger/checkpoint served it")


@router.post("/checkpoints/check", response_model=CheckpointFindingOut)
async def check_checkpoint(_: Staff, queries: AuditQueries,
                           held: Annotated[HeldCheckpoint, Body()]) -> CheckpointFindingOut:
    """Check a checkpoint someone holds against the log as it is now (a malformed or foreign
    note is refused, naming what is wrong)."""
    return CheckpointFindingOut.from_domain(await queries.check_checkpoint(
        CheckCheckpoint(held.checkpoint)))


@router.get("/verify", response_model=VerdictOut)
async def verify(_: Staff, queries: AuditQueries) -> VerdictOut:
    """Recompute every leaf and every checkpoint's root; name the first entry that does not
    match."""
    return VerdictOut.from_domain(await queries.verify(VerifyLedger()))


@router.get("/export", responses={200: {"content": {"application/x-ndjson": {}}}})
async def export(_: Auditor, queries: AuditQueries) -> StreamingResponse:
    """The whole ledger, one JSON entry a line, for ``daiban ledger verify --offline``."""
    pages = await queries.export(ExportLedger())

    async def lines() -> AsyncIterator[str]:
        async for page in pages:
            yield "".join(export_line(e) for e in page)

    return StreamingResponse(lines(), media_type="application/x-ndjson")
