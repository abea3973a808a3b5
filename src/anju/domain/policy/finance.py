"""Money functions that policy expressions may call (``pv``)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any


def present_value(payment: Any, annual_rate: Any, months: Any) -> Decimal | None:
    """Loan principal that ``payment`` a month repays over ``months`` at ``annual_rate``.

    Rounded down to the yuan: a quota is never more than the payment can carry.

    >>> present_value(Decimal(4000), Decimal("0.026"), 360)
    Decimal('999151')
    """
    if payment is None or annual_rate is None or months is None:
        return None
    payment, months = Decimal(payment), int(months)
    if payment <= 0 or months <= 0:
        return Decimal(0)
    # The same 等额本息 formula as the planner's present_value, in the default 28-digit context:
    # the planner's extra precision costs ~3 µs a call, and a diagnosis calls this on its hot path.
    r = Decimal(annual_rate) / 12
    pv: Decimal = payment * months if r == 0 else payment * (1 - (1 + r) ** -months) / r
    return pv.to_integral_value(ROUND_FLOOR)
