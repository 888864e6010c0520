"""One subject's history in the order things happened, whatever order they were consumed in.

Routing numbers each change of a case (``flow_version``); its events are put in that order. The
other events (intake's, sla's) carry no such number and are placed by the time their source gives
the change. The two are merged like two sorted runs: of the next numbered and the next unnumbered
entry, the earlier in time goes first, so every numbered entry stays after the one before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from daiban_audit.domain.entry import LedgerEntry


def _when(entry: LedgerEntry) -> datetime:
    r = entry.recorded
    return r.happened_at or r.occurred_at


def causal_order(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """The entries in the order their changes happened."""
    found = list(entries)
    numbered = sorted((e for e in found if e.recorded.flow_version is not None),
                      key=lambda e: (e.recorded.flow_version or 0, _when(e), e.seq))
    plain = sorted((e for e in found if e.recorded.flow_version is None),
                   key=lambda e: (_when(e), e.seq))
    ordered: list[LedgerEntry] = []
    i = j = 0
    while i < len(numbered) and j < len(plain):
        if (_when(plain[j]), plain[j].seq) < (_when(numbered[i]), numbered[i].seq):
            ordered.append(plain[j])
            j += 1
        else:
            ordered.append(numbered[i])
            i += 1
    return [*ordered, *numbered[i:], *plain[j:]]
