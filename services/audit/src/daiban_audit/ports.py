"""What audit's handlers need from outside: the ledger and its checkpoints on one unit of work,
and the key that signs checkpoints. The adapters and the test fakes both provide them; each
repository port has one contract test suite run against both."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from daiban_audit.domain.case_record import CaseRecord, PlaceNode
from daiban_audit.domain.checkpoint import SignedCheckpoint, VerifierKey
from daiban_audit.domain.entry import LedgerEntry, Recorded
from daiban_audit.domain.merkle import Subtree
from daiban_audit.domain.monthly_report import ReportIssue
from daiban_audit.domain.station_ledger import StaffPost
from daiban_common.ports import UnitOfWorkPort


class LedgerRepository(Protocol):
    """The ledger: append-only, positions 1, 2, 3, … in the order entries were appended, and the
    roots of the complete subtrees of its Merkle tree."""

    async def append(self, recorded: Sequence[Recorded]) -> list[LedgerEntry]:
        """Seal and store entries at the next positions, in the given order (one batch), and the
        roots of the subtrees they complete."""
        ...

    async def subtree_roots(self, subtrees: Collection[Subtree]) -> dict[Subtree, bytes]:
        """The stored roots of these subtrees (of height 0: the leaf hashes); one not stored is
        left out."""
        ...

    async def stored_subtrees(self, *, after: Subtree | None, limit: int
                              ) -> list[tuple[Subtree, bytes]]:
        """The stored subtree roots of height 1 and more after ``after``, by height then index
        (all of them, a page at a time)."""
        ...

    async def size(self) -> int:
        """How many entries the ledger holds (committed ones only, as seen here)."""
        ...

    async def entry(self, seq: int) -> LedgerEntry | None:
        """The entry at a position, or None."""
        ...

    async def entry_of_event(self, event_id: str) -> LedgerEntry | None:
        """The entry recording an event, or None."""
        ...

    async def range(self, *, after: int, limit: int) -> list[LedgerEntry]:
        """Entries after position ``after``, in position order (the whole ledger, a page at a
        time)."""
        ...

    async def leaf_hashes(self, size: int, *, after: int = 0) -> list[bytes]:
        """The stored leaf hashes of the entries after position ``after`` up to ``size``, in
        position order."""
        ...

    async def of_subject(self, subject: str, *, limit: int) -> list[LedgerEntry]:
        """At most ``limit`` entries about one subject, in position order."""
        ...

    async def of_staff(self, staff_id: str, *, since: datetime, until: datetime, after: int,
                       limit: int) -> list[LedgerEntry]:
        """Entries naming a staff member, recorded for events in [since, until), after
        position ``after``, in position order."""
        ...

    async def under_place(self, place: str, *, since: datetime, until: datetime, after: int,
                          limit: int) -> list[LedgerEntry]:
        """Entries about a place or anything under it, for events in [since, until), after
        position ``after``, in position order."""
        ...


class CheckpointRepository(Protocol):
    """The signed checkpoints, one per tree size."""

    async def add(self, checkpoint: SignedCheckpoint, frontier: Sequence[bytes]) -> bool:
        """Store a checkpoint with its tree's right edge (``merkle.Frontier.hashes``, kept as a
        record: appends take the edge from the ledger's head); False when one of that size
        exists already (kept)."""
        ...

    async def latest(self) -> SignedCheckpoint | None:
        """The checkpoint of the largest tree, or None."""
        ...

    async def all(self) -> list[SignedCheckpoint]:
        """Every checkpoint, smallest tree first."""
        ...


class CaseRecordRepository(Protocol):
    """The reporting read model: one record per case."""

    async def lock(self, case_number: str) -> CaseRecord:
        """The case's record, or an empty one, held until the transaction ends (two events of
        one case never overwrite each other)."""
        ...

    async def put(self, record: CaseRecord) -> None:
        """Store the record (replacing the case's previous one)."""
        ...

    async def active_under(self, place: str, *, since: datetime, until: datetime
                           ) -> list[CaseRecord]:
        """Records of cases of villages under ``place`` opened before ``until`` that were still
        open at ``since`` or changed since then, in case number order."""
        ...

    async def of_agent(self, staff_id: str, *, since: datetime, until: datetime
                       ) -> list[CaseRecord]:
        """The cases an agent took (submitted) in [since, until), oldest first."""
        ...


class PlaceTreeRepository(Protocol):
    """The division tree as place.* events describe it."""

    async def put(self, node: PlaceNode) -> bool:
        """Keep the node unless one of the same or a newer version is held; whether kept."""
        ...

    async def get(self, code: str) -> PlaceNode | None:
        ...

    async def under(self, code: str) -> list[PlaceNode]:
        """The place and every place under it, by code."""
        ...


class StaffPostRepository(Protocol):
    """Where staff members worked: a post per version of their record (staff.* events)."""

    async def put(self, post: StaffPost) -> bool:
        """Keep the post unless the member's post of that version is held; whether kept."""
        ...

    async def at_station(self, station_code: str) -> list[StaffPost]:
        """Every post held at the station, by staff id and version."""
        ...

    async def of_staff(self, staff_ids: Collection[str]) -> list[StaffPost]:
        """Every post of these members, by staff id and version."""
        ...


class ReportIssueRepository(Protocol):
    """Which towns' monthly reports were made, once each."""

    async def add(self, issue: ReportIssue) -> bool:
        """Keep the issue; False when the town's report of that month was made already."""
        ...

    async def of_month(self, month: str) -> list[ReportIssue]:
        """The month's issues, by town code."""
        ...


class CheckpointSigner(Protocol):
    """The log's signing key."""

    @property
    def key(self) -> VerifierKey:
        """The public half, under the log's key name."""
        ...

    def sign(self, text: bytes) -> bytes:
        """An Ed25519 signature of ``text``."""
        ...


class SignatureCheck(Protocol):
    """Checks an Ed25519 signature with a public key (no private key needed)."""

    def __call__(self, key: VerifierKey, text: bytes, signature: bytes) -> bool: ...


class UnitOfWork(UnitOfWorkPort, Protocol):
    """One transaction over audit's repositories."""

    @property
    def ledger(self) -> LedgerRepository: ...
    @property
    def checkpoints(self) -> CheckpointRepository: ...
    @property
    def cases(self) -> CaseRecordRepository: ...
    @property
    def places(self) -> PlaceTreeRepository: ...
    @property
    def report_issues(self) -> ReportIssueRepository: ...
    @property
    def staff_posts(self) -> StaffPostRepository: ...
