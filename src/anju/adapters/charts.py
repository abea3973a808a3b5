"""Small charts as SVG text: no plotting library, no fonts to install, opens in any browser.

The impact report's bar chart is drawn here by hand (a few rectangles and labels); the text
is Chinese, so the SVG names common CJK fonts and lets the viewer fall back.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], unit: str,
              notes: Sequence[str] | None = None) -> str:
    """A horizontal bar chart (negative values to the left of the axis) as an SVG document."""
    row, left, width, label_width = 28, 16, 760, 150
    top = 56
    height = top + row * len(labels) + 40
    span = max((abs(v) for v in values), default=0) or 1
    has_negative = any(v < 0 for v in values)
    zero = left + label_width + (width - label_width - left * 2) / (2 if has_negative else 20)
    scale = (left + width - 120 - zero) / span
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{_FONT}" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="28" font-size="17" font-weight="bold">{escape(title)}</text>',
        f'<text x="{width - left}" y="28" text-anchor="end" fill="#555">单位：{escape(unit)}</text>',
        f'<line x1="{zero:.1f}" y1="{top - 8}" x2="{zero:.1f}" y2="{height - 32}" stroke="#888"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        length = abs(value) * scale
        x = zero - length if value < 0 else zero
        colour = "#c0392b" if value < 0 else "#2e7d5b"
        note = f"（{notes[i]}）" if notes else ""
        anchor_x = (x - 6) if value < 0 else (x + length + 6)
        anchor = "end" if value < 0 else "start"
        parts += [
            f'<text x="{left}" y="{y + 17}">{escape(label)}</text>',
            f'<rect x="{x:.1f}" y="{y + 4}" width="{max(length, 0.5):.1f}" height="{row - 10}" '
            f'fill="{colour}"/>',
            f'<text x="{anchor_x:.1f}" y="{y + 17}" text-anchor="{anchor}">'
            f'{value:,.1f}{escape(note)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
