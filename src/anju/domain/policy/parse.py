"""Build a :class:`PolicyPack` from YAML data, rejecting a broken pack with every problem.

The adapter reads the files; this module gets ``{file name: parsed YAML}`` and checks
everything: each problem names the file, the key path and what was expected. A pack is a set
of files whose top-level keys are sections (``pack``, ``parameters``, ``clauses``,
``definitions``, ``materials``, ``businesses``, ``calendar``, ``personalisation``), so a pack can
be one file or a folder.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from anju.domain.errors import PolicyPackError, Problem
from anju.domain.members.facts import FACTS
from anju.domain.policy import types as t
from anju.domain.policy.expr import Compiled, ExprError, compile_expr
from anju.domain.policy.model import (
    RELATIVES,
    REMEDY_KINDS,
    STATUSES,
    Amount,
    Business,
    Clause,
    Condition,
    Dated,
    Definition,
    Limit,
    Material,
    MaterialNeed,
    Parameter,
    ParamValue,
    PolicyPack,
    Remedy,
    TimeLimit,
)

SECTIONS = ("pack", "parameters", "clauses", "definitions", "materials", "businesses",
            "calendar", "personalisation")
CATEGORIES = ("withdrawal", "loan", "transfer", "certificate", "deposit")
CHANNELS = ("online", "counter", "phone", "bank")
ROUNDINGS = ("fen", "yuan", "hundred", "thousand")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


@dataclass
class _Ctx:
    """Problems found so far and the names known to expressions."""

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


def parse_pack(files: Mapping[str, Any]) -> PolicyPack:
    """Build and validate a pack from parsed YAML documents keyed by file name."""
    ctx = _Ctx()
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
    businesses = _businesses(ctx, sections["businesses"], clauses, materials)
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
def _date(ctx: _Ctx, file: str, path: str, value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        ctx.add(file, path, f"应为日期 YYYY-MM-DD，实际为 “{value}”")
        return None


def _dated(ctx: _Ctx, file: str, path: str, item: Mapping[str, Any],
           default_since: date | None = None) -> Dated | None:
    raw_since = item.get("since", default_since)
    if raw_since is None:
        ctx.add(file, f"{path}.since", "缺少生效日期 since")
        return None
    since = _date(ctx, file, f"{path}.since", raw_since)
    until = _date(ctx, file, f"{path}.until", item["until"]) if item.get("until") else None
    if since is None or (item.get("until") and until is None):
        return None
    if until is not None and until < since:
        ctx.add(file, f"{path}.until", f"失效日期 {until} 早于生效日期 {since}")
        return None
    return Dated(since, until)


def _required(ctx: _Ctx, file: str, path: str, item: Mapping[str, Any], key: str,
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


def _mapping(ctx: _Ctx, file: str, path: str, item: Any) -> Mapping[str, Any] | None:
    if not isinstance(item, Mapping):
        ctx.add(file, path, "应为映射（键: 值）")
        return None
    return item


def _expr(ctx: _Ctx, file: str, path: str, source: Any, want: str | None) -> Compiled | None:
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


def _overlaps(ctx: _Ctx, what: str, entries: list[tuple[str, str, str, Dated]]) -> None:
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


# -- sections ------------------------------------------------------------------------------
def _pack_meta(ctx: _Ctx, entries: list[tuple[str, str, Any]]) -> dict[str, Any]:
    if not entries:
        ctx.add("pack.yaml", "pack", "缺少 pack 章节（id、name、city、version）")
        return {}
    file, path, item = entries[0]
    meta = _mapping(ctx, file, path, item) or {}
    for key in ("id", "name", "city", "version"):
        _required(ctx, file, path, meta, key, (str, int, float))
    return dict(meta)


def _parameters(ctx: _Ctx, entries: list[tuple[str, str, Any]]) -> dict[str, Parameter]:
    result: dict[str, Parameter] = {}
    for file, path, (name, raw) in entries:
        item = _mapping(ctx, file, path, raw)
        if item is None:
            continue
        kind = _required(ctx, file, path, item, "type")
        label = _required(ctx, file, path, item, "label")
        if kind is not None and kind not in t.TYPES:
            ctx.add(file, f"{path}.type", f"未知类型 “{kind}”，应为 {'、'.join(sorted(t.TYPES))}")
            kind = None
        values_raw = _mapping(ctx, file, f"{path}.values", item.get("values"))
        if kind is None or label is None or values_raw is None:
            continue
        if name in result:
            ctx.add(file, path, f"参数 {name} 重复定义")
        values = []
        for key, entry in values_raw.items():
            vpath = f"{path}.values.{key}"
            since = _date(ctx, file, vpath, key)
            ventry = _mapping(ctx, file, vpath, entry)
            if since is None or ventry is None:
                continue
            value = _param_value(ctx, file, vpath, kind, ventry.get("value"))
            source = _required(ctx, file, vpath, ventry, "source")
            status = _required(ctx, file, vpath, ventry, "status")
            if status is not None and status not in STATUSES:
                ctx.add(file, f"{vpath}.status", f"应为 {'、'.join(STATUSES)} 之一，实际为 “{status}”")
            values.append(ParamValue(value, since, source or "", status or "placeholder"))
        if not values:
            ctx.add(file, f"{path}.values", "参数至少需要一个取值")
        ctx.param_types[name] = kind
        result[name] = Parameter(name, label, kind, tuple(sorted(values, key=lambda v: v.since)),
                                 item.get("unit"), item.get("clause"))
    return result


def _param_value(ctx: _Ctx, file: str, path: str, kind: str, raw: Any) -> Any:
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
        value = _date(ctx, file, f"{path}.value", raw)
    if raw is None or not t.check_value(kind, value):
        ctx.add(file, f"{path}.value", f"类型不匹配：应为{t.TYPE_LABELS[kind]}，实际为 “{raw}”")
    return value


def _clauses(ctx: _Ctx, entries: list[tuple[str, str, Any]]) -> dict[str, tuple[Clause, ...]]:
    result: dict[str, list[Clause]] = {}
    dated_entries = []
    for file, path, (clause_id, raw) in entries:
        versions = raw if isinstance(raw, list) else [raw]
        for i, version in enumerate(versions):
            vpath = f"{path}[{i}]" if isinstance(raw, list) else path
            item = _mapping(ctx, file, vpath, version)
            if item is None:
                continue
            document = _required(ctx, file, vpath, item, "document")
            article = _required(ctx, file, vpath, item, "article")
            text = _required(ctx, file, vpath, item, "text")
            status = _required(ctx, file, vpath, item, "status")
            if status is not None and status not in STATUSES:
                ctx.add(file, f"{vpath}.status", f"应为 {'、'.join(STATUSES)} 之一，实际为 “{status}”")
            dated = _dated(ctx, file, vpath, item)
            if None in (document, article, text, status, dated):
                continue
            assert dated is not None
            dated_entries.append((clause_id, file, vpath, dated))
            result.setdefault(clause_id, []).append(
                Clause(clause_id, document, article, text, status, dated, item.get("url")))
    _overlaps(ctx, "条款", dated_entries)
    return {k: tuple(sorted(v, key=lambda c: c.dated.since)) for k, v in result.items()}


def _materials(ctx: _Ctx, entries: list[tuple[str, str, Any]]) -> dict[str, Material]:
    result = {}
    for file, path, (code, raw) in entries:
        item = _mapping(ctx, file, path, raw)
        if item is None:
            continue
        name = _required(ctx, file, path, item, "name")
        deferrable = _required(ctx, file, path, item, "deferrable", bool)
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


def _definitions(ctx: _Ctx, entries: list[tuple[str, str, Any]]) -> tuple[Definition, ...]:
    raw: dict[str, tuple[str, str, Mapping[str, Any]]] = {}
    for file, path, (name, item) in entries:
        mapping = _mapping(ctx, file, path, item)
        if mapping is None:
            continue
        if name in FACTS:
            ctx.add(file, path, f"定义名 {name} 与事实同名")
            continue
        if _required(ctx, file, path, mapping, "expr", (str, int, float)) is None:
            continue
        raw[name] = (file, path, mapping)
    deps = {name: _names_in(str(m["expr"])) & raw.keys() for name, (_, _, m) in raw.items()}
    order = _topological(ctx, raw, deps)
    result = []
    for name in order:
        file, path, mapping = raw[name]
        compiled = _expr(ctx, file, f"{path}.expr", mapping["expr"], None)
        if compiled is not None:
            ctx.definition_types[name] = compiled.type
            result.append(Definition(name, str(mapping.get("label", name)), compiled))
    return tuple(result)


def _topological(ctx: _Ctx, raw: Mapping[str, tuple[str, str, Any]],
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


def _businesses(ctx: _Ctx, entries: list[tuple[str, str, Any]],
                clauses: Mapping[str, tuple[Clause, ...]],
                materials: Mapping[str, Material]) -> tuple[Business, ...]:
    result = []
    dated_entries = []
    for file, path, raw in entries:
        item = _mapping(ctx, file, path, raw)
        if item is None:
            continue
        business = _business(ctx, file, path, item, clauses, materials)
        if business is not None:
            result.append(business)
            dated_entries.append((business.code, file, path, business.dated))
    _overlaps(ctx, "业务", dated_entries)
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


def _clause_ref(ctx: _Ctx, file: str, path: str, item: Mapping[str, Any],
                clauses: Mapping[str, tuple[Clause, ...]], key: str = "clause") -> str | None:
    ref = item.get(key)
    if not ref:
        ctx.add(file, f"{path}.{key}", "缺少依据条款 clause：每个规则都必须引用条款")
        return None
    if ref not in clauses:
        ctx.add(file, f"{path}.{key}", f"引用了不存在的条款 {ref}")
        return None
    return str(ref)


def _business(ctx: _Ctx, file: str, path: str, item: Mapping[str, Any],
              clauses: Mapping[str, tuple[Clause, ...]],
              materials: Mapping[str, Material]) -> Business | None:
    code = _required(ctx, file, path, item, "code")
    path = f"{path}({code})" if code else path
    name = _required(ctx, file, path, item, "name")
    category = _required(ctx, file, path, item, "category")
    if category is not None and category not in CATEGORIES:
        ctx.add(file, f"{path}.category", f"应为 {'、'.join(CATEGORIES)} 之一")
    dated = _dated(ctx, file, path, item)
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


def _conditions(ctx: _Ctx, file: str, path: str, raw: Any,
                clauses: Mapping[str, tuple[Clause, ...]],
                business_dated: Dated | None) -> tuple[Condition, ...]:
    if not isinstance(raw, list):
        ctx.add(file, f"{path}.conditions", "应为列表")
        return ()
    result = []
    dated_entries = []
    for i, entry in enumerate(raw):
        cpath = f"{path}.conditions[{i}]"
        item = _mapping(ctx, file, cpath, entry)
        if item is None:
            continue
        rule_id = _required(ctx, file, cpath, item, "id")
        cpath = f"{path}.conditions[{i}]({rule_id})" if rule_id else cpath
        label = _required(ctx, file, cpath, item, "label")
        when = _expr(ctx, file, f"{cpath}.when", item.get("when"), t.BOOL)
        clause = _clause_ref(ctx, file, cpath, item, clauses)
        message = _required(ctx, file, cpath, item, "message")
        if message:
            _check_placeholders(ctx, file, f"{cpath}.message", message)
        remedy = _remedy(ctx, file, cpath, item.get("remedy"))
        since = business_dated.since if business_dated else None
        dated = _dated(ctx, file, cpath, item, since)
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
    _overlaps(ctx, "规则", dated_entries)
    return tuple(result)


def _check_placeholders(ctx: _Ctx, file: str, path: str, message: str) -> None:
    for name in _PLACEHOLDER.findall(message):
        if name in ("observed", "required"):
            continue
        if name.startswith("param."):
            if name[6:] not in ctx.param_types:
                ctx.add(file, path, f"消息中引用了未知参数 {{{name}}}")
        elif ctx.fact_type(name) is None:
            ctx.add(file, path, f"消息中引用了未知事实 {{{name}}}")


def _remedy(ctx: _Ctx, file: str, path: str, raw: Any) -> Remedy | None:
    if raw is None:
        ctx.add(file, f"{path}.remedy", f"缺少补救方式 remedy（{'、'.join(REMEDY_KINDS)}）")
        return None
    item = {"kind": raw} if isinstance(raw, str) else _mapping(ctx, file, f"{path}.remedy", raw)
    if item is None:
        return None
    kind = item.get("kind")
    if kind not in REMEDY_KINDS:
        ctx.add(file, f"{path}.remedy.kind", f"应为 {'、'.join(REMEDY_KINDS)} 之一，实际为 “{kind}”")
        return None
    return Remedy(str(kind), str(item.get("hint", "")), item.get("business"))


def _material_needs(ctx: _Ctx, file: str, path: str, raw: Any,
                    materials: Mapping[str, Material],
                    business_dated: Dated | None) -> tuple[MaterialNeed, ...]:
    result = []
    flat: list[Any] = []
    for entry in raw if isinstance(raw, list) else []:
        # a nested list comes from a YAML alias of a shared material list
        flat.extend(entry if isinstance(entry, list) else [entry])
    for i, entry in enumerate(flat):
        mpath = f"{path}.materials[{i}]"
        item = {"code": entry} if isinstance(entry, str) else _mapping(ctx, file, mpath, entry)
        if item is None:
            continue
        code = str(item.get("code"))
        if code not in materials:
            ctx.add(file, f"{mpath}.code", f"未知材料 {code}（材料须在 materials 章节登记）")
            continue
        since = business_dated.since if business_dated else None
        dated = _dated(ctx, file, mpath, item, since)
        when = _expr(ctx, file, f"{mpath}.when", item["when"], t.BOOL) if "when" in item else None
        replaced = (_expr(ctx, file, f"{mpath}.replaced_when", item["replaced_when"], t.BOOL)
                    if "replaced_when" in item else None)
        if dated is not None:
            result.append(MaterialNeed(code, dated, when, replaced))
    return tuple(result)


def _time_limits(ctx: _Ctx, file: str, path: str, raw: Any,
                 clauses: Mapping[str, tuple[Clause, ...]],
                 business_dated: Dated | None) -> tuple[TimeLimit, ...]:
    result = []
    dated_entries = []
    for i, entry in enumerate(raw if isinstance(raw, list) else []):
        tpath = f"{path}.time_limits[{i}]"
        item = _mapping(ctx, file, tpath, entry)
        if item is None:
            continue
        days = _required(ctx, file, tpath, item, "days", int)
        clause = _clause_ref(ctx, file, tpath, item, clauses)
        since = business_dated.since if business_dated else None
        dated = _dated(ctx, file, tpath, item, since)
        if days is not None and clause and dated is not None:
            dated_entries.append(("办结时限", file, tpath, dated))
            result.append(TimeLimit(days, clause, dated))
    _overlaps(ctx, "时限", dated_entries)
    return tuple(result)


def _amount(ctx: _Ctx, file: str, path: str, raw: Any,
            clauses: Mapping[str, tuple[Clause, ...]]) -> Amount | None:
    item = _mapping(ctx, file, f"{path}.amount", raw)
    if item is None:
        return None
    rounding = item.get("rounding", "fen")
    if rounding not in ROUNDINGS:
        ctx.add(file, f"{path}.amount.rounding", f"应为 {'、'.join(ROUNDINGS)} 之一")
    limits = []
    for i, entry in enumerate(item.get("limits") or []):
        lpath = f"{path}.amount.limits[{i}]"
        lim = _mapping(ctx, file, lpath, entry)
        if lim is None:
            continue
        lid = _required(ctx, file, lpath, lim, "id")
        label = _required(ctx, file, lpath, lim, "label")
        expr = _expr(ctx, file, f"{lpath}.expr", lim.get("expr"), "numeric")
        clause = lim.get("clause")
        if clause and clause not in clauses:
            ctx.add(file, f"{lpath}.clause", f"引用了不存在的条款 {clause}")
        if lid and label and expr:
            limits.append(Limit(lid, label, expr, clause))
    if not limits:
        ctx.add(file, f"{path}.amount.limits", "金额至少需要一个限额")
        return None
    return Amount(str(item.get("label", "可办理金额上限")), tuple(limits), str(rounding))
