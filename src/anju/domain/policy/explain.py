"""Turning a condition's result into a readable reason: values, message, clause, remedy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from anju.domain.members.facts import FACTS, VALUE_LABELS
from anju.domain.policy import types as t
from anju.domain.policy.decision import Citation, Reason, RemedyView
from anju.domain.policy.expr import OP_LABELS
from anju.domain.policy.model import Condition, PolicyPack
from anju.domain.scenario import Scenario

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def cite(pack: PolicyPack, clause_id: str, on: date) -> Citation:
    """The citation of a clause as in force on ``on`` (parse guarantees it exists)."""
    clause = pack.clause(clause_id, on)
    if clause is None:  # pragma: no cover - a parsed pack never cites a missing clause
        return Citation(clause_id, clause_id, "", "", "unverified")
    return Citation(clause.id, clause.document, clause.article, clause.text, clause.status)


def show(value: Any, kind: str | None) -> str:
    """A value for people: enumerations in Chinese, money with ¥, rates in %."""
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value]
    if isinstance(value, tuple):
        return "、".join(VALUE_LABELS.get(str(v), str(v)) for v in value)
    return t.show(value, kind)


def reason_for(pack: PolicyPack, condition: Condition, facts: Mapping[str, Any],
               params: Mapping[str, Any], on: date) -> Reason:
    """Evaluate one condition and explain it."""
    compiled = condition.when
    result = compiled.fn(facts, params)
    status = "met" if result is True else "failed" if result is False else "unknown"
    comparison = compiled.comparison
    if comparison is not None:
        left = comparison.left(facts, params)
        right = comparison.right(facts, params)
        observed = show(left, comparison.left_type)
        required = condition.requires or f"{OP_LABELS[comparison.op]}{show(right, comparison.right_type)}"
    else:
        observed = "；".join(
            f"{_label(pack, name)}：{show(facts.get(name), _type(pack, name))}"
            for name in sorted(compiled.facts)
        )
        required = condition.requires or condition.label
    unknown: tuple[tuple[str, str], ...] = ()
    if status == "unknown":
        unknown = tuple(
            (name, FACTS[name].label) for name in sorted(_base_facts(pack, compiled.facts))
            if facts.get(name) is None
        )
    values = {"observed": observed, "required": required}
    if status == "failed":
        message = render(condition.message, facts, params, values, pack)
    elif status == "met":
        message = f"{condition.label}：符合"
    else:
        wanted = "、".join(label for _, label in unknown) or condition.label
        message = f"无法判断“{condition.label}”，需要：{wanted}"
    remedy = RemedyView(condition.remedy.kind,
                        render(condition.remedy.hint, facts, params, values, pack),
                        None, condition.remedy.business)
    return Reason(condition.id, condition.label, status, observed, required,
                  cite(pack, condition.clause, on), message, remedy, unknown)


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
