"""The amortisation chart as inline SVG, drawn on the server: works offline, prints, no script.

Bars: principal and interest repaid each year (stacked); line: the balance left at year end.
The numbers come from the plan's own schedule rows; nothing is recomputed here.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from anju.domain.planner.plan import Plan

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 70, 24, 40
PRINCIPAL, INTEREST, BALANCE = "#2f6f4f", "#d08c2c", "#1f4e8c"


def yearly(plan: Plan) -> list[tuple[int, Decimal, Decimal, Decimal]]:
    """(year, principal, interest, balance at year end) summed over all loans of the plan."""
    out: list[tuple[int, Decimal, Decimal, Decimal]] = []
    for period, _payment, principal, interest, balance in plan.schedule_rows():
        year = (period - 1) // 12 + 1
        if out and out[-1][0] == year:
            _, p, i, _ = out[-1]
            out[-1] = (year, p + principal, i + interest, balance)
        else:
            out.append((year, principal, interest, balance))
    return out


def _wan(value: Decimal) -> str:
    """Yuan in 万元 for axis labels."""
    return f"{value / 10000:,.0f}万" if value >= 10000 else f"{value:,.0f}"


def _nice(top: Decimal) -> Decimal:
    """A round axis maximum at or above ``top``."""
    if top <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(top))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        candidate = magnitude * Decimal(str(step))
        if candidate >= top:
            return candidate
    return magnitude * 10


def schedule_svg(plan: Plan) -> str:
    """The chart of ``plan``'s schedule by year, as an accessible SVG element."""
    years = yearly(plan)
    if not years:
        return ""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar_top = _nice(max(p + i for _, p, i, _ in years))
    balance_top = _nice(max(plan.loan_total, Decimal(1)))
    slot = plot_w / len(years)
    bar_w = max(slot * 0.7, 1.0)

    def y_bar(value: Decimal) -> float:
        return TOP + plot_h - float(value / bar_top) * plot_h

    def y_balance(value: Decimal) -> float:
        return TOP + plot_h - float(value / balance_top) * plot_h

    title = (f"{plan.title}：每年偿还本金与利息（柱）及年末剩余本金（线），"
             f"共{len(years)}年，利息合计¥{plan.total_interest:,.2f}")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for k in range(5):  # grid and both axes' labels
        fraction = Decimal(k) / 4
        y = TOP + plot_h - float(fraction) * plot_h
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">'
                     f'{_wan(bar_top * fraction)}</text>')
        parts.append(f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" fill="{BALANCE}">'
                     f'{_wan(balance_top * fraction)}</text>')
    label_every = max(1, len(years) // 10)
    points = []
    for index, (year, principal, interest, balance) in enumerate(years):
        x = LEFT + index * slot + (slot - bar_w) / 2
        yp, yi = y_bar(principal), y_bar(principal + interest)
        parts.append(f'<rect x="{x:.1f}" y="{yp:.1f}" width="{bar_w:.1f}" height="{TOP + plot_h - yp:.1f}" '
                     f'fill="{PRINCIPAL}"><title>第{year}年 本金¥{principal:,.2f}</title></rect>')
        parts.append(f'<rect x="{x:.1f}" y="{yi:.1f}" width="{bar_w:.1f}" height="{yp - yi:.1f}" '
                     f'fill="{INTEREST}"><title>第{year}年 利息¥{interest:,.2f}</title></rect>')
        points.append(f"{x + bar_w / 2:.1f},{y_balance(balance):.1f}")
        if index % label_every == 0 or index == len(years) - 1:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                         f'fill="#444">{year}</text>')
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{BALANCE}" stroke-width="2.5"/>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle" fill="#444">还款年度</text>')
    legend = ((PRINCIPAL, "本金"), (INTEREST, "利息"), (BALANCE, "剩余本金（右轴）"))
    x = LEFT
    for colour, text in legend:
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="14" fill="#222">{text}</text>')
        x += 16 + 14 * len(text) + 16
    parts.append("</svg>")
    return "".join(parts)
