"""How the planner writes money, rates and terms in Chinese explanations."""

from __future__ import annotations

from decimal import Decimal


def money(amount: Decimal) -> str:
    """Yuan with thousands separators; fen shown only when there are any.

    >>> money(Decimal("1122000")), money(Decimal("2402.04")), money(Decimal("-5.5"))
    ('¥1,122,000', '¥2,402.04', '-¥5.50')
    """
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}¥{int(amount):,}"
    return f"{sign}¥{amount:,.2f}"


def percent(rate: Decimal) -> str:
    """A rate as a percentage with at least two decimals.

    >>> percent(Decimal("0.026")), percent(Decimal("0.03075")), percent(Decimal("0.2"))
    ('2.60%', '3.075%', '20.00%')
    """
    exponent = (rate * 100).normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{rate * 100:.{places}f}%"


def number(value: Decimal) -> str:
    """A plain number without trailing zeros or exponent.

    >>> number(Decimal("10")), number(Decimal("1E+1")), number(Decimal("0.500"))
    ('10', '10', '0.5')
    """
    return format(value.normalize(), "f")


def ratio(value: Decimal) -> str:
    """A ratio (down payment, capacity share) as a short percentage.

    >>> ratio(Decimal("0.20")), ratio(Decimal("0.5")), ratio(Decimal("0.125"))
    ('20%', '50%', '12.5%')
    """
    return f"{number(value * 100)}%"


def term(months: int) -> str:
    """A term in years and months.

    >>> term(360), term(270), term(7)
    ('30年', '22年6个月', '7个月')
    """
    years, rest = divmod(months, 12)
    if not rest:
        return f"{years}年"
    return f"{years}年{rest}个月" if years else f"{rest}个月"
