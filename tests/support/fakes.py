"""In-memory stand-ins for ports that every service shares, for unit tests of handlers."""

from __future__ import annotations

from daiban_kernel.errors import FieldProblem, InvalidInput


class FakeIdempotency:
    """``daiban_common.idempotency.IdempotencyKeys`` without a database: same answers."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], tuple[str, str | None]] = {}

    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None:
        """None if this request owns the key now; else what the first request created."""
        if (principal, key) not in self.keys:
            self.keys[(principal, key)] = (fingerprint, None)
            return None
        stored, result = self.keys[(principal, key)]
        if stored != fingerprint:
            raise InvalidInput(FieldProblem(
                "Idempotency-Key", "already used for a different request; use a new key"))
        return result

    async def complete(self, *, principal: str, key: str, result: str) -> None:
        """Record what the request created."""
        self.keys[(principal, key)] = (self.keys[(principal, key)][0], result)
