"""Reading a scenario document (JSON or YAML) into the domain's Scenario, errors in Chinese."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from anju.adapters.yaml_files import parse_text, read_document
from anju.domain.errors import Problem, ScenarioError
from anju.domain.scenario import Scenario
from anju.domain.scenario_checks import check_scenario

_MESSAGES = {
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
    "finite_number": "应为有限数字",
}


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[Scenario]:
    return TypeAdapter(Scenario)


def scenario_schema() -> dict[str, Any]:
    """The published JSON Schema of the scenario document."""
    schema = _adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Anju scenario（住房公积金情景）"
    return schema


def scenario_from_data(data: Any, source: str = "情景") -> Scenario:
    """Validate parsed data into a Scenario; every problem names its field path."""
    try:
        scenario = _adapter().validate_python(data)
    except ValidationError as exc:
        problems = [_problem(error, source) for error in exc.errors()]
        raise ScenarioError("情景数据格式有误", problems) from None
    check_scenario(scenario)
    return scenario


def _problem(error: Any, source: str) -> Problem:
    path = ".".join(str(part) for part in error["loc"]) or "（顶层）"
    template = _MESSAGES.get(error["type"], "取值无效")
    ctx = error.get("ctx") or {}
    message = template.format(**{k: str(v) for k, v in ctx.items()}) if ctx else template
    if "{" in message:
        message = template.split("，")[0]
    value = error.get("input")
    if error["type"] not in ("missing",) and not isinstance(value, (dict, list)):
        message += f"，实际为 “{value}”"
    return Problem(path, message, source)


def read_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file."""
    return scenario_from_data(read_document(path), str(path))


def scenario_from_text(text: str, name: str = "scenario.yaml") -> Scenario:
    return scenario_from_data(parse_text(text, name), name)
