"""Condition and amount expressions: parse, type-check, compile to closures.

A pack writes conditions as small expressions in Python syntax over facts, definitions and
parameters, e.g. ``continuous_months >= param.loan.continuous_months``. They are parsed with the
standard :mod:`ast` module (never ``eval``), checked against the declared types, and compiled
into nested closures that evaluate in Kleene three-valued logic: an unknown fact (``None``)
makes a comparison unknown, ``False and unknown`` is ``False``, ``True and unknown`` is unknown.
Unknown is never treated as zero or false.

Supported: ``and or not``, comparisons (also chained, ``in``/``not in`` a list of literals),
``+ - * /``, unary minus, ``a if c else b``, literals (numbers become ``Decimal``), and the
functions ``min max abs pv floor known``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Protocol

from anju.domain.policy import types as t
from anju.domain.policy.finance import present_value

Env = Mapping[str, Any]
Fn = Callable[[Env, Env], Any]


_MISSING = object()


class ExprError(Exception):
    """A problem in one expression; the message is Chinese and names the offending part."""


class Names(Protocol):
    """What an expression may refer to: the type of each fact, definition and parameter."""

    def fact_type(self, name: str) -> str | None: ...

    def param_type(self, name: str) -> str | None: ...

    def choices(self, name: str) -> frozenset[str] | None: ...


@dataclass(frozen=True, slots=True)
class Comparison:
    """The top-level comparison of a condition: shown as observed vs. required."""

    left: Fn
    op: str
    right: Fn
    left_type: str
    right_type: str


@dataclass(frozen=True, slots=True)
class Compiled:
    """A checked, compiled expression and what it reads."""

    source: str
    fn: Fn
    type: str
    facts: frozenset[str]
    params: frozenset[str]
    comparison: Comparison | None

    def __call__(self, facts: Env, params: Env) -> Any:
        return self.fn(facts, params)

    def value(self, facts: Env, params: Env) -> Any:
        """The value, memoised on the facts: packs repeat conditions across businesses."""
        memo = getattr(facts, "memo", None)
        if memo is None:
            return self.fn(facts, params)
        result = memo.get(self.source, _MISSING)
        if result is _MISSING:  # a miss is the common case: no exception for it
            result = memo[self.source] = self.fn(facts, params)
        return result


_OPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in",
}
OP_LABELS = {"==": "为", "!=": "不为", "<": "<", "<=": "≤", ">": ">", ">=": "≥",
             "in": "属于", "not in": "不属于"}


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}


def compile_expr(source: str, names: Names) -> Compiled:
    """Parse, type-check and compile ``source``; raises :class:`ExprError` in Chinese."""
    try:
        # Parenthesised so an expression may span lines (YAML folded blocks keep some newlines).
        tree = ast.parse(f"({str(source).strip()}\n)", mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"表达式语法错误（第{exc.offset}个字符附近）：{source}") from None
    builder = _Builder(names)
    fn, kind = builder.build(tree.body)
    comparison = None
    body = tree.body
    if isinstance(body, ast.Compare) and len(body.ops) == 1:
        left, lk = builder.build(body.left)
        right, rk = builder.build(body.comparators[0])
        comparison = Comparison(left, _OPS[type(body.ops[0])], right, lk, rk)
    return Compiled(str(source), fn, kind, frozenset(builder.facts), frozenset(builder.params),
                    comparison)


class _Builder:
    """Walks an ``ast`` tree once, checking types and building closures."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.facts: set[str] = set()
        self.params: set[str] = set()

    def build(self, node: ast.expr) -> tuple[Fn, str]:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise ExprError(f"不支持的表达式成分：{ast.unparse(node)}")
        result: tuple[Fn, str] = method(node)
        return result

    # -- leaves -------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> tuple[Fn, str]:
        value: Any = node.value
        if isinstance(value, bool):
            kind = t.BOOL
        elif isinstance(value, int):
            kind = t.INT
        elif isinstance(value, float):
            value, kind = Decimal(repr(value)), t.DECIMAL
        elif isinstance(value, str):
            kind = t.STR
        else:
            raise ExprError(f"不支持的常量：{value!r}")
        return (lambda f, p: value), kind

    def _List(self, node: ast.List | ast.Tuple) -> tuple[Fn, str]:
        items = []
        for element in node.elts:
            if not isinstance(element, ast.Constant) or not isinstance(element.value, str):
                raise ExprError(f"列表只能包含文字常量：{ast.unparse(node)}")
            items.append(element.value)
        frozen = tuple(items)
        return (lambda f, p: frozen), t.LIST

    _Tuple = _List

    def _Name(self, node: ast.Name | ast.Attribute) -> tuple[Fn, str]:
        name = _dotted(node)
        if name.startswith("param."):
            pname = name[len("param."):]
            kind = self.names.param_type(pname)
            if kind is None:
                raise ExprError(f"未知的参数：{pname}")
            self.params.add(pname)
            return (lambda f, p: p[pname]), kind
        kind = self.names.fact_type(name)
        if kind is None:
            raise ExprError(f"未知的事实或定义：{name}")
        self.facts.add(name)
        return (lambda f, p: f[name]), kind

    _Attribute = _Name

    # -- logic --------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> tuple[Fn, str]:
        parts = [self._expect(v, t.BOOL, "and/or 的每个操作数") for v in node.values]
        if isinstance(node.op, ast.And):
            def and_(f: Env, p: Env) -> bool | None:
                unknown = False
                for part in parts:
                    v = part(f, p)
                    if v is False:
                        return False
                    if v is None:
                        unknown = True
                return None if unknown else True
            return and_, t.BOOL

        def or_(f: Env, p: Env) -> bool | None:
            unknown = False
            for part in parts:
                v = part(f, p)
                if v is True:
                    return True
                if v is None:
                    unknown = True
            return None if unknown else False
        return or_, t.BOOL

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[Fn, str]:
        if isinstance(node.op, ast.Not):
            inner = self._expect(node.operand, t.BOOL, "not 的操作数")
            return (lambda f, p: None if (v := inner(f, p)) is None else not v), t.BOOL
        if isinstance(node.op, ast.USub):
            inner, kind = self.build(node.operand)
            if kind not in t.NUMERIC:
                raise ExprError(f"负号只能用于数值：{ast.unparse(node)}")
            return (lambda f, p: None if (v := inner(f, p)) is None else -v), kind
        raise ExprError(f"不支持的运算：{ast.unparse(node)}")

    def _Compare(self, node: ast.Compare) -> tuple[Fn, str]:
        operands = [node.left, *node.comparators]
        built = [self.build(o) for o in operands]
        steps = []
        for i, op_node in enumerate(node.ops):
            op = _OPS.get(type(op_node))
            if op is None:
                raise ExprError(f"不支持的比较：{ast.unparse(node)}")
            (lf, lk), (rf, rk) = built[i], built[i + 1]
            if op in ("in", "not in"):
                if rk != t.LIST or lk != t.STR:
                    raise ExprError(f"类型不匹配：in 需要“文字 in [文字列表]”：{ast.unparse(node)}")
                self._check_choices(operands[i], operands[i + 1])
            elif not t.compatible(lk, rk):
                raise ExprError(
                    f"类型不匹配：不能比较{t.TYPE_LABELS[lk]}与{t.TYPE_LABELS[rk]}：{ast.unparse(node)}"
                )
            elif op in ("<", "<=", ">", ">=") and lk in (t.BOOL, t.STR):
                raise ExprError(f"类型不匹配：{t.TYPE_LABELS[lk]}不能比较大小：{ast.unparse(node)}")
            else:
                self._check_choices(operands[i], operands[i + 1])
            steps.append((lf, _COMPARE[op], rf))

        if len(steps) == 1:  # the common case, without the loop
            (left, test, right), = steps

            def compare_one(f: Env, p: Env) -> bool | None:
                a = left(f, p)
                if a is None:
                    return None
                b = right(f, p)
                return None if b is None else bool(test(a, b))
            return compare_one, t.BOOL

        def compare(f: Env, p: Env) -> bool | None:
            unknown = False
            for lf, test, rf in steps:
                a, b = lf(f, p), rf(f, p)
                if a is None or b is None:
                    unknown = True
                elif not test(a, b):
                    return False
            return None if unknown else True
        return compare, t.BOOL

    def _check_choices(self, left: ast.expr, right: ast.expr) -> None:
        """A typo in an enumerated value (``account_status == "activ"``) is a type error."""
        for named, literal in ((left, right), (right, left)):
            if not isinstance(named, (ast.Name, ast.Attribute)):
                continue
            choices = self.names.choices(_dotted(named))
            if choices is None:
                continue
            values: list[Any] = []
            if isinstance(literal, ast.Constant):
                values = [literal.value]
            elif isinstance(literal, (ast.List, ast.Tuple)):
                values = [e.value for e in literal.elts if isinstance(e, ast.Constant)]
            for value in values:
                if isinstance(value, str) and value not in choices:
                    raise ExprError(
                        f"类型不匹配：{_dotted(named)} 的取值只能是 {'、'.join(sorted(choices))}，"
                        f"不能是 “{value}”"
                    )

    # -- arithmetic ---------------------------------------------------------------------
    def _BinOp(self, node: ast.BinOp) -> tuple[Fn, str]:
        lf, lk = self.build(node.left)
        rf, rk = self.build(node.right)
        symbol = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}.get(type(node.op))
        if symbol is None:
            raise ExprError(f"不支持的运算：{ast.unparse(node)}")
        if lk == t.DATE and rk == t.DATE and symbol == "-":
            return (lambda f, p: None if (a := lf(f, p)) is None or (b := rf(f, p)) is None
                    else (a - b).days), t.INT
        if lk not in t.NUMERIC or rk not in t.NUMERIC:
            raise ExprError(f"类型不匹配：算术运算需要数值：{ast.unparse(node)}")
        kind = t.arithmetic_result(lk, rk)
        if symbol == "/" and kind == t.INT:
            kind = t.DECIMAL
        op: Callable[[Any, Any], Any] = {
            "+": lambda a, b: a + b,
            "-": lambda a, b: a - b,
            "*": lambda a, b: a * b,
            "/": lambda a, b: Decimal(a) / Decimal(b) if b else None,
        }[symbol]

        def arith(f: Env, p: Env) -> Any:
            a = lf(f, p)
            if a is None:
                return None
            b = rf(f, p)
            return None if b is None else op(a, b)
        return arith, kind

    def _IfExp(self, node: ast.IfExp) -> tuple[Fn, str]:
        cond = self._expect(node.test, t.BOOL, "条件表达式的判断部分")
        yes, yk = self.build(node.body)
        no, nk = self.build(node.orelse)
        if not t.compatible(yk, nk):
            raise ExprError(f"类型不匹配：两个分支类型不同：{ast.unparse(node)}")
        kind = t.arithmetic_result(yk, nk) if yk in t.NUMERIC else yk

        def choose(f: Env, p: Env) -> Any:
            c = cond(f, p)
            if c is None:
                return None
            return yes(f, p) if c else no(f, p)
        return choose, kind

    def _Call(self, node: ast.Call) -> tuple[Fn, str]:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise ExprError(f"不支持的函数调用：{ast.unparse(node)}")
        name = node.func.id
        args = [self.build(a) for a in node.args]
        if name in ("min", "max"):
            if len(args) < 2 or any(k not in t.NUMERIC and k != t.DATE for _, k in args):
                raise ExprError(f"{name}() 需要至少两个数值或日期：{ast.unparse(node)}")
            kinds = {k for _, k in args}
            if t.DATE in kinds and len(kinds) > 1:
                raise ExprError(f"类型不匹配：{name}() 不能混用日期与数值：{ast.unparse(node)}")
            kind = t.DATE if t.DATE in kinds else _numeric_kind(kinds)
            pick = min if name == "min" else max
            fns = [fn for fn, _ in args]

            def extreme(f: Env, p: Env) -> Any:
                values = [fn(f, p) for fn in fns]
                return None if any(v is None for v in values) else pick(values)
            return extreme, kind
        if name == "abs" and len(args) == 1 and args[0][1] in t.NUMERIC:
            inner, kind = args[0]
            return (lambda f, p: None if (v := inner(f, p)) is None else abs(v)), kind
        if name == "known" and len(args) == 1:
            inner = args[0][0]
            return (lambda f, p: inner(f, p) is not None), t.BOOL
        if name == "floor" and len(args) == 2 and all(k in t.NUMERIC for _, k in args):
            (value, kind), (unit, _) = args

            def floor(f: Env, p: Env) -> Any:
                v, u = value(f, p), unit(f, p)
                if v is None or u is None:
                    return None
                u = Decimal(u)
                return (Decimal(v) / u).to_integral_value(ROUND_FLOOR) * u
            return floor, kind
        if name == "pv" and len(args) == 3 and all(k in t.NUMERIC for _, k in args):
            (pay, _), (rate, _), (months, _) = args
            return (lambda f, p: present_value(pay(f, p), rate(f, p), months(f, p))), t.MONEY
        if name == "date" and len(node.args) == 1 and isinstance(node.args[0], ast.Constant):
            try:
                fixed = date.fromisoformat(str(node.args[0].value))
            except ValueError:
                raise ExprError(f"日期格式错误，应为 YYYY-MM-DD：{ast.unparse(node)}") from None
            return (lambda f, p: fixed), t.DATE
        raise ExprError(f"未知函数或参数不对：{ast.unparse(node)}")

    def _expect(self, node: ast.expr, kind: str, what: str) -> Fn:
        fn, actual = self.build(node)
        if actual != kind:
            raise ExprError(
                f"类型不匹配：{what}应为{t.TYPE_LABELS[kind]}，实际为{t.TYPE_LABELS[actual]}："
                f"{ast.unparse(node)}"
            )
        return fn


def _numeric_kind(kinds: set[str]) -> str:
    result = t.INT
    for k in kinds:
        result = t.arithmetic_result(result, k)
    return result


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    raise ExprError(f"名称格式错误：{ast.unparse(node)}")
