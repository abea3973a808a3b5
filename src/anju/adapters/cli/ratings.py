"""``anju rate`` (好差评) and the 差评 follow-up: ``anju cases rectify|appeal|appeal-decide``."""

from __future__ import annotations

from typing import Annotated

import typer

from anju.adapters.cli.case_common import CaseRef, Database, Key, Officer, On, case_desk, day
from anju.domain.cases import commands as c
from anju.services.cases import queries


def rate(
    case: CaseRef,
    level: Annotated[str, typer.Option("--level", help="非常满意、满意、基本满意、不满意、非常不满意（或5至1）")],
    comment: Annotated[str, typer.Option(help="评价意见（差评必填）")] = "",
    channel: Annotated[str, typer.Option(help="counter 窗口评价器 · online 网上 · app · phone · device")] = "counter",
    by: Annotated[str, typer.Option("--by", help="评价人")] = "申请人",
    on: On = None, key: Key = None, database: Database = None,
) -> None:
    """好差评：为已结束的办件评价；差评自动生成整改任务。"""
    with case_desk(database) as desk:
        result = desk.handle(c.RateCase(queries.resolve(desk, case), level, day(on), by, comment, channel, key))
        typer.echo(f"已记录评价：{result.rating.level.label}（评价编号 {result.rating.id}）。")
        if result.rectification is not None:
            typer.echo(f"差评已生成整改任务（编号 {result.rectification.id}），须于 "
                       f"{result.rectification.deadline.isoformat()} 前完成核实、整改、回复、回访。")


def rectify(
    rectification: Annotated[int, typer.Argument(help="整改任务编号")],
    step: Annotated[str, typer.Option(help="verify 核实 · fix 整改 · reply 回复 · return_visit 回访")],
    note: Annotated[str, typer.Option(help="情况说明")],
    on: On = None, officer: Officer = "科室负责人", database: Database = None,
) -> None:
    """记录差评整改的一步（按核实、整改、回复、回访的顺序）。"""
    with case_desk(database) as desk:
        rect = desk.handle(c.RecordRectificationStep(rectification, step, day(on), officer, note))
        done = "，整改已完成" if rect.closed_on else ""
        typer.echo(f"整改任务 {rect.id} 已记录“{rect.last_step.label if rect.last_step else ''}”{done}。")


def appeal(
    rating: Annotated[int, typer.Argument(help="评价编号")],
    reason: Annotated[str, typer.Option(help="申诉理由")],
    on: On = None, officer: Officer = "科室负责人", database: Database = None,
) -> None:
    """对不实或恶意评价提出申诉。"""
    with case_desk(database) as desk:
        filed = desk.handle(c.FileAppeal(rating, day(on), officer, reason))
        typer.echo(f"已登记申诉（编号 {filed.id}），待处理。")


def appeal_decide(
    appeal_id: Annotated[int, typer.Argument(help="申诉编号")],
    upheld: Annotated[bool, typer.Option("--upheld/--rejected", help="申诉成立 / 不成立")],
    note: Annotated[str, typer.Option(help="处理意见")],
    on: On = None, officer: Officer = "管理者", database: Database = None,
) -> None:
    """处理申诉：成立则该评价不计入统计并结束整改。"""
    with case_desk(database) as desk:
        decided = desk.handle(c.DecideAppeal(appeal_id, upheld, day(on), officer, note))
        typer.echo(f"申诉 {decided.id}：{'成立，该评价不计入统计' if decided.outcome == 'upheld' else '不成立'}。")
