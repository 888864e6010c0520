"""Properties of the case flow over random sequences of actions, and the drawn diagram.

Whatever anyone tries in whatever order: the case is only ever in a state the diagram draws, it
moves only along the diagram's edges, its events' flow versions count up one by one, and an action
the case refuses leaves it exactly as it was.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import Delivery, Outcome
from daiban_kernel.errors import DomainError
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.flow import ALLOWED, FlowState, mermaid

DOC = Path(__file__).resolve().parents[4] / "docs" / "routing-relay.md"
TIERS = list(Tier)
ROUTES = [(Tier.VILLAGE, ()), (Tier.TOWN, (Tier.TOWN,)), (Tier.DEPARTMENT, (Tier.VILLAGE,)),
          (Tier.DEPARTMENT, (Tier.DEPARTMENT, Tier.COUNTY)), (Tier.COUNTY, ())]
Act = Callable[[RoutedCase, Actor, int], object]


def drawn_states() -> set[str]:
    """The states the diagram names."""
    return {state for edge in re.findall(r"(\w+) --> (\w+)", mermaid()) for state in edge}


def acts(kit: Any) -> list[Act]:
    """Everything anyone might try; ``n`` varies the details."""
    at = kit.AT
    reasons = (MissingItem(name="户口簿", reason="复印件不清晰"),)

    def route(n: int) -> Any:
        deciding, timeout = ROUTES[n % len(ROUTES)]
        return kit.route(deciding, timeout=timeout)

    return [
        lambda c, a, n: c.route_accepted(route(n), by=a, at=at,
                                         holder=kit.choice(Tier.VILLAGE)),
        lambda c, a, n: c.hand_over(by=a, at=at, handover_id=f"h{c.version}",
                                    receiver=kit.choice(c.next_up())),
        lambda c, a, n: c.hand_down(by=a, at=at, handover_id=f"d{c.version}",
                                    receiver=kit.choice(Tier.VILLAGE)),
        lambda c, a, n: c.receive(c.handover.handover_id if c.handover and n % 4 else "nope",
                                  by=a, at=at),
        lambda c, a, n: c.return_for_correction(by=a, at=at, reasons=reasons[:n % 2],
                                                village_holder=kit.choice(Tier.VILLAGE)),
        lambda c, a, n: c.resume(return_flow_version=(c.returned.flow_version if c.returned
                                                      else 1) + n % 2, at=at,
                                 holder=kit.choice(c.returned.tier) if c.returned else None),
        lambda c, a, n: c.decide(by=a, at=at, outcome=list(Outcome)[n % 2],
                                 reason="不符合条件" if n % 3 else None),
        lambda c, a, n: c.time_out(TIERS[n % 4], at=at, handover_id=f"t{c.version}",
                                   receiver=kit.choice(TIERS[min(n % 4 + 1, 3)])),
        lambda c, a, n: c.deliver(by=a, at=at, method=list(Delivery)[n % 3],
                                  tracking_number="SF1" if n % 2 else None,
                                  delivered_on=at.date()),
        lambda c, a, n: c.close(by=a, at=at),
        lambda c, a, n: n > 9 and c.withdraw(reason="本人撤回", by=a, at=at),
        lambda c, a, n: c.reassign(kit.member(TIERS[n % 4], 2), by=a, at=at),
    ]


def actor(kit: Any, case: RoutedCase, n: int) -> Actor:
    """Mostly the member of the tier holding the case; else one of each tier, or strangers."""
    others = [*(kit.actor(t) for t in TIERS),
              Actor(staff_id="z", role=kit.ROLES[Tier.VILLAGE], place="110116107201"),
              Actor(staff_id="y", role=kit.ROLES[Tier.TOWN], place="110116"),
              Actor(staff_id="w", role=kit.ROLES[Tier.COUNTY], place="110116")]
    own: Actor = kit.actor(case.tier)
    return own if n < 4 else others[n - 4]


STEPS = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 10), st.integers(0, 11)),
                 max_size=60)


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_random_actions_keep_the_case_on_the_drawn_machine(kit: Any,
                                                            steps: list[tuple[int, ...]]) -> None:
    case, moves, states = kit.case(), acts(kit), drawn_states()
    for act, who, n in steps:
        before, version, state = copy.deepcopy(case.__dict__), case.version, case.state
        try:
            moves[act](case, actor(kit, case, who), n)
        except DomainError:
            assert case.__dict__ == before, "a refused action changed the case"
            continue
        assert case.state.value in states
        if case.state is not state:
            assert (state, case.state) in {(s, t) for s, _, t in ALLOWED}
        assert [e.flow_version for e in case.events] == list(range(2, case.version + 1))
        assert case.version >= version


def test_every_state_is_drawn_and_reachable_from_submitted() -> None:
    edges = {(s, t) for s, _, t in ALLOWED}
    reached, frontier = {FlowState.SUBMITTED}, [FlowState.SUBMITTED]
    while frontier:
        state = frontier.pop()
        for source, target in edges:
            if source is state and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(FlowState)
    assert drawn_states() == {s.value for s in FlowState}


def test_the_checked_in_diagram_is_the_one_the_code_draws() -> None:
    text = DOC.read_text(encoding="utf-8")
    drawn = re.search(r"```mermaid\n(.*?)```", text, re.DOTALL)
    assert drawn is not None, f"{DOC} has no mermaid block"
    assert drawn.group(1) == mermaid(), "regenerate: python -m daiban_routing.domain.flow"
