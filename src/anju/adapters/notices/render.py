"""Render a notice's stored content to printable A4 HTML (Chinese, print CSS, no external files).

HTML with print styles is the deliverable: the browser's 打印/另存为 PDF gives the PDF. No
well-kept pure-Python library renders CJK HTML to PDF without system fonts or libraries (WeasyPrint
needs Pango, xhtml2pdf/ReportLab need a CJK font file), so none is added.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from anju.domain.cases.notices import NoticeKind
from anju.domain.errors import InputError
from anju.services.cases.ports import IssuedNotice

TEMPLATES = {kind: f"{kind.value}.html" for kind in NoticeKind} | {NoticeKind.DECLINE: "refusal.html"}
"""The template of each kind (不予受理 and 不予批准 share one layout)."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The notices' Jinja2 environment: autoescaped, and strict about missing fields."""
    return Environment(loader=PackageLoader("anju.adapters.notices", "templates"),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_notice(content: Mapping[str, Any]) -> str:
    """One notice as a complete HTML page."""
    try:
        kind = NoticeKind(content["kind"])
    except (KeyError, ValueError):
        raise InputError(f"未知的文书类型：{content.get('kind')}") from None
    return environment().get_template(TEMPLATES[kind]).render(n=content)


def render_issued(notice: IssuedNotice) -> str:
    """An issued notice, exactly as it was issued."""
    return render_notice(notice.content)
