"""When a time-based condition will be met: the exact date behind ``not_yet``.

Facts such as continuous deposit months, sealed months, age and retirement grow with time
(the scenario's records are projected forward for an active depositor). A ``wait_until``
condition is monotone in time — once met it stays met — so the earliest date is found by
re-deriving the facts on probe dates: doubling steps, then bisection to the day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from anju.domain.members.catalogue import FACTS
from anju.domain.policy.assess import facts_for
from anju.domain.policy.model import Business, PolicyPack
from anju.domain.scenario import Scenario

HORIZON_DAYS = 366 * 50  # beyond this nobody is told to wait


def earliest_date(pack: PolicyPack, business: Business, rule_id: str, scenario: Scenario,
                  on: date) -> date | None:
    """The first day after ``on`` when condition ``rule_id`` holds, or None if not in sight."""
    condition = next(c for c in business.conditions_on(on) if c.id == rule_id)

    def holds(offset: int) -> bool:
        day = on + timedelta(days=offset)
        return condition.when.fn(facts_for(pack, scenario, day), pack.values_on(day)) is True

    facts = facts_for(pack, scenario, on)
    candidates = sorted({(v - on).days for name, spec in FACTS.items() if spec.type == "date"
                         if isinstance(v := facts[name], date) and v > on})
    offset = first_offset(holds, candidates)
    return None if offset is None else on + timedelta(days=offset)


def first_offset(holds: Callable[[int], bool], candidates: Sequence[int]) -> int | None:
    """The first day offset (> 0) on which ``holds`` is true, or None beyond the horizon.

    ``candidates`` are the ascending offsets of the dates the subject's own facts name (a
    retirement date, say): where time-based conditions usually flip, so they are probed first —
    met there but not the day before means that is the answer. Then doubling steps, then
    bisection to the day; the probes are the same whatever ``holds`` is, so a column-wise
    search (``adapters.vector.search``) that makes them finds the same day.
    """
    low, high = 0, 31
    for offset in candidates:
        if holds(offset):
            if not holds(offset - 1):
                return offset
            high = offset
            break
        low = offset
    else:
        high = max(high, 2 * low)
        while not holds(high):
            low, high = high, high * 2
            if low > HORIZON_DAYS:
                return None
    while high - low > 1:  # invariant: not met at low, met at high
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high
