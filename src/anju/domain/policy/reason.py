"""A condition's result as a decision shows it: the reason, its clause and its remedy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, Protocol


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause as cited on a decision."""

    id: str
    document: str
    article: str
    text: str
    status: str
    title: str = field(init=False, repr=False, compare=False)
    """The document and article as one title; kept because every reason's JSON repeats it."""
    _ref: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", f"{self.document}{self.article}")
        object.__setattr__(self, "_ref", {"id": self.id, "title": self.title, "status": self.status})

    def ref(self) -> dict[str, str]:
        """How a reason or limit refers to the clause in JSON; the text is listed once.

        One dict per citation, shared by every decision that cites it (JSON is only ever read).
        """
        return self._ref

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "document": self.document, "article": self.article,
                "title": self.title, "text": self.text, "status": self.status}


@dataclass(frozen=True, slots=True)
class RemedyView:
    """What would change a failed condition: wait until a date, provide, act, another way."""

    kind: str
    hint: str = ""
    on: date | None = None
    business: str | None = None


class ReasonText(Protocol):
    """Renders a reason's words on first use (most reasons of a diagnosis are never shown)."""

    def observed(self) -> str: ...

    def required(self) -> str: ...

    def message(self) -> str: ...

    def hint(self) -> str: ...

    def unknown_facts(self) -> tuple[tuple[str, str], ...]: ...


class Reason(NamedTuple):
    """One condition's result, with the values that decided it (words rendered on demand).

    A named tuple rather than a dataclass: a diagnosis builds one per condition per business,
    and tuple construction is several times cheaper than a frozen dataclass's ``__init__``.
    """

    rule_id: str
    label: str
    status: str  # met | failed | unknown
    clause: Citation
    remedy_kind: str
    words: Callable[[str], ReasonText]  # renders this reason's words when asked
    remedy_on: date | None = None
    remedy_business: str | None = None

    @property
    def text(self) -> ReasonText:
        return self.words(self.status)

    @property
    def observed(self) -> str:
        return self.text.observed()

    @property
    def required(self) -> str:
        return self.text.required()

    @property
    def message(self) -> str:
        return self.text.message()

    @property
    def unknown_facts(self) -> tuple[tuple[str, str], ...]:
        return self.text.unknown_facts() if self.status == "unknown" else ()

    @property
    def remedy(self) -> RemedyView:
        hint = self.text.hint()
        if not hint and self.remedy_on is not None:
            hint = f"{self.remedy_on.year}年{self.remedy_on.month}月{self.remedy_on.day}日起满足此条件"
        return RemedyView(self.remedy_kind, hint, self.remedy_on, self.remedy_business)

    def to_dict(self) -> dict[str, Any]:
        text = self.text  # render the words once
        hint = text.hint()
        if not hint and self.remedy_on is not None:
            hint = f"{self.remedy_on.year}年{self.remedy_on.month}月{self.remedy_on.day}日起满足此条件"
        return {
            "rule_id": self.rule_id, "label": self.label, "status": self.status,
            "observed": text.observed(), "required": text.required(), "message": text.message(),
            "clause": self.clause.ref(),
            "remedy": {"kind": self.remedy_kind, "hint": hint,
                       "on": self.remedy_on.isoformat() if self.remedy_on else None,
                       "business": self.remedy_business},
            "unknown_facts": [list(p) for p in text.unknown_facts()] if self.status == "unknown"
            else [],
        }
