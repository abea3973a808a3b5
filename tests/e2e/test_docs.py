"""Docs that cannot drift: the CLI reference and the scenario schema are generated from code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from anju.adapters.scenario_files import scenario_schema

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_matches_the_commands(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    typer_bin = Path(sys.executable).with_name("typer")
    subprocess.run([str(typer_bin), "anju.adapters.cli.main", "utils", "docs", "--name", "anju",
                    "--output", str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), \
        "docs/cli.md is stale: run `make docs`"


def test_published_scenario_schema_matches_the_model() -> None:
    published = json.loads((ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert published == scenario_schema(), "docs/scenario.schema.json is stale: run `make docs`"
