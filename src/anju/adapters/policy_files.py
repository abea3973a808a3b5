"""Loading a policy pack from a folder (or one file); the default pack ships in the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from anju.adapters.yaml_files import read_document
from anju.domain.errors import InputError, PolicyPackError, Problem
from anju.domain.policy.model import PolicyPack
from anju.domain.policy.parse import parse_pack

DEFAULT_PACK = "jiaozuo"


def default_pack_dir() -> Path:
    """The bundled Jiaozuo pack (read via importlib.resources, so it works when installed)."""
    return Path(str(resources.files("anju") / "policies" / DEFAULT_PACK))


def read_pack_files(path: Path) -> dict[str, Any]:
    """Every YAML file of a pack, keyed by its path relative to the pack (errors collected)."""
    if not path.exists():
        raise InputError(f"找不到政策包：{path}")
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    root = path if path.is_dir() else path.parent
    docs: dict[str, Any] = {}
    problems: list[Problem] = []
    for file in files:
        name = file.relative_to(root).as_posix()
        try:
            docs[name] = read_document(file)
        except InputError as exc:
            problems.extend(Problem(p.path, p.message, name) for p in exc.problems)
    if problems:
        raise PolicyPackError(f"政策包有 {len(problems)} 处错误", problems)
    if not docs:
        raise InputError(f"政策包中没有 YAML 文件：{path}")
    return docs


def load_pack(path: Path | None = None) -> PolicyPack:
    """Read and validate a pack; raises PolicyPackError listing every problem."""
    return parse_pack(read_pack_files(path or default_pack_dir()))
