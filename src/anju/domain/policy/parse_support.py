"""What every part of the pack parser shares: the problem list, the names, small readers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from anju.domain.errors import Problem
from anju.domain.members.catalogue import FACTS
from anju.domain.policy import types as t
from anju.domain.policy.expr import Compiled, ExprError, compile_expr
from anju.domain.policy.model import Condition, Dated


@dataclass
class PackNames:
    """Problems found so far, and the names expressions may use (the Names protocol)."""

    problems: list[Problem] = field(default_factory=list)
    param_types: dict[str, str] = field(default_factory=dict)
    definition_types: dict[str, str] = field(default_factory=dict)
    conditions: dict[tuple[Any, ...], Condition] = field(default_factory=dict)

    def add(self, file: str, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message, file=file))

    # the Names protocol used by the expression compiler
    def fact_type(self, name: str) -> str | None:
        spec = FACTS.get(name)
        return spec.type if spec else self.definition_types.get(name)

    def param_type(self, name: str) -> str | None:
        return self.param_types.get(name)

    def choices(self, name: str) -> frozenset[str] | None:
        spec = FACTS.get(name)
        return spec.choices if spec else None


def read_date(ctx: PackNames, file: str, path: str, value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        ctx.add(file, path, f"应为日期 YYYY-MM-DD，实际为 “{value}”")
        return None


def read_dated(ctx: PackNames, file: str, path: str, item: Mapping[str, Any],
           default_since: date | None = None) -> Dated | None:
    raw_since = item.get("since", default_since)
    if raw_since is None:
        ctx.add(file, f"{path}.since", "缺少生效日期 since")
        return None
    since = read_date(ctx, file, f"{path}.since", raw_since)
    until = read_date(ctx, file, f"{path}.until", item["until"]) if item.get("until") else None
    if since is None or (item.get("until") and until is None):
        return None
    if until is not None and until < since:
        ctx.add(file, f"{path}.until", f"失效日期 {until} 早于生效日期 {since}")
        return None
    return Dated(since, until)


def read_required(ctx: PackNames, file: str, path: str, item: Mapping[str, Any], key: str,
              kind: type | tuple[type, ...] = str) -> Any:
    if key not in item or item[key] in (None, ""):
        ctx.add(file, f"{path}.{key}", f"缺少必填项 {key}")
        return None
    value = item[key]
    if not isinstance(value, kind):
        ctx.add(file, f"{path}.{key}", f"类型错误，应为{_kind_name(kind)}，实际为 “{value}”")
        return None
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "文字", int: "整数", bool: "是/否", list: "列表", dict: "映射"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "或".join(names.get(k, k.__name__) for k in kinds)


def read_mapping(ctx: PackNames, file: str, path: str, item: Any) -> Mapping[str, Any] | None:
    if not isinstance(item, Mapping):
        ctx.add(file, path, "应为映射（键: 值）")
        return None
    return item


def read_expr(ctx: PackNames, file: str, path: str, source: Any, want: str | None) -> Compiled | None:
    if not isinstance(source, (str, int, float, bool)) or source == "":
        ctx.add(file, path, "缺少表达式")
        return None
    try:
        compiled = compile_expr(str(source), ctx)
    except ExprError as exc:
        ctx.add(file, path, str(exc))
        return None
    if want == "numeric" and compiled.type not in t.NUMERIC:
        ctx.add(file, path, f"类型不匹配：应为数值表达式，实际为{t.TYPE_LABELS[compiled.type]}")
        return None
    if want is not None and want != "numeric" and compiled.type != want:
        ctx.add(file, path, f"类型不匹配：应为{t.TYPE_LABELS[want]}表达式，"
                            f"实际为{t.TYPE_LABELS[compiled.type]}")
        return None
    return compiled


def check_overlaps(ctx: PackNames, what: str, entries: list[tuple[str, str, str, Dated]]) -> None:
    """Report versions of the same thing whose date ranges overlap."""
    by_key: dict[str, list[tuple[str, str, Dated]]] = {}
    for key, file, path, dated in entries:
        by_key.setdefault(key, []).append((file, path, dated))
    for key, versions in by_key.items():
        for i, (file, path, dated) in enumerate(versions):
            for _, other_path, other in versions[:i]:
                if dated.overlaps(other):
                    ctx.add(file, path, f"{what} {key} 的生效期间与 {other_path} 重叠"
                                        f"（{dated.since}–{dated.until or '至今'} 与 "
                                        f"{other.since}–{other.until or '至今'}）")
