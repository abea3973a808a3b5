"""The pack's expressions compiled to Polars expressions, with the per-person semantics.

:func:`compile_polars` walks the same source text the per-person compiler parsed
(``Compiled.source``) and builds one Polars expression that evaluates it for every row at once,
in Kleene three-valued logic exactly as :mod:`anju.domain.policy.expr` does:

- ``and``/``or``/``not`` are Polars' nullable boolean operators, which are Kleene already;
- a comparison with an unknown side is unknown (Polars comparisons propagate null);
- ``a if c else b`` is unknown when ``c`` is (Polars' ``when`` would take the ``else`` branch
  on a null condition, so the null case is handled first);
- ``min``/``max`` are unknown when any argument is (``min_horizontal`` ignores nulls, so the
  null case is handled first);
- money is exact fixed-point (:mod:`.numeric`), ``pv`` floors exactly like the Decimal one.

Whatever cannot be computed exactly raises :class:`~.numeric.NotVectorisable`; there is no
per-row fallback.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from anju.adapters.vector.numeric import (
    NotVectorisable,
    Typed,
    at_scale,
    common,
    decimal_scale,
    floor_to,
    present_value_expr,
)
from anju.domain.policy import types as t

Resolve = Callable[[str], Typed]
"""Name → compiled value: ``"balance"`` for a fact or definition, ``"param.x"`` for a parameter."""

_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
            ast.GtE: ">=", ast.In: "in", ast.NotIn: "not in"}


def parse(source: str) -> ast.expr:
    """The expression tree, parsed as the per-person compiler parses it."""
    return ast.parse(f"({str(source).strip()}\n)", mode="eval").body


def compile_polars(source: str, resolve: Resolve) -> Typed:
    """One Polars expression computing ``source`` for every row (names from ``resolve``)."""
    return _Walker(str(source), resolve).build(parse(source))


def literal(value: Any, kind: str) -> Typed:
    """A constant (a parameter's value, say) as a typed Polars literal; None stays unknown."""
    if kind in (t.MONEY, t.DECIMAL):
        if value is None:
            return Typed(pl.lit(None, pl.Decimal(38, 0)), kind, 0)
        number = Decimal(value)
        scale = decimal_scale(number)
        return Typed(pl.lit(number, pl.Decimal(38, scale)), kind, scale)
    if kind == t.LIST:
        return Typed(pl.lit(None if value is None else list(value), pl.List(pl.String())), kind)
    polars_type = {t.BOOL: pl.Boolean, t.INT: pl.Int64, t.STR: pl.String, t.DATE: pl.Date}[kind]
    return Typed(pl.lit(value, polars_type()), kind)


class _Walker:
    def __init__(self, source: str, resolve: Resolve) -> None:
        self.source = source
        self.resolve = resolve

    def fail(self, why: str) -> NotVectorisable:
        return NotVectorisable(self.source, why)

    def build(self, node: ast.expr) -> Typed:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise self.fail(f"不支持的表达式成分：{ast.unparse(node)}")
        result: Typed = method(node)
        return result

    # -- leaves -------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> Typed:
        value = node.value
        if isinstance(value, bool):
            return literal(value, t.BOOL)
        if isinstance(value, int):
            return literal(value, t.INT)
        if isinstance(value, float):
            return literal(Decimal(repr(value)), t.DECIMAL)
        if isinstance(value, str):
            return literal(value, t.STR)
        raise self.fail(f"不支持的常量：{value!r}")

    def _Name(self, node: ast.expr) -> Typed:
        return self.resolve(_dotted(node))

    _Attribute = _Name

    def _list(self, node: ast.expr) -> list[str] | None:
        if isinstance(node, (ast.List, ast.Tuple)):
            return [str(e.value) for e in node.elts if isinstance(e, ast.Constant)]
        return None

    # -- logic --------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> Typed:
        parts = [self.build(v).expr for v in node.values]
        result = parts[0]
        for part in parts[1:]:
            result = (result & part) if isinstance(node.op, ast.And) else (result | part)
        return Typed(result, t.BOOL)

    def _UnaryOp(self, node: ast.UnaryOp) -> Typed:
        inner = self.build(node.operand)
        if isinstance(node.op, ast.Not):
            return Typed(~inner.expr, t.BOOL)
        if isinstance(node.op, ast.USub):
            return Typed(-inner.expr, inner.kind, inner.scale)
        raise self.fail(f"不支持的运算：{ast.unparse(node)}")

    def _Compare(self, node: ast.Compare) -> Typed:
        operands = [node.left, *node.comparators]
        steps: list[pl.Expr] = []
        left = self.build(operands[0])
        for op_node, right_node in zip(node.ops, operands[1:], strict=True):
            op = _COMPARE[type(op_node)]
            if op in ("in", "not in"):
                items = self._list(right_node)
                if items is not None:
                    found = left.expr.is_in(pl.Series(items, dtype=pl.String).implode())
                else:
                    right = self.build(right_node)
                    found = right.expr.list.contains(left.expr)
                    found = pl.when(left.expr.is_null() | right.expr.is_null()).then(None) \
                        .otherwise(found)
                steps.append(found if op == "in" else ~found)
                right = Typed(pl.lit(None), t.LIST)
            else:
                right = self.build(right_node)
                steps.append(_compare(op, left, right, self.source))
            left = right
        result = steps[0]
        for step in steps[1:]:
            result = result & step
        return Typed(result, t.BOOL)

    # -- arithmetic ---------------------------------------------------------------------
    def _BinOp(self, node: ast.BinOp) -> Typed:
        a, b = self.build(node.left), self.build(node.right)
        if isinstance(node.op, ast.Div):
            raise self.fail("除法（/）的结果按28位有效数字舍入，批量评估无法保证逐位相同")
        if not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            raise self.fail(f"不支持的运算：{ast.unparse(node)}")
        if a.kind == t.DATE and b.kind == t.DATE:
            return Typed((a.expr - b.expr).dt.total_days().cast(pl.Int64), t.INT)
        kind = t.arithmetic_result(a.kind, b.kind)
        if kind == t.INT:
            x, y, scale = a.expr, b.expr, 0
        elif isinstance(node.op, ast.Mult):
            scale = a.scale + b.scale  # the exact product's scale (Polars would round it)
            x, y = at_scale(a, scale, self.source), at_scale(b, scale, self.source)
        else:
            (x, y), kind, scale = common([a, b], self.source)
        if isinstance(node.op, ast.Add):
            return Typed(x + y, kind, scale)
        if isinstance(node.op, ast.Sub):
            return Typed(x - y, kind, scale)
        return Typed(x * y, kind, scale)

    def _IfExp(self, node: ast.IfExp) -> Typed:
        test = self.build(node.test).expr
        yes, no = self.build(node.body), self.build(node.orelse)
        if yes.numeric:
            (y, n), kind, scale = common([yes, no], self.source)
        else:
            y, n, kind, scale = yes.expr, no.expr, yes.kind, 0
        chosen = pl.when(test.is_null()).then(None).when(test).then(y).otherwise(n)
        return Typed(chosen, kind, scale)

    def _Call(self, node: ast.Call) -> Typed:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name == "date":
            arg = node.args[0]
            assert isinstance(arg, ast.Constant)
            return literal(date.fromisoformat(str(arg.value)), t.DATE)
        args = [self.build(a) for a in node.args]
        if name in ("min", "max"):
            if args[0].kind == t.DATE:
                exprs, kind, scale = [a.expr for a in args], t.DATE, 0
            else:
                exprs, kind, scale = common(args, self.source)
            pick = pl.min_horizontal(exprs) if name == "min" else pl.max_horizontal(exprs)
            unknown = pl.any_horizontal([e.is_null() for e in exprs])
            return Typed(pl.when(unknown).then(None).otherwise(pick), kind, scale)
        if name == "abs":
            return Typed(args[0].expr.abs(), args[0].kind, args[0].scale)
        if name == "known":
            return Typed(args[0].expr.is_not_null(), t.BOOL)
        if name == "floor":
            return floor_to(args[0], args[1], self.source)
        if name == "pv":
            return present_value_expr(args[0], args[1], args[2], self.source)
        raise self.fail(f"未知函数：{ast.unparse(node)}")


def _compare(op: str, a: Typed, b: Typed, source: str) -> pl.Expr:
    if a.numeric and b.numeric:
        (x, y), _, _ = common([a, b], source)
    else:
        x, y = a.expr, b.expr
    return {"==": x.eq, "!=": x.ne, "<": x.lt, "<=": x.le, ">": x.gt, ">=": x.ge}[op](y)


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    raise NotVectorisable(ast.unparse(node), "名称格式错误")
