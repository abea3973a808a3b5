"""YAML and JSON reading that refuses what PyYAML would silently accept (duplicate keys)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from anju.domain.errors import InputError, Problem


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that reports a duplicate key instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键 “{key}”（第{seen[key]}行已出现）", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    """A date-looking scalar that is no real date (2020-13-01) stays text for a precise error."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# YAML 1.1 reads on/off/yes/no as booleans, so a scenario's `on: 2026-11-27` key would become
# True. Keep YAML 1.2 booleans only (true/false), as JSON has.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_text(text: str, name: str) -> Any:
    """Parse YAML (a superset of JSON) text; errors name the file, line and column in Chinese."""
    try:
        if name.endswith(".json"):
            return json.loads(text, parse_float=str)
        return yaml.load(text, Loader=_StrictLoader)
    except json.JSONDecodeError as exc:
        raise InputError("JSON 格式错误", [Problem(f"第{exc.lineno}行第{exc.colno}列", exc.msg, name)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        raise InputError("YAML 格式错误", [Problem(where, str(what), name)]) from None


def read_document(path: Path) -> Any:
    """Read one YAML or JSON file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}") from None
    except UnicodeDecodeError:
        raise InputError(f"文件不是 UTF-8 编码的文本：{path}") from None
    return parse_text(text, str(path))
