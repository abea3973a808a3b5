"""``anju cases …`` (办件); ``register`` also adds ``anju rate`` (好差评) and ``anju audit …`` (审计日志)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from anju.adapters.cli.audit import audit_head, audit_verify
from anju.adapters.cli.case_common import CaseRef, Database, Key, Officer, On, case_desk, day, materials_option
from anju.adapters.cli.ratings import appeal, appeal_decide, rate, rectify
from anju.adapters.notices.render import render_issued
from anju.adapters.scenario_files import read_scenario
from anju.domain.cases import commands as c
from anju.domain.cases.canonical import jsonable
from anju.domain.cases.notices import TITLES, NoticeKind
from anju.domain.cases.states import CaseState
from anju.domain.errors import InputError
from anju.services.cases import queries
from anju.services.cases.desk import CaseView
from anju.services.cases.sweep import DEFAULT_REMIND_DAYS, overdue, sweep


def register(app: typer.Typer) -> None:
    """Add ``cases``, ``audit`` and ``rate`` to the ``anju`` command line."""
    cases_app = typer.Typer(help="办件：受理、容缺受理、审核、批准、支付、办结、撤回、文书、逾期", no_args_is_help=True)
    commands: tuple[tuple[str, Callable[..., None]], ...] = (
        ("open", open_case), ("recheck", recheck), ("accept", accept), ("refuse", refuse), ("supply", supply),
        ("review", review), ("approve", approve), ("decline", decline), ("pay", pay), ("close", close),
        ("withdraw", withdraw), ("show", show), ("list", list_cases), ("notice", notice), ("replay", replay),
        ("sweep", sweep_cmd), ("overdue", overdue_cmd), ("rectify", rectify), ("appeal", appeal),
        ("appeal-decide", appeal_decide))
    for name, command in commands:
        cases_app.command(name)(command)
    app.add_typer(cases_app, name="cases")
    app.command("rate")(rate)
    audit_app = typer.Typer(help="审计日志：哈希链校验", no_args_is_help=True)
    audit_app.command("verify")(audit_verify)
    audit_app.command("head")(audit_head)
    app.add_typer(audit_app, name="audit")


def _amount(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(f"金额格式错误：“{text}”") from None
    if not value.is_finite():
        raise InputError(f"金额格式错误：“{text}”")
    return value


def _echo_view(result: CaseView, done: str) -> None:
    case = result.case
    if result.replayed:
        typer.echo(f"该请求已办理过（幂等键相同），未重复办理：办件 {case.number}，当前状态：{case.state.label}。")
        return
    typer.echo(f"办件 {case.number}（库内编号 {case.id}）{done}，当前状态：{case.state.label}。")
    if case.due_on and case.decided_on is None:
        typer.echo(f"办结时限：{case.time_limit_days}个工作日，{case.due_on.isoformat()}前作出决定。")
    if case.outstanding:
        names = "、".join(m.name for m in case.outstanding)
        typer.echo(f"容缺待补：{names}，{case.pending_deadline.isoformat() if case.pending_deadline else ''}前补交；"
                   "补齐前资金暂缓支付。")
    for n in result.issued:
        typer.echo(f"文书：{TITLES[NoticeKind(n.kind)]} {n.number}（anju cases notice {case.id} --kind {n.kind}）")


def _run(database: str | None, done: str, build: Callable[[int], Any], reference: str) -> None:
    """Resolve the case, build the command for it, run it and print the result."""
    with case_desk(database) as desk:
        _echo_view(desk.handle(build(queries.resolve(desk, reference))), done)


def open_case(
    business: Annotated[str, typer.Option("--business", "-b", help="业务代码，如 withdraw.rent")],
    depositor: Annotated[int | None, typer.Option("--depositor", help="库内缴存人编号")] = None,
    scenario: Annotated[Path | None, typer.Option("--scenario", help="情景文件（JSON/YAML），代替 --depositor")] = None,
    materials: Annotated[list[str] | None, typer.Option("--materials", "-m", help="已带来的材料代码")] = None,
    channel: Annotated[str, typer.Option(help="渠道：counter 窗口 · online 网上 · phone · app · device")] = "counter",
    on: On = None, officer: Officer = "柜员", key: Key = None, database: Database = None,
) -> None:
    """申请：运行诊断，保存决定与政策包版本，需要时出具一次性告知书。"""
    with case_desk(database) as desk:
        command = c.OpenCase(business, day(on), officer, depositor, read_scenario(scenario) if scenario else None,
                             materials_option(materials), channel, key)
        _echo_view(desk.handle(command), "已登记")


def recheck(
    case: CaseRef,
    scenario: Annotated[Path | None, typer.Option("--scenario", help="补正后的情景文件")] = None,
    materials: Annotated[list[str] | None, typer.Option("--materials", "-m", help="已带来的材料代码")] = None,
    on: On = None, officer: Officer = "柜员", key: Key = None, database: Database = None,
) -> None:
    """补正后重新诊断（仅待受理的办件）。"""
    _run(database, "已重新诊断", lambda cid: c.RecheckCase(
        cid, day(on), officer, read_scenario(scenario) if scenario else None, materials_option(materials), key), case)


def accept(
    case: CaseRef,
    pending: Annotated[bool, typer.Option("--pending", help="容缺受理（须申请人签署承诺书）")] = False,
    signed_by: Annotated[str | None, typer.Option("--signed-by", help="承诺书签署人姓名（容缺受理必填）")] = None,
    on: On = None, officer: Officer = "柜员", key: Key = None, database: Database = None,
) -> None:
    """受理（诊断为可以办理），或 --pending 容缺受理，出具受理回执（及承诺书）。"""
    if pending:
        signer = signed_by or ""
        _run(database, "已容缺受理", lambda cid: c.AcceptWithPending(cid, day(on), officer, signer, key), case)
    else:
        _run(database, "已受理", lambda cid: c.AcceptCase(cid, day(on), officer, key), case)


def refuse(case: CaseRef, on: On = None, officer: Officer = "柜员", key: Key = None, database: Database = None) -> None:
    """不予受理：按诊断决定引用条款与其他办理途径，出具不予受理告知书。"""
    _run(database, "不予受理", lambda cid: c.RefuseCase(cid, day(on), officer, key), case)


def supply(
    case: CaseRef, material: Annotated[str, typer.Argument(help="补交的材料代码")],
    on: On = None, officer: Officer = "柜员", key: Key = None, database: Database = None,
) -> None:
    """补交一件容缺材料。"""
    _run(database, "已登记补交材料", lambda cid: c.SupplyMaterial(cid, material, day(on), officer, key), case)


def review(case: CaseRef, on: On = None, officer: Officer = "审核员", key: Key = None,
           database: Database = None) -> None:
    """开始审核。"""
    _run(database, "开始审核", lambda cid: c.StartReview(cid, day(on), officer, key), case)


def approve(
    case: CaseRef, amount: Annotated[str | None, typer.Option(help="批准金额（元，默认诊断额度）")] = None,
    on: On = None, officer: Officer = "审核员", key: Key = None, database: Database = None,
) -> None:
    """批准。"""
    _run(database, "已批准", lambda cid: c.ApproveCase(cid, day(on), officer, _amount(amount), key), case)


def decline(
    case: CaseRef,
    scenario: Annotated[Path | None, typer.Option("--scenario", help="复核后的情景文件（重新诊断）")] = None,
    clause: Annotated[list[str] | None, typer.Option("--clause", help="依据条款编号（可重复）")] = None,
    reason: Annotated[str, typer.Option(help="不予批准的理由")] = "",
    remedy: Annotated[str, typer.Option(help="申请人可以怎么办")] = "",
    on: On = None, officer: Officer = "审核员", key: Key = None, database: Database = None,
) -> None:
    """不予批准：重新诊断或引用条款，出具不予批准告知书。"""
    _run(database, "不予批准", lambda cid: c.DeclineCase(
        cid, day(on), officer, read_scenario(scenario) if scenario else None, tuple(clause or ()), reason, remedy,
        key), case)


def pay(case: CaseRef, on: On = None, officer: Officer = "财务", key: Key = None, database: Database = None) -> None:
    """支付批准金额（容缺材料补齐前不予支付）。"""
    _run(database, "已支付", lambda cid: c.PayCase(cid, day(on), officer, key), case)


def close(case: CaseRef, on: On = None, officer: Officer = "柜员", key: Key = None, database: Database = None) -> None:
    """办结，出具办结通知书。"""
    _run(database, "已办结", lambda cid: c.CloseCase(cid, day(on), officer, key), case)


def withdraw(
    case: CaseRef, reason: Annotated[str, typer.Option(help="撤回原因")] = "",
    on: On = None, officer: Officer = "柜员", key: Key = None, database: Database = None,
) -> None:
    """申请人撤回申请。"""
    _run(database, "已撤回", lambda cid: c.WithdrawCase(cid, day(on), officer, reason, key), case)


def show(
    case: CaseRef,
    fmt: Annotated[str, typer.Option("--format", help="text 或 json")] = "text",
    database: Database = None,
) -> None:
    """查看办件：状态、决定、历史、文书与评价。"""
    with case_desk(database) as desk:
        detail = queries.show(desk, queries.resolve(desk, case))
        if fmt == "json":
            typer.echo(json.dumps(jsonable({"case": detail.case, "decision": detail.decision,
                                            "events": detail.events, "notices": detail.notices,
                                            "rating": detail.rating, "rectification": detail.rectification,
                                            "appeals": detail.appeals}), ensure_ascii=False, indent=2))
            return
        if fmt != "text":
            raise InputError("--format 只能是 text 或 json")
        k = detail.case
        typer.echo(f"办件 {k.number}（库内编号 {k.id}）：{k.business_name}，申请人 {k.applicant_name}，"
                   f"状态：{k.state.label}")
        typer.echo(f"诊断：{detail.decision.get('outcome_label')}（{k.decision_on.isoformat()}，"
                   f"政策包 {k.pack_version}）——{detail.decision.get('summary')}")
        for e in detail.events:
            typer.echo(f"  {e.on.isoformat()} {e.name:20} {e.from_state or '—'} → {e.to_state}  {e.actor}")
        for n in detail.notices:
            typer.echo(f"  文书 {n.number} {TITLES[NoticeKind(n.kind)]}（{n.issued_on.isoformat()}）")
        if detail.rating:
            excluded = "（申诉成立，不计入）" if detail.rating.excluded else ""
            typer.echo(f"  评价：{detail.rating.level.label}{excluded} {detail.rating.comment}")
        if detail.rectification:
            r = detail.rectification
            step = r.last_step.label if r.last_step else "未开始"
            typer.echo(f"  差评整改（编号 {r.id}）：截止 {r.deadline.isoformat()}，已完成：{step}"
                       f"{'，已结束' if r.closed_on else ''}")


def list_cases(
    state: Annotated[str | None, typer.Option(help="只列此状态，如 under_review")] = None,
    depositor: Annotated[int | None, typer.Option("--depositor", help="只列此缴存人的办件")] = None,
    limit: Annotated[int, typer.Option(help="最多条数")] = 50,
    database: Database = None,
) -> None:
    """列出办件（新的在前）。"""
    with case_desk(database) as desk:
        if state is not None and state not in {s.value for s in CaseState}:
            raise InputError(f"状态“{state}”无效，应为：{'、'.join(s.value for s in CaseState)}")
        for k in queries.find(desk, state, depositor, limit):
            typer.echo(f"{k.id:>6} {k.number} {k.opened_on.isoformat()} {k.business_name:12} "
                       f"{k.applicant_name:6} {k.state.label}")


def notice(
    case: CaseRef,
    kind: Annotated[str | None, typer.Option(help="文书类型：" + "、".join(k.value for k in NoticeKind))] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入的文件或目录（默认打印最新一份）")] = None,
    database: Database = None,
) -> None:
    """输出办件的文书（A4 可打印 HTML，浏览器打印或另存为 PDF）。"""
    with case_desk(database) as desk:
        detail = queries.show(desk, queries.resolve(desk, case))
        chosen = [n for n in detail.notices if kind is None or n.kind == kind]
        if not chosen:
            raise InputError(f"办件 {detail.case.number} 没有{'该类' if kind else ''}文书")
        if output is None:
            typer.echo(render_issued(chosen[-1]))
            return
        if output.suffix.lower() in (".html", ".htm"):
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(render_issued(chosen[-1]), encoding="utf-8")
            typer.echo(f"已写入 {output}")
            return
        output.mkdir(parents=True, exist_ok=True)
        for n in chosen:
            path = output / f"{n.number}.html"
            path.write_text(render_issued(n), encoding="utf-8")
            typer.echo(f"已写入 {path}（{TITLES[NoticeKind(n.kind)]}）")


def replay(case: CaseRef, database: Database = None) -> None:
    """按存档情景和日期重新诊断，与存档决定逐项比对。"""
    with case_desk(database) as desk:
        report = queries.replay(desk, queries.resolve(desk, case))
        typer.echo(report.message)
        if not (report.same and report.intact):
            raise typer.Exit(1)


def sweep_cmd(
    on: On = None,
    remind_days: Annotated[int, typer.Option("--remind-days", help="期限前几个工作日提醒")] = DEFAULT_REMIND_DAYS,
    officer: Officer = "system", database: Database = None,
) -> None:
    """每日巡检：容缺材料临期提醒，逾期未补交的终止办理并出具告知书。"""
    with case_desk(database) as desk:
        if remind_days < 0:
            raise InputError("--remind-days 不能为负数")
        report = sweep(desk, day(on), remind_days, officer)
        typer.echo(f"{report.on.isoformat()} 巡检容缺办件 {report.checked} 件：提醒 {len(report.reminded)} 件，"
                   f"逾期终止 {len(report.withdrawn)} 件。")
        for number in report.reminded:
            typer.echo(f"  提醒 {number}")
        for number in report.withdrawn:
            typer.echo(f"  终止 {number}")
        for note in report.skipped:
            typer.echo(f"  跳过 {note}")


def overdue_cmd(on: On = None, database: Database = None) -> None:
    """逾期清单（供管理者）：超过办结时限、容缺逾期、差评整改逾期。"""
    with case_desk(database) as desk:
        items = overdue(desk, day(on))
        if not items:
            typer.echo("没有逾期事项。")
            return
        typer.echo(f"逾期事项 {len(items)} 项：")
        for i in items:
            typer.echo(f"  {i.label:10} {i.case_number} {i.business_name:12} {i.state:10} "
                       f"期限 {i.due.isoformat()}，已逾期 {i.workdays_over} 个工作日")
