"""``anju plan``: loan and withdrawal plans from flags or a request file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from anju.adapters.cli.common import user_errors
from anju.adapters.plan_files import export_schedule, read_request, request_from_data
from anju.adapters.policy_files import load_pack
from anju.config import load_settings
from anju.domain.errors import InputError
from anju.domain.planner import contract
from anju.domain.planner.plan import Plan
from anju.domain.planner.plans import PlanResult
from anju.domain.planner.text import money, percent, term
from anju.services.planning import make_plans


def register(app: typer.Typer) -> None:
    """Add ``anju plan`` to the application."""
    app.command("plan")(plan)


_Opt = typer.Option


def plan(
    request: Annotated[Path | None, _Opt("--request", "-r", help="请求文件（JSON/YAML），见 docs/planner.md")] = None,
    on: Annotated[str | None, _Opt(help="申请日期 YYYY-MM-DD（默认今天）")] = None,
    price: Annotated[str | None, _Opt(help="房价（元）")] = None,
    kind: Annotated[str, _Opt(help="new 新房 · resale 二手房")] = "new",
    area: Annotated[str | None, _Opt(help="建筑面积（平方米）")] = None,
    down_paid: Annotated[str | None, _Opt(help="已付首付款（元）")] = None,
    age: Annotated[int | None, _Opt(help="申请人年龄（周岁）")] = None,
    sex: Annotated[str | None, _Opt(help="申请人性别 male/female")] = None,
    balance: Annotated[str, _Opt(help="申请人公积金余额（元）")] = "0",
    base: Annotated[str | None, _Opt(help="申请人缴存基数（元/月）")] = None,
    income: Annotated[str | None, _Opt(help="申请人月收入（元）")] = None,
    debts: Annotated[str | None, _Opt(help="申请人其他债务月供（元）")] = None,
    ratio: Annotated[str | None, _Opt(help="申请人单方缴存比例，如 0.12")] = None,
    spouse_age: Annotated[int | None, _Opt(help="配偶（共同借款人）年龄")] = None,
    spouse_sex: Annotated[str | None, _Opt(help="配偶性别")] = None,
    spouse_balance: Annotated[str, _Opt(help="配偶公积金余额（元）")] = "0",
    spouse_base: Annotated[str | None, _Opt(help="配偶缴存基数（元/月）")] = None,
    spouse_income: Annotated[str | None, _Opt(help="配偶月收入（元）")] = None,
    spouse_debts: Annotated[str | None, _Opt(help="配偶其他债务月供（元）")] = None,
    spouse_ratio: Annotated[str | None, _Opt(help="配偶单方缴存比例")] = None,
    spouse_no_account: Annotated[bool, _Opt(help="配偶未缴存公积金")] = False,
    parent: Annotated[list[str] | None, _Opt(help="父母的公积金余额（元），可重复")] = None,
    child: Annotated[list[str] | None, _Opt(help="子女的公积金余额（元），可重复")] = None,
    homes: Annotated[int, _Opt(help="家庭在本市已有住房套数")] = 0,
    hpf_loans: Annotated[int, _Opt(help="家庭使用过公积金贷款的次数")] = 0,
    hpf_outstanding: Annotated[bool, _Opt(help="家庭尚有未结清的公积金贷款")] = False,
    children: Annotated[int | None, _Opt(help="子女数")] = None,
    commercial_rate: Annotated[str | None, _Opt(help="商业贷款年利率，如 0.0305（默认LPR加点）")] = None,
    max_monthly: Annotated[str | None, _Opt(help="可承受的最高月供（元）")] = None,
    max_down: Annotated[str | None, _Opt(help="可支付的最高首付（元）")] = None,
    term_years: Annotated[int | None, _Opt("--term", help="希望的贷款期限（年）")] = None,
    plan_id: Annotated[str | None, _Opt("--plan", help="显示/导出该编号方案的还款计划")] = None,
    output: Annotated[str, _Opt("--format", help="text 或 json")] = "text",
    export: Annotated[Path | None, _Opt(help="导出还款计划：.xlsx 或 .csv")] = None,
    pack: Annotated[Path | None, _Opt(help="政策包目录（默认内置焦作政策包）")] = None,
) -> None:
    """贷款与提取方案：公积金可贷额度、组合贷款、提取策略与还款计划。"""
    with user_errors():
        if output not in ("text", "json"):
            raise InputError(f"--format 应为 text 或 json（收到 {output}）")
        today = date.today()
        if request is not None:
            scenario, day, options = read_request(request, today)
        else:
            data = _flags_document(locals())
            scenario, day, options = request_from_data(data, "命令行参数", today)
        policy_pack = load_pack(pack or load_settings().policy_pack)
        result = make_plans(policy_pack, scenario, day, options)
        shown = _chosen(result, plan_id)
        if export is not None:
            if shown is None:
                raise InputError("没有可导出的方案")
            export_schedule(shown, export)
        if output == "json":
            typer.echo(json.dumps(contract.result(result, schedule_plan=shown), ensure_ascii=False, indent=2))
        else:
            typer.echo(render_text(result, shown))
            if export is not None:
                typer.echo(f"\n还款计划已导出：{export}")


def _flags_document(flags: dict[str, Any]) -> dict[str, Any]:
    """The flags as a request document, so both go through one validation."""

    def person(prefix: str) -> dict[str, Any]:
        keys = {
            "age": "age",
            "sex": "sex",
            "balance": "balance",
            "base": "base",
            "income": "income",
            "debts": "debts",
            "ratio": "deposit_ratio",
        }
        return {doc: flags[f"{prefix}{flag}"] for flag, doc in keys.items() if flags[f"{prefix}{flag}"] is not None}

    doc: dict[str, Any] = {
        "purchase": {
            k: v
            for k, v in (
                ("price", flags["price"]),
                ("kind", flags["kind"]),
                ("area", flags["area"]),
                ("down_payment_paid", flags["down_paid"]),
            )
            if v is not None
        },
        "applicant": person(""),
        "parents": [{"balance": b} for b in flags["parent"] or []],
        "children": [{"balance": b} for b in flags["child"] or []],
        "family": {
            "homes_in_city": flags["homes"],
            "hpf_loans_used": flags["hpf_loans"],
            "hpf_loan_outstanding": flags["hpf_outstanding"],
            **({"children": flags["children"]} if flags["children"] is not None else {}),
        },
        "limits": {
            k: v
            for k, v in (
                ("max_monthly_payment", flags["max_monthly"]),
                ("max_down_payment", flags["max_down"]),
                ("term_years", flags["term_years"]),
            )
            if v is not None
        },
    }
    if flags["price"] is None:
        doc.pop("purchase")
    if flags["on"] is not None:
        doc["on"] = flags["on"]
    if flags["commercial_rate"] is not None:
        doc["commercial_rate"] = flags["commercial_rate"]
    if flags["spouse_age"] is not None or flags["spouse_sex"] is not None:
        spouse = person("spouse_")
        if flags["spouse_no_account"]:
            spouse["deposits"] = False
        doc["spouse"] = spouse
    return doc


def _chosen(result: PlanResult, plan_id: str | None) -> Plan | None:
    if plan_id is None:
        return result.recommended or result.nearest
    try:
        return result.plan(plan_id)
    except KeyError:
        raise InputError(f"没有编号为 {plan_id} 的方案；方案编号见 --format json 的 plans[].id") from None


def render_text(result: PlanResult, shown: Plan | None) -> str:
    """The result in Chinese for the terminal."""
    req = result.request
    q = result.quota
    lines = [
        f"贷款方案（{result.on.isoformat()}）",
        f"房价{money(req.purchase.price)} · {'新房' if req.purchase.kind == 'new' else '二手房'}"
        f" · 家庭第{req.home_ordinal}套住房",
        "",
    ]
    if q.blocked:
        lines.append(f"公积金贷款：不能申请。{q.blocked}")
    else:
        lines.append(
            f"公积金可贷额度：{money(q.amount)}（{term(q.term_months)}，"
            f"年利率{percent(q.rate.value)}；取各项限额的最小值，向下取整到元）"
        )
        for lim in q.limits:
            mark = "  ← 起决定作用" if q.binding is not None and lim.key == q.binding.key else ""
            lines.append(f"  · {lim.label}：{money(lim.value)}{mark}")
            lines.append(f"      {lim.basis}")
        tl = result.term_limit
        lines.append(f"公积金贷款最长期限：{term(tl.months)}（{tl.basis}）")
    lines.append(f"月供上限：{money(result.monthly_limit)}（{result.monthly_limit_basis}）")
    lines.append("")
    if result.recommended is not None:
        lines.append(f"推荐方案：{result.recommended.title}")
    else:
        lines.append("没有方案能满足您的全部条件：")
        lines += [f"  · {r}" for r in result.infeasible_reasons]
        if result.nearest_reason:
            lines.append(f"  → {result.nearest_reason}")
    if shown is not None:
        lines += _plan_lines(shown)
    if result.interplay:
        lines.append("")
        lines.append("提取与贷款的顺序：")
        lines += [f"  · {x}" for x in result.interplay]
    lines.append("")
    lines.append("各项之最：")
    for r in result.rankings:
        lines.append(f"  · {r.label}：{result.plan(r.plan_id).title}（{r.reason}）")
    lines.append("")
    lines.append("方案一览（每种贷款结构列出自有资金最少的提取策略；编号可用于 --plan）：")
    seen: set[tuple[str, str, int]] = set()
    for p in result.plans:
        key = (p.financing, p.method, p.term_months)
        if key in seen:
            continue
        seen.add(key)
        best = min(
            (x for x in result.plans if (x.financing, x.method, x.term_months) == key),
            key=lambda x: (x.own_money, x.cash.net_monthly_first_year),
        )
        flag = "✓" if best.feasible else "✗"
        lines.append(
            f"  {flag} {best.id}：首付{money(best.down_payment)}，首月月供"
            f"{money(best.monthly_payment)}，总利息{money(best.total_interest)}，"
            f"较同额商贷省{money(best.savings_vs_commercial)}"
        )
    lines.append("")
    lines.append("说明：")
    lines += [f"  · {n}" for n in result.notes]
    return "\n".join(lines)


def _plan_lines(p: Plan) -> list[str]:
    lines = [
        f"  方案编号：{p.id}",
        f"  首付{money(p.down_payment)}（提取返还后自有资金{money(p.own_money)}）",
        f"  首月月供{money(p.monthly_payment)}，最高月供{money(p.max_monthly_payment)}，"
        f"首年扣除公积金冲还后平均每月{money(p.cash.net_monthly_first_year)}",
        f"  总利息{money(p.total_interest)}"
        + (f"，比同额商业贷款少付利息{money(p.savings_vs_commercial)}"
           if p.savings_vs_commercial > 0 else ""),
    ]
    for part in p.parts:
        s = part.schedule
        lines.append(
            f"  {part.label}{money(s.principal)}：{term(s.term_months)}，"
            f"年利率{percent(s.rate)}（{part.rate_basis}），{s.method_label}，"
            f"总利息{money(s.total_interest)}"
        )
    if p.violations:
        lines += [f"  ✗ {v}" for v in p.violations]
    lines.append("  办理步骤：")
    lines += [f"    {i}. {step}" for i, step in enumerate(p.steps, start=1)]
    return lines
