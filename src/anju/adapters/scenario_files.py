"""Reading a scenario document (JSON or YAML) into the domain's Scenario, errors in Chinese."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from anju.adapters import validation_errors
from anju.adapters.yaml_files import parse_text, read_document
from anju.domain.errors import ScenarioError
from anju.domain.scenario import Scenario
from anju.domain.scenario_checks import check_scenario


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
        problems = validation_errors.problems(exc, source)
        raise ScenarioError("情景数据格式有误", problems) from None
    check_scenario(scenario)
    return scenario


def read_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file."""
    return scenario_from_data(read_document(path), str(path))


def scenario_from_text(text: str, name: str = "scenario.yaml") -> Scenario:
    return scenario_from_data(parse_text(text, name), name)
