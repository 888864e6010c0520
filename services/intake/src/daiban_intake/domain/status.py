"""The intake case's states and the moves between them.

::

    submitted ─┬─> accepted ──> returned ──> supplemented ─┐    (routing's return, answered)
               │       ^   \\______________________________/│
               └─> incomplete <──> supplemented ──> accepted │
                                                             v
                              accepted | returned | supplemented ──> decided ──> delivered ──> rated

    withdrawn: from any state before ``decided``.

A pre-review supplement passes ``supplemented`` and lands, in the same step, on ``accepted`` or
(something is still missing) on ``incomplete`` again.
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    SUBMITTED = "submitted"
    INCOMPLETE = "incomplete"
    SUPPLEMENTED = "supplemented"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    DECIDED = "decided"
    DELIVERED = "delivered"
    RATED = "rated"
    WITHDRAWN = "withdrawn"


S = CaseStatus

MOVES: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.SUBMITTED: frozenset({S.INCOMPLETE, S.ACCEPTED, S.WITHDRAWN}),
    S.INCOMPLETE: frozenset({S.SUPPLEMENTED, S.WITHDRAWN}),
    S.SUPPLEMENTED: frozenset({S.INCOMPLETE, S.ACCEPTED, S.RETURNED, S.DECIDED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.RETURNED, S.DECIDED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.SUPPLEMENTED, S.DECIDED, S.WITHDRAWN}),
    S.DECIDED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.RATED}),
    S.RATED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
"""Every legal move: ``MOVES[from]`` holds the states a case may go to next."""

BEFORE_DECISION = frozenset({S.SUBMITTED, S.INCOMPLETE, S.SUPPLEMENTED, S.ACCEPTED, S.RETURNED})
"""States a resident may withdraw from (自愿委托: nothing is forced)."""

IN_RELAY = frozenset({S.ACCEPTED, S.RETURNED, S.SUPPLEMENTED})
"""States in which routing holds the case (a decision may come)."""

STATUS_ZH: dict[CaseStatus, str] = {
    S.SUBMITTED: "已登记", S.INCOMPLETE: "待补正", S.SUPPLEMENTED: "已补正",
    S.ACCEPTED: "已受理", S.RETURNED: "退回补正", S.DECIDED: "已办结",
    S.DELIVERED: "已送达", S.RATED: "已评价", S.WITHDRAWN: "已撤回",
}


def can_move(current: CaseStatus, to: CaseStatus) -> bool:
    """Whether the machine allows ``current → to``."""
    return to in MOVES[current]
