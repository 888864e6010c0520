"""Events about the ledger (台账) itself, owned by audit."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from daiban_kernel.events import EventData, registry


@registry.register
class LedgerCheckpointV1(EventData):
    """The ledger's Merkle tree was checkpointed: its size and root hash at a moment, signed.

    ``note`` is the whole C2SP signed note (tlog-checkpoint): anyone holding the public key
    ``verifier_key`` can check it, and later ask audit for consistency proofs from this size."""

    event_type = "ledger.checkpoint"
    version = 1

    origin: str = Field(min_length=1, max_length=200, description="the log's name")
    tree_size: int = Field(ge=0, description="entries the tree covers")
    root_hash: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$",
                           description="the tree's root, base64 (RFC 6962 SHA-256)")
    time: datetime
    note: str = Field(min_length=1, max_length=4000,
                      description="the signed note, as GET /v1/ledger/checkpoint serves it")
    verifier_key: str = Field(min_length=1, max_length=300,
                              description="name+keyid+base64(0x01 ‖ Ed25519 public key)")

    def subject(self) -> str:
        return f"ledger:{self.origin}"
