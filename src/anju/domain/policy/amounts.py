"""A business's maximum amount: the smallest of its limits, and which one binds."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from anju.domain.policy.decision import AmountView, LimitView
from anju.domain.policy.explain import cite
from anju.domain.policy.model import Business, PolicyPack

_UNITS = {"fen": Decimal("0.01"), "yuan": Decimal(1), "hundred": Decimal(100),
          "thousand": Decimal(1000)}


def round_down(value: Decimal, rounding: str) -> Decimal:
    """Round a limit down to the unit: an amount never exceeds what the rules allow.

    >>> round_down(Decimal("123456.789"), "hundred"), round_down(Decimal("12.345"), "fen")
    (Decimal('123400'), Decimal('12.34'))
    """
    unit = _UNITS[rounding]
    return (value / unit).to_integral_value(ROUND_FLOOR) * unit


def compute_amount(pack: PolicyPack, business: Business, facts: Mapping[str, Any],
                   params: Mapping[str, Any], on: date) -> AmountView | None:
    """Evaluate every limit; the amount is the smallest known one (never below zero).

    When a limit is unknown the result is marked incomplete: the known minimum is then only
    an upper bound, and the view says which limits are still unknown.
    """
    spec = business.amount
    if spec is None:
        return None
    values: list[Decimal | None] = []
    for limit in spec.limits:
        raw = limit.expr.value(facts, params)
        values.append(None if raw is None else max(Decimal(0), round_down(Decimal(raw),
                                                                           spec.rounding)))
    known = [v for v in values if v is not None]
    value = min(known) if known else None
    binding_index = values.index(value) if value is not None else -1
    limits = tuple(
        LimitView(limit.id, limit.label, v,
                  cite(pack, limit.clause, on) if limit.clause else None, i == binding_index)
        for i, (limit, v) in enumerate(zip(spec.limits, values, strict=True))
    )
    return AmountView(spec.label, value, limits, spec.rounding, len(known) == len(values))
