"""Build a :class:`PolicyPack` from YAML data, rejecting a broken pack with every problem.

The adapter reads the files; this module gets ``{file name: parsed YAML}`` and checks
everything: each problem names the file, the key path and what was expected. A pack is a set
of files whose top-level keys are sections (``pack``, ``parameters``, ``clauses``,
``definitions``, ``materials``, ``businesses``, ``calendar``, ``personalisation``), so a pack can
be one file or a folder. Businesses are parsed in :mod:`parse_business`.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from anju.domain.errors import PolicyPackError
from anju.domain.members.catalogue import FACTS
from anju.domain.policy import types as t
from anju.domain.policy.model import (
    STATUSES,
    Business,
    Clause,
    Definition,
    Material,
    Parameter,
    ParamValue,
    PolicyPack,
)
from anju.domain.policy.parse_business import parse_businesses
from anju.domain.policy.parse_support import (
    PackNames,
    check_overlaps,
    read_date,
    read_dated,
    read_expr,
    read_mapping,
    read_required,
)

SECTIONS = ("pack", "parameters", "clauses", "definitions", "materials", "businesses",
            "calendar", "personalisation")


def parse_pack(files: Mapping[str, Any]) -> PolicyPack:
    """Build and validate a pack from parsed YAML documents keyed by file name."""
    ctx = PackNames()
    sections: dict[str, list[tuple[str, str, Any]]] = {s: [] for s in SECTIONS}
    for file, doc in sorted(files.items()):
        if not isinstance(doc, Mapping):
            ctx.add(file, "", "文件顶层应为映射（章节名: 内容）")
            continue
        for key, value in doc.items():
            if str(key).startswith("x-"):
                continue  # extension blocks hold YAML anchors shared within the file
            if key not in SECTIONS:
                ctx.add(file, str(key), f"未知章节，应为 {'、'.join(SECTIONS)} 之一")
            elif key in ("businesses",):
                items = value if isinstance(value, list) else [value]
                for i, item in enumerate(items):
                    sections[key].append((file, f"businesses[{i}]", item))
            elif key in ("pack", "calendar", "personalisation"):
                sections[key].append((file, key, value))
            elif not isinstance(value, Mapping):
                ctx.add(file, key, "应为映射（名称: 内容）")
            else:
                for name, item in value.items():
                    sections[key].append((file, f"{key}.{name}", (str(name), item)))
    meta = _pack_meta(ctx, sections["pack"])
    parameters = _parameters(ctx, sections["parameters"])
    clauses = _clauses(ctx, sections["clauses"])
    materials = _materials(ctx, sections["materials"])
    definitions = _definitions(ctx, sections["definitions"])
    businesses = parse_businesses(ctx, sections["businesses"], clauses, materials)
    if ctx.problems:
        raise PolicyPackError(f"政策包有 {len(ctx.problems)} 处错误", ctx.problems)
    calendar = sections["calendar"][0][2] if sections["calendar"] else {}
    personal = sections["personalisation"][0][2] if sections["personalisation"] else {}
    pack = PolicyPack(
        id=meta.get("id", ""), name=meta.get("name", ""), version=str(meta.get("version", "")),
        city=meta.get("city", ""), parameters=parameters, clauses=clauses,
        definitions=definitions, businesses=(), materials=materials,
        calendar=calendar or {}, personalisation=personal or {},
    )
    return replace(pack, businesses=tuple(_with_basis(pack, b) for b in businesses))


def _with_basis(pack: PolicyPack, business: Business) -> Business:
    """Record which parameters and clauses a business rests on (for the 待核实 badge)."""
    exprs = [c.when for c in business.conditions]
    exprs += [lim.expr for lim in business.amount.limits] if business.amount else []
    params: set[str] = set()
    for expr in exprs:
        params.update(expr.params)
        for name in expr.facts:
            params.update(pack.definition_params.get(name, ()))
    clauses = [business.clause, *(c.clause for c in business.conditions)]
    clauses += [lim.clause for lim in business.amount.limits if lim.clause] if business.amount else []
    return replace(business, params_used=frozenset(params),
                   clauses_used=tuple(dict.fromkeys(clauses)))


# -- small readers -------------------------------------------------------------------------
# -- sections ------------------------------------------------------------------------------
def _pack_meta(ctx: PackNames, entries: list[tuple[str, str, Any]]) -> dict[str, Any]:
    if not entries:
        ctx.add("pack.yaml", "pack", "缺少 pack 章节（id、name、city、version）")
        return {}
    file, path, item = entries[0]
    meta = read_mapping(ctx, file, path, item) or {}
    for key in ("id", "name", "city", "version"):
        read_required(ctx, file, path, meta, key, (str, int, float))
    return dict(meta)


def _parameters(ctx: PackNames, entries: list[tuple[str, str, Any]]) -> dict[str, Parameter]:
    result: dict[str, Parameter] = {}
    for file, path, (name, raw) in entries:
        item = read_mapping(ctx, file, path, raw)
        if item is None:
            continue
        kind = read_required(ctx, file, path, item, "type")
        label = read_required(ctx, file, path, item, "label")
        if kind is not None and kind not in t.TYPES:
            ctx.add(file, f"{path}.type", f"未知类型 “{kind}”，应为 {'、'.join(sorted(t.TYPES))}")
            kind = None
        values_raw = read_mapping(ctx, file, f"{path}.values", item.get("values"))
        if kind is None or label is None or values_raw is None:
            continue
        if name in result:
            ctx.add(file, path, f"参数 {name} 重复定义")
        values = []
        for key, entry in values_raw.items():
            vpath = f"{path}.values.{key}"
            since = read_date(ctx, file, vpath, key)
            ventry = read_mapping(ctx, file, vpath, entry)
            if since is None or ventry is None:
                continue
            value = _param_value(ctx, file, vpath, kind, ventry.get("value"))
            source = read_required(ctx, file, vpath, ventry, "source")
            status = read_required(ctx, file, vpath, ventry, "status")
            if status is not None and status not in STATUSES:
                ctx.add(file, f"{vpath}.status", f"应为 {'、'.join(STATUSES)} 之一，实际为 “{status}”")
            values.append(ParamValue(value, since, source or "", status or "placeholder"))
        if not values:
            ctx.add(file, f"{path}.values", "参数至少需要一个取值")
        ctx.param_types[name] = kind
        result[name] = Parameter(name, label, kind, tuple(sorted(values, key=lambda v: v.since)),
                                 item.get("unit"), item.get("clause"))
    return result


def _param_value(ctx: PackNames, file: str, path: str, kind: str, raw: Any) -> Any:
    value: Any = raw
    if kind in (t.MONEY, t.DECIMAL) and isinstance(raw, (int, float, str)) \
            and not isinstance(raw, bool):
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            value = raw
    elif kind == t.LIST and isinstance(raw, list):
        value = tuple(raw)
    elif kind == t.DATE and isinstance(raw, str):
        value = read_date(ctx, file, f"{path}.value", raw)
    if raw is None or not t.check_value(kind, value):
        ctx.add(file, f"{path}.value", f"类型不匹配：应为{t.TYPE_LABELS[kind]}，实际为 “{raw}”")
    return value


def _clauses(ctx: PackNames, entries: list[tuple[str, str, Any]]) -> dict[str, tuple[Clause, ...]]:
    result: dict[str, list[Clause]] = {}
    dated_entries = []
    for file, path, (clause_id, raw) in entries:
        versions = raw if isinstance(raw, list) else [raw]
        for i, version in enumerate(versions):
            vpath = f"{path}[{i}]" if isinstance(raw, list) else path
            item = read_mapping(ctx, file, vpath, version)
            if item is None:
                continue
            document = read_required(ctx, file, vpath, item, "document")
            article = read_required(ctx, file, vpath, item, "article")
            text = read_required(ctx, file, vpath, item, "text")
            status = read_required(ctx, file, vpath, item, "status")
            if status is not None and status not in STATUSES:
                ctx.add(file, f"{vpath}.status", f"应为 {'、'.join(STATUSES)} 之一，实际为 “{status}”")
            dated = read_dated(ctx, file, vpath, item)
            if None in (document, article, text, status, dated):
                continue
            assert dated is not None
            dated_entries.append((clause_id, file, vpath, dated))
            result.setdefault(clause_id, []).append(
                Clause(clause_id, document, article, text, status, dated, item.get("url")))
    check_overlaps(ctx, "条款", dated_entries)
    return {k: tuple(sorted(v, key=lambda c: c.dated.since)) for k, v in result.items()}


def _materials(ctx: PackNames, entries: list[tuple[str, str, Any]]) -> dict[str, Material]:
    result = {}
    for file, path, (code, raw) in entries:
        item = read_mapping(ctx, file, path, raw)
        if item is None:
            continue
        name = read_required(ctx, file, path, item, "name")
        deferrable = read_required(ctx, file, path, item, "deferrable", bool)
        if name is not None and deferrable is not None:
            result[code] = Material(code, name, deferrable, item.get("data_check"))
    return result


def _names_in(source: str) -> set[str]:
    """Dotted names an expression mentions (for the dependency graph of definitions)."""
    try:
        tree = ast.parse(str(source), mode="eval")
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            parts = []
            cur: ast.expr = node
            while isinstance(cur, ast.Attribute):
                parts.append(cur.attr)
                cur = cur.value
            if isinstance(cur, ast.Name):
                found.add(".".join([cur.id, *reversed(parts)]))
    return found


def _definitions(ctx: PackNames, entries: list[tuple[str, str, Any]]) -> tuple[Definition, ...]:
    raw: dict[str, tuple[str, str, Mapping[str, Any]]] = {}
    for file, path, (name, item) in entries:
        mapping = read_mapping(ctx, file, path, item)
        if mapping is None:
            continue
        if name in FACTS:
            ctx.add(file, path, f"定义名 {name} 与事实同名")
            continue
        if read_required(ctx, file, path, mapping, "expr", (str, int, float)) is None:
            continue
        raw[name] = (file, path, mapping)
    deps = {name: _names_in(str(m["expr"])) & raw.keys() for name, (_, _, m) in raw.items()}
    order = _topological(ctx, raw, deps)
    result = []
    for name in order:
        file, path, mapping = raw[name]
        compiled = read_expr(ctx, file, f"{path}.expr", mapping["expr"], None)
        if compiled is not None:
            ctx.definition_types[name] = compiled.type
            result.append(Definition(name, str(mapping.get("label", name)), compiled))
    return tuple(result)


def _topological(ctx: PackNames, raw: Mapping[str, tuple[str, str, Any]],
                 deps: Mapping[str, set[str]]) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = [*trail[trail.index(name):], name]
            file, path, _ = raw[name]
            ctx.add(file, path, f"定义之间存在循环引用：{' → '.join(cycle)}")
            return
        state[name] = 1
        for dep in sorted(deps[name]):
            visit(dep, [*trail, name])
        state[name] = 2
        order.append(name)

    for name in sorted(raw):
        visit(name, [])
    cyclic = {p.path for p in ctx.problems if "循环引用" in p.message}
    return [n for n in order if raw[n][1] not in cyclic]


