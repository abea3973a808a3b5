"""Turning a condition's result into a readable reason: values, message, clause, remedy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from anju.domain.members.catalogue import FACTS, VALUE_LABELS
from anju.domain.policy import types as t
from anju.domain.policy.expr import OP_LABELS
from anju.domain.policy.model import Business, Condition, PolicyPack
from anju.domain.policy.reason import Citation, Reason
from anju.domain.scenario import Scenario

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def cite(pack: PolicyPack, clause_id: str, on: date) -> Citation:
    """The citation of a clause as in force on ``on`` (parse guarantees it exists)."""
    return pack.citation(clause_id, on)


def show(value: Any, kind: str | None) -> str:
    """A value for people: enumerations in Chinese, money with ¥, rates in %."""
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value]
    if isinstance(value, tuple):
        return "、".join(VALUE_LABELS.get(str(v), str(v)) for v in value)
    return t.show(value, kind)


def cited_conditions(pack: PolicyPack, business: Business,
                     on: date) -> tuple[tuple[Condition, Citation], ...]:
    """A business's conditions in force on ``on`` with their citations (memoised per date)."""
    key = ("cited", business.code, on)
    found: tuple[tuple[Condition, Citation], ...] | None = pack.memo.get(key)
    if found is None:
        found = tuple((c, pack.citation(c.clause, on)) for c in business.conditions_on(on))
        if len(pack.memo) > 50_000:
            pack.memo.clear()
        pack.memo[key] = found
    return found


def reason_for(pack: PolicyPack, condition: Condition, citation: Citation,
               facts: Mapping[str, Any], params: Mapping[str, Any]) -> Reason:
    """Evaluate one condition; its words are rendered only if someone reads them."""
    result = condition.when.value(facts, params)
    status = "met" if result is True else "failed" if result is False else "unknown"
    return Reason(condition.id, condition.label, status, citation, condition.remedy.kind,
                  _Words(pack, condition, facts, params), None, condition.remedy.business)


class _Words:
    """A reason's words, rendered on first use and then kept.

    The summary, the notice and the JSON each read a failed reason's message: rendered once.
    """

    __slots__ = ("args", "text")

    def __init__(self, pack: PolicyPack, condition: Condition, facts: Mapping[str, Any],
                 params: Mapping[str, Any]) -> None:
        self.args = (pack, condition, facts, params)
        self.text: _Text | None = None

    def __call__(self, status: str) -> _Text:
        text = self.text
        if text is None or text.status != status:
            text = self.text = _Text(*self.args, status)
        return text


class _Text:
    """The observed and required values, message and hint of one reason, rendered lazily."""

    __slots__ = ("_values_cache", "condition", "facts", "pack", "params", "status")

    def __init__(self, pack: PolicyPack, condition: Condition, facts: Mapping[str, Any],
                 params: Mapping[str, Any], status: str) -> None:
        self.pack, self.condition, self.facts, self.params = pack, condition, facts, params
        self.status = status
        self._values_cache: tuple[str, str] | None = None

    def _values(self) -> tuple[str, str]:
        if self._values_cache is None:
            compiled, facts, params = self.condition.when, self.facts, self.params
            comparison = compiled.comparison
            if comparison is not None:
                observed = show(comparison.left(facts, params), comparison.left_type)
                required = self.condition.requires or (
                    OP_LABELS[comparison.op] + show(comparison.right(facts, params),
                                                    comparison.right_type))
            else:
                observed = "；".join(
                    f"{_label(self.pack, name)}：{show(facts.get(name), _type(self.pack, name))}"
                    for name in sorted(compiled.facts))
                required = self.condition.requires or self.condition.label
            self._values_cache = (observed, required)
        return self._values_cache

    def observed(self) -> str:
        return self._values()[0]

    def required(self) -> str:
        return self._values()[1]

    def _render(self, template: str) -> str:
        if "{" not in template:
            return template
        observed, required = self._values()
        return render(template, self.facts, self.params,
                      {"observed": observed, "required": required}, self.pack)

    def message(self) -> str:
        if self.status == "failed":
            return self._render(self.condition.message)
        if self.status == "met":
            return f"{self.condition.label}：符合"
        wanted = "、".join(label for _, label in self.unknown_facts()) or self.condition.label
        return f"无法判断“{self.condition.label}”，需要：{wanted}"

    def hint(self) -> str:
        return self._render(self.condition.remedy.hint) if self.condition.remedy.hint else ""

    def unknown_facts(self) -> tuple[tuple[str, str], ...]:
        names = _base_facts(self.pack, self.condition.when.facts)
        return tuple((name, FACTS[name].label) for name in sorted(names)
                     if self.facts.get(name) is None)


def render(template: str, facts: Mapping[str, Any], params: Mapping[str, Any],
           values: Mapping[str, str], pack: PolicyPack) -> str:
    """Fill ``{observed}``, ``{required}``, ``{fact}`` and ``{param.name}`` in a message."""
    if "{" not in template:
        return template

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        if name.startswith("param."):
            param = pack.parameters.get(name[6:])
            return show(params.get(name[6:]), param.type if param else None)
        return show(facts.get(name), _type(pack, name))

    return _PLACEHOLDER.sub(fill, template)


def _type(pack: PolicyPack, name: str) -> str | None:
    spec = FACTS.get(name)
    if spec is not None:
        return spec.type
    return pack.definition_types.get(name)


def _label(pack: PolicyPack, name: str) -> str:
    spec = FACTS.get(name)
    if spec is not None:
        return spec.label
    return pack.definition_labels.get(name, name)


def _base_facts(pack: PolicyPack, names: frozenset[str]) -> set[str]:
    """Catalogue facts behind ``names``, looking through definitions."""
    found: set[str] = set()
    for name in names:
        if name in FACTS:
            found.add(name)
        else:
            found.update(pack.definition_facts.get(name, ()))
    return found


def person_label(scenario: Scenario) -> str:
    """A short, masked description of the applicant for headers and logs."""
    person = scenario.applicant
    name = person.name or "申请人"
    masked = name[0] + "*" * (len(name) - 1) if len(name) > 1 else name
    return scenario.title or masked
