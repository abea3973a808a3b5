"""The ``anju`` command line (Typer). Commands parse, call one service, render."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from anju import bootstrap
from anju.adapters.cli.cases import register as register_cases
from anju.adapters.cli.common import parse_day, user_errors
from anju.adapters.cli.data import register as register_data
from anju.adapters.cli.demo import member_scenario
from anju.adapters.cli.demo import register as register_demo
from anju.adapters.cli.plan import register as register_plan
from anju.adapters.cli.screen import register as register_screen
from anju.adapters.cli.web import register as register_web
from anju.adapters.policy_files import load_pack
from anju.adapters.scenario_files import read_scenario, scenario_schema
from anju.adapters.text_report import render_diagnosis
from anju.domain.errors import InputError

app = typer.Typer(help="安居 Anju — 住房公积金服务平台命令行", no_args_is_help=True, add_completion=False)
policy_app = typer.Typer(help="政策包：校验与查看", no_args_is_help=True)
schema_app = typer.Typer(help="发布数据格式（JSON Schema）", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
app.add_typer(schema_app, name="schema")
register_plan(app)
register_data(app)
register_demo(app)
register_cases(app)
register_web(app)
register_screen(app)


@app.command()
def check(
    scenarios: Annotated[list[Path] | None, typer.Argument(help="情景文件（JSON 或 YAML），可多个")] = None,
    member: Annotated[int | None, typer.Option("--member", "-m", help="诊断数据库中的缴存人（库内编号）")] = None,
    business: Annotated[str | None, typer.Option("--business", "-b", help="只诊断一个业务，如 withdraw.rent")] = None,
    on: Annotated[str | None, typer.Option(help="申请日期 YYYY-MM-DD（默认取情景中的日期，再默认今天）")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text（中文解释树）或 json（Decision 契约）")] = "text",
    brief: Annotated[bool, typer.Option("--brief", help="只列结论，不展开理由")] = False,
) -> None:
    """诊断情景文件或库中的缴存人（含配偶、父母、子女）：每个业务能否办理、为什么、怎么办。"""
    with user_errors():
        if fmt not in ("text", "json"):
            raise InputError("--format 只能是 text 或 json")
        if not scenarios and member is None:
            raise InputError("请给出情景文件，或用 --member 指定库中的缴存人编号")
        anju = bootstrap.build()
        requested = parse_day(on)
        results = []
        for path in scenarios or []:
            scenario = read_scenario(path)
            results.append(anju.advice.check(scenario, requested or scenario.on or date.today(), business))
        if member is not None:
            day = requested or date.today()
            results.append(anju.advice.check(member_scenario(anju, member, day), day, business))
        if fmt == "json":
            payload = [d.to_dict() for d in results]
            typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
        else:
            typer.echo("\n".join(render_diagnosis(d, explain=not brief) for d in results))


@policy_app.command("validate")
def policy_validate(
    path: Annotated[Path | None, typer.Argument(help="政策包目录或文件（默认：内置焦作政策包）")] = None,
) -> None:
    """校验政策包：逐条列出文件、键路径和期望值。"""
    with user_errors():
        pack = load_pack(path)
        conditions = sum(len(b.conditions) for b in pack.businesses)
        typer.echo(
            f"政策包 {pack.id} {pack.version} 校验通过：{len(pack.parameters)} 个参数，"
            f"{sum(len(v) for v in pack.clauses.values())} 个条款版本，"
            f"{len(pack.businesses)} 个业务，{conditions} 条规则，{len(pack.materials)} 种材料。"
        )


@policy_app.command("list")
def policy_list() -> None:
    """列出政策包中的业务事项。"""
    with user_errors():
        pack = bootstrap.build().pack
        for b in pack.businesses:
            since = f"（{b.dated.since}起）" if b.dated.since > date(2020, 1, 1) else ""
            typer.echo(f"{b.code:28} {b.name}{since}")


@schema_app.command("scenario")
def schema_scenario(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件（默认打印）")] = None,
) -> None:
    """输出情景文档的 JSON Schema。"""
    text = json.dumps(scenario_schema(), ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"已写入 {output}")


if __name__ == "__main__":  # pragma: no cover
    app()
