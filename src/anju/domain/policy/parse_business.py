"""Parsing the businesses of a pack: conditions, materials, time limits and amounts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from anju.domain.policy import types as t
from anju.domain.policy.model import (
    RELATIVES,
    REMEDY_KINDS,
    Amount,
    Business,
    Clause,
    Condition,
    Dated,
    Limit,
    Material,
    MaterialNeed,
    Remedy,
    TimeLimit,
)
from anju.domain.policy.parse_support import (
    PackNames,
    check_overlaps,
    read_dated,
    read_expr,
    read_mapping,
    read_required,
)

CATEGORIES = ("withdrawal", "loan", "transfer", "certificate", "deposit")
CHANNELS = ("online", "counter", "phone", "bank")
ROUNDINGS = ("fen", "yuan", "hundred", "thousand")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def parse_businesses(ctx: PackNames, entries: list[tuple[str, str, Any]],
                clauses: Mapping[str, tuple[Clause, ...]],
                materials: Mapping[str, Material]) -> tuple[Business, ...]:
    result = []
    dated_entries = []
    for file, path, raw in entries:
        item = read_mapping(ctx, file, path, raw)
        if item is None:
            continue
        business = _business(ctx, file, path, item, clauses, materials)
        if business is not None:
            result.append(business)
            dated_entries.append((business.code, file, path, business.dated))
    check_overlaps(ctx, "业务", dated_entries)
    codes = {b.code for b in result}
    for business in result:
        for alt in business.alternatives:
            if alt not in codes:
                ctx.add(business.file, f"{business.code}.alternatives", f"未知的替代业务 {alt}")
        for cond in business.conditions:
            if cond.remedy.business and cond.remedy.business not in codes:
                ctx.add(business.file, f"{business.code}.conditions.{cond.id}.remedy.business",
                        f"未知的业务 {cond.remedy.business}")
    return tuple(result)


def _clause_ref(ctx: PackNames, file: str, path: str, item: Mapping[str, Any],
                clauses: Mapping[str, tuple[Clause, ...]], key: str = "clause") -> str | None:
    ref = item.get(key)
    if not ref:
        ctx.add(file, f"{path}.{key}", "缺少依据条款 clause：每个规则都必须引用条款")
        return None
    if ref not in clauses:
        ctx.add(file, f"{path}.{key}", f"引用了不存在的条款 {ref}")
        return None
    return str(ref)


def _business(ctx: PackNames, file: str, path: str, item: Mapping[str, Any],
              clauses: Mapping[str, tuple[Clause, ...]],
              materials: Mapping[str, Material]) -> Business | None:
    code = read_required(ctx, file, path, item, "code")
    path = f"{path}({code})" if code else path
    name = read_required(ctx, file, path, item, "name")
    category = read_required(ctx, file, path, item, "category")
    if category is not None and category not in CATEGORIES:
        ctx.add(file, f"{path}.category", f"应为 {'、'.join(CATEGORIES)} 之一")
    dated = read_dated(ctx, file, path, item)
    clause = _clause_ref(ctx, file, path, item, clauses)
    channels = item.get("channels") or []
    for ch in channels:
        if ch not in CHANNELS:
            ctx.add(file, f"{path}.channels", f"未知渠道 {ch}，应为 {'、'.join(CHANNELS)} 之一")
    conditions = _conditions(ctx, file, path, item.get("conditions") or [], clauses, dated)
    needs = _material_needs(ctx, file, path, item.get("materials") or [], materials, dated)
    limits = _time_limits(ctx, file, path, item.get("time_limits") or [], clauses, dated)
    amount = _amount(ctx, file, path, item["amount"], clauses) if item.get("amount") else None
    via = tuple(item.get("via") or ())
    for who in via:
        if who not in RELATIVES:
            ctx.add(file, f"{path}.via", f"未知的亲属关系 {who}，应为 {'、'.join(RELATIVES)} 之一")
    via_clause = _clause_ref(ctx, file, path, item, clauses, "via_clause") if via else None
    if None in (code, name, category, dated, clause):
        return None
    assert dated is not None
    return Business(
        code=code, name=name, category=category, dated=dated, clause=clause or "",
        conditions=conditions, materials=needs, time_limits=limits,
        channels=tuple(channels), cross_province=bool(item.get("cross_province", False)),
        description=str(item.get("description", "")), amount=amount, via=via,
        via_clause=via_clause, alternatives=tuple(item.get("alternatives") or ()),
        closes_account=bool(item.get("closes_account", False)), file=file,
    )


def _conditions(ctx: PackNames, file: str, path: str, raw: Any,
                clauses: Mapping[str, tuple[Clause, ...]],
                business_dated: Dated | None) -> tuple[Condition, ...]:
    if not isinstance(raw, list):
        ctx.add(file, f"{path}.conditions", "应为列表")
        return ()
    result = []
    dated_entries = []
    for i, entry in enumerate(raw):
        cpath = f"{path}.conditions[{i}]"
        item = read_mapping(ctx, file, cpath, entry)
        if item is None:
            continue
        rule_id = read_required(ctx, file, cpath, item, "id")
        cpath = f"{path}.conditions[{i}]({rule_id})" if rule_id else cpath
        label = read_required(ctx, file, cpath, item, "label")
        when = read_expr(ctx, file, f"{cpath}.when", item.get("when"), t.BOOL)
        clause = _clause_ref(ctx, file, cpath, item, clauses)
        message = read_required(ctx, file, cpath, item, "message")
        if message:
            _check_placeholders(ctx, file, f"{cpath}.message", message)
        remedy = _remedy(ctx, file, cpath, item.get("remedy"))
        since = business_dated.since if business_dated else None
        dated = read_dated(ctx, file, cpath, item, since)
        if None in (rule_id, label, when, clause, message, remedy, dated):
            continue
        assert when is not None and remedy is not None and dated is not None
        dated_entries.append((rule_id, file, cpath, dated))
        condition = Condition(rule_id, label, when, clause or "", message, remedy, dated,
                              item.get("requires"))
        # One object per distinct condition: businesses share conditions (YAML aliases), and
        # a diagnosis explains each distinct condition once.
        key = (rule_id, label, when.source, clause, message, remedy, dated, condition.requires)
        result.append(ctx.conditions.setdefault(key, condition))
    check_overlaps(ctx, "规则", dated_entries)
    return tuple(result)


def _check_placeholders(ctx: PackNames, file: str, path: str, message: str) -> None:
    for name in _PLACEHOLDER.findall(message):
        if name in ("observed", "required"):
            continue
        if name.startswith("param."):
            if name[6:] not in ctx.param_types:
                ctx.add(file, path, f"消息中引用了未知参数 {{{name}}}")
        elif ctx.fact_type(name) is None:
            ctx.add(file, path, f"消息中引用了未知事实 {{{name}}}")


def _remedy(ctx: PackNames, file: str, path: str, raw: Any) -> Remedy | None:
    if raw is None:
        ctx.add(file, f"{path}.remedy", f"缺少补救方式 remedy（{'、'.join(REMEDY_KINDS)}）")
        return None
    item = {"kind": raw} if isinstance(raw, str) else read_mapping(ctx, file, f"{path}.remedy", raw)
    if item is None:
        return None
    kind = item.get("kind")
    if kind not in REMEDY_KINDS:
        ctx.add(file, f"{path}.remedy.kind", f"应为 {'、'.join(REMEDY_KINDS)} 之一，实际为 “{kind}”")
        return None
    return Remedy(str(kind), str(item.get("hint", "")), item.get("business"))


def _material_needs(ctx: PackNames, file: str, path: str, raw: Any,
                    materials: Mapping[str, Material],
                    business_dated: Dated | None) -> tuple[MaterialNeed, ...]:
    result = []
    flat: list[Any] = []
    for entry in raw if isinstance(raw, list) else []:
        # a nested list comes from a YAML alias of a shared material list
        flat.extend(entry if isinstance(entry, list) else [entry])
    for i, entry in enumerate(flat):
        mpath = f"{path}.materials[{i}]"
        item = {"code": entry} if isinstance(entry, str) else read_mapping(ctx, file, mpath, entry)
        if item is None:
            continue
        code = str(item.get("code"))
        if code not in materials:
            ctx.add(file, f"{mpath}.code", f"未知材料 {code}（材料须在 materials 章节登记）")
            continue
        since = business_dated.since if business_dated else None
        dated = read_dated(ctx, file, mpath, item, since)
        when = read_expr(ctx, file, f"{mpath}.when", item["when"], t.BOOL) if "when" in item else None
        replaced = (read_expr(ctx, file, f"{mpath}.replaced_when", item["replaced_when"], t.BOOL)
                    if "replaced_when" in item else None)
        if dated is not None:
            result.append(MaterialNeed(code, dated, when, replaced))
    return tuple(result)


def _time_limits(ctx: PackNames, file: str, path: str, raw: Any,
                 clauses: Mapping[str, tuple[Clause, ...]],
                 business_dated: Dated | None) -> tuple[TimeLimit, ...]:
    result = []
    dated_entries = []
    for i, entry in enumerate(raw if isinstance(raw, list) else []):
        tpath = f"{path}.time_limits[{i}]"
        item = read_mapping(ctx, file, tpath, entry)
        if item is None:
            continue
        days = read_required(ctx, file, tpath, item, "days", int)
        clause = _clause_ref(ctx, file, tpath, item, clauses)
        since = business_dated.since if business_dated else None
        dated = read_dated(ctx, file, tpath, item, since)
        if days is not None and clause and dated is not None:
            dated_entries.append(("办结时限", file, tpath, dated))
            result.append(TimeLimit(days, clause, dated))
    check_overlaps(ctx, "时限", dated_entries)
    return tuple(result)


def _amount(ctx: PackNames, file: str, path: str, raw: Any,
            clauses: Mapping[str, tuple[Clause, ...]]) -> Amount | None:
    item = read_mapping(ctx, file, f"{path}.amount", raw)
    if item is None:
        return None
    rounding = item.get("rounding", "fen")
    if rounding not in ROUNDINGS:
        ctx.add(file, f"{path}.amount.rounding", f"应为 {'、'.join(ROUNDINGS)} 之一")
    limits = []
    for i, entry in enumerate(item.get("limits") or []):
        lpath = f"{path}.amount.limits[{i}]"
        lim = read_mapping(ctx, file, lpath, entry)
        if lim is None:
            continue
        lid = read_required(ctx, file, lpath, lim, "id")
        label = read_required(ctx, file, lpath, lim, "label")
        expr = read_expr(ctx, file, f"{lpath}.expr", lim.get("expr"), "numeric")
        clause = lim.get("clause")
        if clause and clause not in clauses:
            ctx.add(file, f"{lpath}.clause", f"引用了不存在的条款 {clause}")
        if lid and label and expr:
            limits.append(Limit(lid, label, expr, clause))
    if not limits:
        ctx.add(file, f"{path}.amount.limits", "金额至少需要一个限额")
        return None
    return Amount(str(item.get("label", "可办理金额上限")), tuple(limits), str(rounding))
