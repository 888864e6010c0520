"""The case flow as a state machine: its states, its moves, and the one table of transitions.

The table is the authority: the case aggregate computes where a move would take it (from the route
and the handover in progress) and refuses the move unless (state, move, target) is in the table.
The diagram in docs/routing-relay.md is generated from the same table by ``mermaid()``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from daiban_kernel.contracts.matter import Tier


class FlowState(StrEnum):
    """Where a case stands in the relay."""

    SUBMITTED = "submitted"  # registered by intake, not yet accepted
    AT_VILLAGE = "at_village"
    TO_TOWN = "to_town"  # baton 1 handed over, not yet received
    AT_TOWN = "at_town"
    TO_COUNTY = "to_county"  # baton 2
    AT_COUNTY = "at_county"
    TO_DEPARTMENT = "to_department"  # baton 3
    AT_DEPARTMENT = "at_department"
    RETURNED = "returned"  # back at the village for correction; the clock pauses
    DECIDED = "decided"
    RESULT_SENT = "result_sent"  # the result handed down, not yet received at the village
    RESULT_AT_VILLAGE = "result_at_village"
    DELIVERED = "delivered"
    CLOSED = "closed"


class Move(StrEnum):
    """What can happen to a case."""

    ACCEPT = "accept"
    HAND_OVER = "hand_over"
    RECEIVE = "receive"
    RETURN = "return"
    RESUME = "resume"
    DECIDE = "decide"
    TIME_OUT = "time_out"
    HAND_DOWN = "hand_down"
    DELIVER = "deliver"
    CLOSE = "close"
    WITHDRAW = "withdraw"


RELAY_ORDER = (Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT)
AT = {Tier.VILLAGE: FlowState.AT_VILLAGE, Tier.TOWN: FlowState.AT_TOWN,
      Tier.COUNTY: FlowState.AT_COUNTY, Tier.DEPARTMENT: FlowState.AT_DEPARTMENT}
TO = {Tier.TOWN: FlowState.TO_TOWN, Tier.COUNTY: FlowState.TO_COUNTY,
      Tier.DEPARTMENT: FlowState.TO_DEPARTMENT}
OPEN_BEFORE_RESULT = (FlowState.SUBMITTED, *AT.values(), *TO.values(), FlowState.RETURNED)
FINISHED = (FlowState.DELIVERED, FlowState.CLOSED)


@dataclass(frozen=True)
class Transition:
    """One edge of the machine."""

    source: FlowState
    move: Move
    target: FlowState


def _relay() -> list[Transition]:
    edges = [Transition(FlowState.SUBMITTED, Move.ACCEPT, FlowState.AT_VILLAGE)]
    for lower, upper in pairwise(RELAY_ORDER):
        edges += [Transition(AT[lower], Move.HAND_OVER, TO[upper]),
                  Transition(TO[upper], Move.RECEIVE, AT[upper])]
    return edges


def _at_each_tier() -> list[Transition]:
    edges: list[Transition] = []
    for tier, state in AT.items():
        edges += [Transition(state, Move.DECIDE, FlowState.DECIDED),
                  Transition(state, Move.RETURN, FlowState.RETURNED),
                  Transition(FlowState.RETURNED, Move.RESUME, state),
                  Transition(state, Move.TIME_OUT, FlowState.DECIDED)]
        if tier in TO:
            edges.append(Transition(TO[tier], Move.TIME_OUT, FlowState.DECIDED))
    return edges


def _timeouts_onward() -> list[Transition]:
    """A relay stage deemed passed hands the case on by itself (超时默认)."""
    edges: list[Transition] = []
    for lower, upper in pairwise(RELAY_ORDER):
        edges.append(Transition(AT[lower], Move.TIME_OUT, TO[upper]))
        if lower in TO:
            edges.append(Transition(TO[lower], Move.TIME_OUT, TO[upper]))
    return edges


def _result() -> list[Transition]:
    return [
        Transition(FlowState.DECIDED, Move.HAND_DOWN, FlowState.RESULT_SENT),
        Transition(FlowState.RESULT_SENT, Move.RECEIVE, FlowState.RESULT_AT_VILLAGE),
        Transition(FlowState.DECIDED, Move.DELIVER, FlowState.DELIVERED),
        Transition(FlowState.RESULT_AT_VILLAGE, Move.DELIVER, FlowState.DELIVERED),
        Transition(FlowState.DELIVERED, Move.CLOSE, FlowState.CLOSED),
    ]


def _withdrawals() -> list[Transition]:
    return [Transition(state, Move.WITHDRAW, FlowState.CLOSED)
            for state in FlowState if state not in FINISHED]


TRANSITIONS: tuple[Transition, ...] = (*_relay(), *_at_each_tier(), *_timeouts_onward(),
                                       *_result(), *_withdrawals())
ALLOWED = frozenset((t.source, t.move, t.target) for t in TRANSITIONS)


def allows(source: FlowState, move: Move, target: FlowState) -> bool:
    """Whether the table has this edge."""
    return (source, move, target) in ALLOWED


def mermaid() -> str:
    """The machine as a Mermaid state diagram: one arrow per (source, target), naming its moves."""
    moves: dict[tuple[FlowState, FlowState], list[str]] = {}
    for t in TRANSITIONS:
        moves.setdefault((t.source, t.target), []).append(t.move.value)
    lines = ["stateDiagram-v2", f"    [*] --> {FlowState.SUBMITTED.value}"]
    lines += [f"    {source.value} --> {target.value}: {' / '.join(names)}"
              for (source, target), names in moves.items()]
    lines.append(f"    {FlowState.CLOSED.value} --> [*]")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # regenerate the diagram: python -m daiban_routing.domain.flow
    sys.stdout.write(mermaid())
