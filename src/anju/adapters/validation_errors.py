"""Pydantic validation errors as Chinese problems that name the field (one mapping for all inputs)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from anju.domain.errors import Problem

MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（请检查拼写）",
    "unexpected_keyword_argument": "未知字段（请检查拼写）",
    "literal_error": "取值不在允许范围内，应为 {expected}",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_type": "应为日期 YYYY-MM-DD",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dataclass_type": "应为对象（键: 值）",
    "model_type": "应为对象（键: 值）",
    "dict_type": "应为对象（键: 值）",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "finite_number": "应为有限数字",
}


def problem(error: Any, source: str) -> Problem:
    """One pydantic error as a Problem: the dotted field path, what was expected, what was given."""
    path = ".".join(str(part) for part in error["loc"]) or "（顶层）"
    template = MESSAGES.get(error["type"], "取值无效")
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        message = template.format(**ctx)
    except (KeyError, IndexError):
        message = template.split(" {")[0].split("，应为")[0]
    value = error.get("input")
    if error["type"] != "missing" and not isinstance(value, dict | list):
        message += f"，实际为 “{value}”"
    return Problem(path, message, source)


def problems(exc: ValidationError, source: str) -> list[Problem]:
    """Every error of a failed validation, in order."""
    return [problem(error, source) for error in exc.errors()]
