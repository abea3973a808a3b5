"""The expression language: three-valued logic, types, and what a condition reads."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.domain.policy.expr import ExprError, compile_expr


class Names:
    facts: ClassVar[dict[str, str]] = {"age": "int", "balance": "money", "married": "bool", "status": "str",
             "rate": "decimal"}

    def fact_type(self, name: str) -> str | None:
        return self.facts.get(name)

    def param_type(self, name: str) -> str | None:
        return {"cap": "money", "months": "int"}.get(name)

    def choices(self, name: str) -> frozenset[str] | None:
        return frozenset({"active", "sealed"}) if name == "status" else None


N = Names()


def run(source: str, **facts: object) -> object:
    return compile_expr(source, N)(facts, {"cap": Decimal(1000), "months": 6})


def test_comparison_with_unknown_is_unknown_not_false() -> None:
    assert run("age >= 18", age=None) is None
    assert run("age >= 18", age=20) is True


@pytest.mark.parametrize(("a", "b", "and_", "or_"), [
    (True, True, True, True), (True, False, False, True), (True, None, None, True),
    (False, None, False, None), (None, None, None, None), (False, False, False, False),
])
def test_kleene_and_or(a: bool | None, b: bool | None, and_: bool | None,
                       or_: bool | None) -> None:
    names = Names()
    names.facts = {"a": "bool", "b": "bool"}
    f = {"a": a, "b": b}
    assert compile_expr("a and b", names)(f, {}) is and_
    assert compile_expr("a or b", names)(f, {}) is or_


def test_arithmetic_and_functions_keep_decimal_exact() -> None:
    assert run("balance * 10 + param.cap", balance=Decimal("0.1")) == Decimal("1001.0")
    assert run("min(balance, param.cap)", balance=Decimal("5")) == Decimal("5")
    assert run("min(balance, param.cap)", balance=None) is None
    assert run("age if known(age) else 0", age=None) == 0


def test_comparison_exposes_observed_and_required_sides() -> None:
    compiled = compile_expr("age >= param.months", N)
    assert compiled.comparison is not None
    assert compiled.comparison.op == ">="
    assert compiled.facts == {"age"} and compiled.params == {"months"}


@pytest.mark.parametrize(("source", "message"), [
    ("age >= 'x'", "类型不匹配"),
    ("status == 'activ'", "不能是 “activ”"),
    ("married > 1", "类型不匹配"),
    ("nope > 1", "未知的事实或定义"),
    ("param.nope > 1", "未知的参数"),
    ("__import__('os')", "未知函数"),
    ("age >=", "语法错误"),
    ("age.__class__ > 1", "未知的事实或定义"),
])
def test_bad_expressions_are_rejected_in_chinese(source: str, message: str) -> None:
    with pytest.raises(ExprError, match=message):
        compile_expr(source, N)


@given(st.one_of(st.none(), st.integers(-100, 200)), st.integers(0, 150))
def test_not_of_unknown_stays_unknown(age: int | None, limit: int) -> None:
    inner = run(f"age >= {limit}", age=age)
    negated = run(f"not age >= {limit}", age=age)
    assert negated is (None if inner is None else not inner)
