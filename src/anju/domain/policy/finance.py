"""Money functions that policy expressions may call (``pv``)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from anju.domain.planner.amortisation import present_value as planner_present_value


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
    # The planner's 等额本息 present value (to the fen), so the engine and the planner agree.
    return planner_present_value(payment, Decimal(annual_rate), months).to_integral_value(ROUND_FLOOR)
