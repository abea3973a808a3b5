"""The lifecycle table: complete, documented, and every move outside it refused in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anju.domain.cases.states import TERMINAL, TRANSITIONS, Action, CaseState, allowed, table_rows, transition
from anju.domain.errors import Conflict

DOC = Path(__file__).resolve().parents[2] / "docs" / "cases.md"


def _reachable() -> set[CaseState]:
    seen, todo = {CaseState.INTAKE}, [CaseState.INTAKE]
    while todo:
        state = todo.pop()
        for action in allowed(state):
            target = transition(state, action)
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _ends(state: CaseState, seen: frozenset[CaseState] = frozenset()) -> bool:
    """Some sequence of moves takes ``state`` to a terminal state."""
    if state in TERMINAL:
        return True
    return any(_ends(transition(state, a), seen | {state}) for a in allowed(state)
               if transition(state, a) not in seen | {state})


def test_every_state_is_reachable_from_intake() -> None:
    assert _reachable() == set(CaseState)


def test_terminal_states_have_no_way_out_and_every_other_state_reaches_one() -> None:
    assert {CaseState.DECLINED, CaseState.CLOSED, CaseState.WITHDRAWN} == TERMINAL
    for state in CaseState:
        assert (allowed(state) == ()) == (state in TERMINAL)
        assert _ends(state), state


def test_every_action_has_a_label_and_an_event_name() -> None:
    for action in Action:
        assert action.label and action.event[0].isupper() and action.event.startswith(("Case", "Material", "Review"))
    for state in CaseState:
        assert state.label


@pytest.mark.parametrize(("action", "state"), [(a, s) for a in Action for s in CaseState])
def test_each_pair_is_either_in_the_table_or_refused(action: Action, state: CaseState) -> None:
    target = TRANSITIONS[action].get(state)
    if target is not None:
        assert transition(state, action) is target
        return
    with pytest.raises(Conflict) as raised:
        transition(state, action)
    assert f"办件当前状态为“{state.label}”，不能{action.label}" in raised.value.message


def test_the_documented_table_is_the_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    for action, label, source, target in table_rows():
        assert f"| `{action}` | {label} | `{source}` | `{target}` |" in text, (action, source)
    rows = re.findall(r"^\| `\w+` \| [^|]+ \| `\w+` \| `\w+` \|$", text, flags=re.MULTILINE)
    assert len(rows) == len(table_rows())
