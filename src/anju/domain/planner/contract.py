"""The planner's JSON contract (``anju.plan/1``): plain dicts of strings, numbers and lists.

The CLI, the web pages and the API all serialise a result through these functions, so the shape
is defined once; docs/planner.md documents it field by field. Money is a string with exactly two
decimals (``"2402.04"``), rates a string as a decimal fraction (``"0.026"``), dates ISO strings.
Adding a field is compatible; renaming or removing one needs a new contract version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from anju.domain.planner.amortisation import FEN, METHOD_LABELS, Row, Schedule
from anju.domain.planner.loan_policy import Param
from anju.domain.planner.plan import FINANCING_LABELS, LoanPart, Plan
from anju.domain.planner.plans import PlanResult
from anju.domain.planner.prepayment import MODE_LABELS, Prepayment
from anju.domain.planner.quota import Limit, Quota, TermLimit
from anju.domain.planner.repricing import Repricing
from anju.domain.planner.strategies import STRATEGY_LABELS

CONTRACT = "anju.plan/1"


def amount(value: Decimal) -> str:
    """Money as a string with two decimals.

    >>> amount(Decimal("935000")), amount(Decimal("2402.04"))
    ('935000.00', '2402.04')
    """
    return str(value.quantize(FEN))


def rate(value: Decimal) -> str:
    """A rate as a plain decimal string.

    >>> rate(Decimal("0.0260")), rate(Decimal("0.03075"))
    ('0.026', '0.03075')
    """
    return format(value.normalize(), "f")


def param(p: Param[Any]) -> dict[str, Any]:
    value = p.value
    if isinstance(value, Decimal):
        shown: Any = format(value.normalize(), "f")
    elif isinstance(value, tuple):
        shown = list(value)
    else:
        shown = value
    return {"name": p.name, "label": p.label, "value": shown, "clause": p.clause,
            "source": p.source, "status": p.status,
            "since": p.since.isoformat() if p.since else None}


def limit(lim: Limit) -> dict[str, Any]:
    return {"key": lim.key, "label": lim.label, "value": amount(lim.value), "basis": lim.basis,
            "params": [param(p) for p in lim.params]}


def quota(q: Quota) -> dict[str, Any]:
    return {
        "amount": amount(q.amount),
        "term_months": q.term_months,
        "rate": rate(q.rate.value),
        "rate_param": param(q.rate),
        "binding": q.binding.key if q.binding else None,
        "blocked": q.blocked,
        "limits": [limit(lim) for lim in q.limits],
    }


def term_limit(t: TermLimit) -> dict[str, Any]:
    return {"months": t.months, "binding": t.key, "basis": t.basis,
            "candidates": [{"basis": b, "months": m} for b, m in t.candidates],
            "params": [param(p) for p in t.params]}


def row(r: Row) -> dict[str, Any]:
    return {"period": r.period, "date": r.date.isoformat() if r.date else None,
            "payment": amount(r.payment), "principal": amount(r.principal),
            "interest": amount(r.interest), "balance": amount(r.balance), "rate": rate(r.rate)}


def schedule(s: Schedule, *, rows: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "principal": amount(s.principal),
        "method": s.method,
        "method_label": METHOD_LABELS[s.method],
        "rate": rate(s.rate),
        "months": s.term_months,
        "start": s.start.isoformat() if s.start else None,
        "first_payment": amount(s.first_payment),
        "last_payment": amount(s.last_payment),
        "total_interest": amount(s.total_interest),
        "total_payment": amount(s.total_payment),
    }
    if rows:
        out["rows"] = [row(r) for r in s.rows]
    return out


def part(p: LoanPart, *, rows: bool = False) -> dict[str, Any]:
    return {"kind": p.kind, "label": p.label, "rate_basis": p.rate_basis,
            **schedule(p.schedule, rows=rows)}


def plan(p: Plan, *, rows: bool = False) -> dict[str, Any]:
    return {
        "id": p.id,
        "title": p.title,
        "financing": p.financing,
        "financing_label": FINANCING_LABELS[p.financing],
        "method": p.method,
        "method_label": METHOD_LABELS[p.method],
        "term_months": p.term_months,
        "strategy": p.strategy,
        "strategy_label": STRATEGY_LABELS[p.strategy],
        "feasible": p.feasible,
        "violations": list(p.violations),
        "price": amount(p.price),
        "loan_total": amount(p.loan_total),
        "hpf_loan": amount(p.hpf_loan),
        "down_payment": amount(p.down_payment),
        "withdrawn": amount(p.cash.withdrawn),
        "own_money": amount(p.own_money),
        "monthly_payment": amount(p.monthly_payment),
        "max_monthly_payment": amount(p.max_monthly_payment),
        "net_monthly_first_year": amount(p.cash.net_monthly_first_year),
        "repayment_support_first_year": amount(p.cash.support_first_year),
        "total_interest": amount(p.total_interest),
        "total_payment": amount(p.loan_total + p.total_interest),
        "commercial_interest": amount(p.commercial_interest),
        "savings_vs_commercial": amount(p.savings_vs_commercial),
        "fund_used": amount(p.fund_used),
        "withdrawals": [{"who": w.label, "relation": w.relation, "amount": amount(w.amount),
                         "timing": w.timing} for w in p.cash.withdrawals],
        "parts": [part(x, rows=rows) for x in p.parts],
        "steps": list(p.steps),
    }


def result(r: PlanResult, *, schedule_plan: Plan | None = None) -> dict[str, Any]:
    """The whole search; full schedule rows only for one plan (the recommended by default)."""
    shown = schedule_plan or r.recommended or r.nearest
    req = r.request
    return {
        "contract": CONTRACT,
        "on": r.on.isoformat(),
        "request": {
            "price": amount(req.purchase.price),
            "kind": req.purchase.kind,
            "home_ordinal": req.home_ordinal,
            "hpf_loan_outstanding": req.hpf_loan_outstanding,
            "multi_child": req.multi_child,
            "borrowers": [b.label for b in req.borrowers],
            "helpers": [{"who": h.label, "relation": h.relation, "balance": amount(h.balance)}
                        for h in req.helpers],
            "limits": {
                "max_monthly_payment": _opt(req.limits.max_monthly_payment),
                "max_down_payment": _opt(req.limits.max_down_payment),
                "term_months": req.limits.term_months,
            },
        },
        "term_limit": term_limit(r.term_limit),
        "quota": quota(r.quota),
        "quotas": [{"term_months": q.term_months, "amount": amount(q.amount),
                    "rate": rate(q.rate.value), "binding": q.binding.key if q.binding else None}
                   for q in r.quotas],
        "commercial_rate": {"rate": rate(r.commercial_rate), "basis": r.commercial_rate_basis},
        "monthly_limit": {"amount": amount(r.monthly_limit), "basis": r.monthly_limit_basis},
        "feasible": r.feasible,
        "recommended": r.recommended.id if r.recommended else None,
        "infeasible_reasons": list(r.infeasible_reasons),
        "nearest": ({"plan_id": r.nearest.id, "reason": r.nearest_reason}
                    if r.nearest else None),
        "rankings": [{"key": k.key, "label": k.label, "plan_id": k.plan_id, "reason": k.reason}
                     for k in r.rankings],
        "interplay": list(r.interplay),
        "notes": list(r.notes),
        "plans": [plan(p) for p in r.plans],
        "schedule": None if shown is None else {
            "plan_id": shown.id, "parts": [part(x, rows=True) for x in shown.parts]},
        "sources": [param(p) for p in r.sources],
    }


def prepayment(p: Prepayment) -> dict[str, Any]:
    return {
        "contract": CONTRACT,
        "mode": p.mode,
        "mode_label": MODE_LABELS[p.mode],
        "after_period": p.after_period,
        "amount": amount(p.amount),
        "interest_saved": amount(p.interest_saved),
        "months_saved": p.months_saved,
        "payment_before": amount(p.payment_before),
        "payment_after": amount(p.payment_after),
        "before": schedule(p.before, rows=False),
        "after": schedule(p.after),
    }


def repricing(r: Repricing) -> dict[str, Any]:
    return {
        "contract": CONTRACT,
        "on": r.on.isoformat(),
        "current_rate": rate(r.current_rate),
        "interest_difference": amount(r.interest_difference),
        "changes": [{"period": c.period, "due": c.due.isoformat(), "old_rate": rate(c.old_rate),
                     "new_rate": rate(c.new_rate), "payment_before": amount(c.payment_before),
                     "payment_after": amount(c.payment_after)} for c in r.changes],
        "next_change": (None if r.next_change is None else r.next_change.due.isoformat()),
        "schedule": schedule(r.schedule),
        "contract_schedule": schedule(r.contract, rows=False),
    }


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else amount(value)
