"""``anju demo``: the first command a new user runs; and stored depositors for ``anju check``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from anju import bootstrap
from anju.adapters.cli.common import parse_day, user_errors
from anju.adapters.cli.web import serve as serve_web
from anju.adapters.db.demo import seed_demo
from anju.adapters.db.engine import make_engine
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.text_report import render_decision
from anju.adapters.web.demo import seed_demo_users
from anju.domain.scenario import Scenario
from anju.services.demo_data import DEMO_MEMBERS
from anju.services.demo_users import describe
from anju.services.showcase import pick_showcase


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the ``anju`` command line."""

    @app.command()
    def demo(
        members: Annotated[int, typer.Option(help="演示城市的缴存人数")] = DEMO_MEMBERS,
        on: Annotated[str | None, typer.Option(help="演示日期 YYYY-MM-DD（默认今天）")] = None,
        serve: Annotated[bool, typer.Option("--serve/--no-serve", help="展示后启动网页服务")] = True,
        port: Annotated[int, typer.Option(help="网页服务端口")] = 8000,
    ) -> None:
        """建立演示数据库（SQLite），生成演示城市，展示每种诊断结论的真实例子，再启动网页服务。"""
        with user_errors():
            anju = bootstrap.build()
            day = parse_day(on) or date.today()
            summary = seed_demo(anju.settings.database_url, members, as_of=day)
            state = "已存在，直接使用" if summary.reused else f"已生成（{summary.seconds:.1f} 秒）"
            typer.echo(f"演示数据库 {summary.database}：{summary.members:,} 名缴存人{state}。")
            typer.echo("、".join(f"{table} {n:,}" for table, n in summary.counts.items()))
            typer.echo("")
            engine = make_engine(anju.settings.database_url)
            with SqlUnitOfWork(engine) as uow:
                ids = uow.depositors.ids(limit=2000)
                cases = pick_showcase(anju.advice, ids,
                                      lambda i: uow.depositors.scenario_for(i, day), day)
            for case in cases:
                typer.echo(f"── 例：{case.decision.outcome.label}（缴存人编号 {case.depositor_id}，"
                           f"{case.diagnosis.person}）")
                typer.echo("\n".join(render_decision(case.decision, open_only=True)))
                typer.echo(f"  查看全部业务：anju check --member {case.depositor_id} --on {day}\n")
            logins = seed_demo_users(anju, day)
            typer.echo("演示账号（密码均为 anju-demo-2026）：")
            for line in describe(logins):
                typer.echo(f"  {line}")
            typer.echo("命令行：anju check examples/*.yaml 诊断示例情景；anju plan --help 测算贷款方案。")
        if serve:
            serve_web(port=port)


def member_scenario(anju: bootstrap.Anju, depositor_id: int, on: date) -> Scenario:
    """A stored depositor with the family, as the engine's input (``anju check --member``)."""
    with SqlUnitOfWork(make_engine(anju.settings.database_url)) as uow:
        return uow.depositors.scenario_for(depositor_id, on)
