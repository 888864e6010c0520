"""When each service has done its part for each case, read from the services' tables (read-only).

A poller asks, every ``interval`` seconds and for all the cases still pending at once:

- routed: routing holds the case (``routing.cases``: past ``submitted``, with an assignee);
- clocks: sla started the whole case's clock and the village stage's (``sla.clocks``, stages
  ``case`` and ``village``);
- notified: notify delivered the agent's confirmation (``notify.deliveries``, ``sent_at`` set);
- ledgered: audit's ledger holds every event any service published about the case (each
  outbox row with the case as subject has its event id in ``audit.ledger``), checked once the
  other hops are seen, so that their events are among them;
- delivered (relay sample only): intake says ``delivered``, routing ``delivered``, every sla clock
  stopped, and the ledger complete again, with ``case.result_delivered`` in it.

The time of a hop is when the poller first saw it (wall clock): the resolution is the interval.
The poller's connection is read-only; its queries are part of the load, as a dashboard's would be.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import asyncpg

HOPS = ("routed", "clocks", "notified", "ledgered")
OUTBOXES = ("intake", "routing", "sla", "audit", "notify")

_ROUTED = """SELECT number FROM routing.cases
             WHERE number = ANY($1::text[]) AND state <> 'submitted' AND assignee_id IS NOT NULL"""
_CLOCKS = """SELECT case_number FROM sla.clocks WHERE case_number = ANY($1::text[])
             AND stage IN ('case', 'village') GROUP BY case_number HAVING count(*) >= 2"""
_NOTIFIED = """SELECT DISTINCT case_number FROM notify.deliveries
               WHERE case_number = ANY($1::text[]) AND sent_at IS NOT NULL"""
_PUBLISHED = " UNION ALL ".join(
    f"SELECT subject, event_id FROM {s}.outbox WHERE subject = ANY($1::text[])"
    for s in OUTBOXES)
_LEDGERED = f"""SELECT o.subject FROM ({_PUBLISHED}) o
                LEFT JOIN audit.ledger l ON l.event_id = o.event_id
                GROUP BY o.subject HAVING count(l.event_id) = count(*)"""
_DELIVERED = f"""SELECT i.number FROM intake.cases i
    JOIN routing.cases r ON r.number = i.number AND r.state = 'delivered'
    WHERE i.number = ANY($1::text[]) AND i.status = 'delivered'
      AND NOT EXISTS (SELECT 1 FROM sla.clocks c
                      WHERE c.case_number = i.number AND c.stopped_at IS NULL)
      AND EXISTS (SELECT 1 FROM audit.ledger l
                  WHERE l.subject = i.number AND l.event_type = 'case.result_delivered')
      AND i.number IN ({_LEDGERED})"""


@dataclass
class Watched:
    """The hops seen so far for one case (wall-clock seconds)."""

    seen: dict[str, float] = field(default_factory=dict)
    routed: asyncio.Event = field(default_factory=asyncio.Event)
    relay_walked: bool = False


class HopWatch:
    """Polls the services' tables for the cases it is given until each is complete."""

    def __init__(self, database_url: str, *, interval: float = 0.1) -> None:
        self._url = database_url
        self._interval = interval
        self.cases: dict[str, Watched] = {}
        self.polls = 0
        self.poll_seconds = 0.0

    def watch(self, number: str) -> Watched:
        return self.cases.setdefault(number, Watched())

    def relay_walked(self, number: str) -> None:
        """The relay's last call answered: look for the delivered case from now on."""
        self.cases[number].relay_walked = True

    def pending(self) -> int:
        return sum(1 for w in self.cases.values() if not self._complete(w))

    @staticmethod
    def _complete(w: Watched) -> bool:
        return "ledgered" in w.seen and (not w.relay_walked or "delivered" in w.seen)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set."""
        conn = await asyncpg.connect(self._url)
        try:
            await conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            while not stop.is_set():
                began = time.perf_counter()
                await self._poll(conn)
                self.polls += 1
                self.poll_seconds += time.perf_counter() - began
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._interval)
        finally:
            await conn.close()

    async def _poll(self, conn: asyncpg.Connection) -> None:
        now = time.time()

        def missing(hop: str, *after: str) -> list[str]:
            return [n for n, w in self.cases.items()
                    if hop not in w.seen and all(a in w.seen for a in after)]

        for hop, query in (("routed", _ROUTED), ("clocks", _CLOCKS), ("notified", _NOTIFIED)):
            numbers = missing(hop)
            if numbers:
                for row in await conn.fetch(query, numbers):
                    w = self.cases[row[0]]
                    w.seen[hop] = now
                    if hop == "routed":
                        w.routed.set()
        numbers = missing("ledgered", "routed", "clocks", "notified")
        if numbers:
            for row in await conn.fetch(_LEDGERED, numbers):
                self.cases[row[0]].seen["ledgered"] = now
        numbers = [n for n, w in self.cases.items() if w.relay_walked and "delivered" not in w.seen]
        if numbers:
            for row in await conn.fetch(_DELIVERED, numbers):
                self.cases[row[0]].seen["delivered"] = now

    async def until_complete(self, deadline: float) -> None:
        """Wait (monotonic deadline) until every watched case is complete."""
        while self.pending() and time.monotonic() < deadline:  # noqa: ASYNC110 - polled
            await asyncio.sleep(self._interval)
