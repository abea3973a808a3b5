"""Loan planning use cases: policy from the pack, a request from a scenario, then the planner.

The web pages, the API and ``anju plan`` all call these functions and render what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from anju.domain.errors import InputError, PolicyPackError, Problem
from anju.domain.members.household import (
    children_count,
    home_ordinal,
    homes_in_city,
    hpf_loan_outstanding,
    hpf_loans_used,
    is_multi_child,
)
from anju.domain.members.idcard import parse_id_number
from anju.domain.planner.amortisation import Method, amortise
from anju.domain.planner.loan_policy import LoanPolicy, Param
from anju.domain.planner.plans import PlanResult, search
from anju.domain.planner.prepayment import Prepayment, PrepaymentMode, prepay
from anju.domain.planner.repricing import RateStep, Repricing, reprice
from anju.domain.planner.request import (
    DEFAULT_TERMS_YEARS,
    Borrower,
    Helper,
    PlanLimits,
    PlanRequest,
    Purchase,
)
from anju.domain.policy.model import PolicyPack
from anju.domain.scenario import Loan, Person, Scenario

# LoanPolicy field → pack parameter name.
POLICY_PARAMETERS: dict[str, str] = {
    "cap_single": "loan.cap.single",
    "cap_couple": "loan.cap.couple",
    "multi_child_uplift": "loan.cap.multi_child_uplift",
    "balance_multiple": "loan.balance_multiple",
    "capacity_ratio": "loan.capacity_ratio",
    "down_first_new": "loan.down_payment.first_new",
    "down_first_resale": "loan.down_payment.first_resale",
    "down_second": "loan.down_payment.second",
    "max_term_years": "loan.max_term_years",
    "max_age_male": "loan.max_age_at_maturity.male",
    "max_age_female": "loan.max_age_at_maturity.female",
    "rate_first_upto5y": "rate.hpf.first.upto5y",
    "rate_first_over5y": "rate.hpf.first.over5y",
    "rate_second_upto5y": "rate.hpf.second.upto5y",
    "rate_second_over5y": "rate.hpf.second.over5y",
    "lpr_5y": "rate.lpr.5y",
    "commercial_down_first": "commercial.down_payment.first",
    "commercial_down_second": "commercial.down_payment.second",
    "commercial_spread_bp": "commercial.spread_bp",
    "purchase_relatives": "withdraw.purchase.relatives",
    "max_home_ordinal": "loan.max_home_ordinal",
}


def loan_policy(pack: PolicyPack, on: date) -> LoanPolicy:
    """Every figure the planner needs from ``pack`` in force on ``on``, with its citation."""
    fields: dict[str, Param[Any]] = {}
    problems: list[Problem] = []
    for field_name, name in POLICY_PARAMETERS.items():
        parameter = pack.parameters.get(name)
        found = parameter.at(on) if parameter is not None else None
        if parameter is None or found is None:
            problems.append(
                Problem(
                    name, f"{on.isoformat()}没有生效的取值" if parameter else "政策包中没有这个参数（贷款规划需要）"
                )
            )
            continue
        value = found.value
        if isinstance(value, list | tuple):
            value = tuple(str(v) for v in value)
        elif isinstance(value, bool) or not isinstance(value, int | Decimal):
            problems.append(Problem(name, f"应为数值，实际为 {value!r}"))
            continue
        else:
            value = Decimal(value)
        fields[field_name] = Param(
            name, value, parameter.label, parameter.clause, found.source, found.status, found.since
        )
    if problems:
        raise PolicyPackError("政策包缺少贷款规划所需的参数", problems)
    return LoanPolicy(on=on, **fields)


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """What the person adds to the records: their limits and any rate they were quoted."""

    commercial_rate: Decimal | None = None
    max_monthly_payment: Decimal | None = None
    max_down_payment: Decimal | None = None
    term_months: int | None = None
    """Preferred term; defaults to the scenario's requested loan term."""
    terms_years: tuple[int, ...] = DEFAULT_TERMS_YEARS
    start: date | None = None


def plan_request(scenario: Scenario, on: date, options: PlanOptions = PlanOptions()) -> PlanRequest:
    """The planner's request from a scenario: the home and whether it is the first or second
    come from the family's records (homes and loans of applicant and spouse)."""
    purchase = scenario.visit.purchase
    problems: list[Problem] = []
    if purchase is None or purchase.price is None:
        problems.append(Problem("visit.purchase.price", "请提供所购住房的总价"))
    elif purchase.kind not in ("new", "resale"):
        problems.append(Problem("visit.purchase.kind", "贷款规划适用于购买新房（new）或二手房（resale）"))
    applicant = _borrower(scenario.applicant, "申请人", "applicant", on, problems)
    spouse = None
    if scenario.spouse is not None:
        spouse = _borrower(scenario.spouse, "配偶", "spouse", on, problems, is_spouse=True)
    if problems:
        raise InputError("情形信息不足以制定贷款方案", problems)
    assert purchase is not None and purchase.price is not None and applicant is not None
    notes: list[str] = []
    homes, used = homes_in_city(scenario), hpf_loans_used(scenario)
    ordinal = home_ordinal(scenario)
    notes.append(f"按家庭住房和贷款记录认定为第{ordinal}套住房（本市已有住房{homes}套，曾使用公积金贷款{used}次）")
    multi = is_multi_child(scenario)
    if multi is None:
        notes.append("子女数未知，未计算多子女家庭额度上浮")
    elif multi:
        notes.append(f"多子女家庭（子女{children_count(scenario)}个），贷款最高额度上浮")
    helpers = [
        *_helpers(scenario.parents, "parent", ("父亲", "母亲"), "父母"),
        *_helpers(scenario.children, "child", ("儿子", "女儿"), "子女"),
    ]
    term_months = options.term_months
    if term_months is None and scenario.visit.loan is not None:
        term_months = scenario.visit.loan.term_months
    return PlanRequest(
        on=on,
        purchase=Purchase(
            purchase.price,
            "new" if purchase.kind == "new" else "resale",
            purchase.area,
            purchase.building_age_years,
            purchase.down_payment,
        ),
        applicant=applicant,
        co_borrower=spouse,
        helpers=tuple(helpers),
        home_ordinal=ordinal,
        hpf_loan_outstanding=hpf_loan_outstanding(scenario),
        multi_child=bool(multi),
        commercial_rate=options.commercial_rate,
        limits=PlanLimits(options.max_monthly_payment, options.max_down_payment, term_months),
        terms_years=options.terms_years,
        start=options.start,
        notes=tuple(notes),
    )


def make_plans(pack: PolicyPack, scenario: Scenario, on: date, options: PlanOptions = PlanOptions()) -> PlanResult:
    """Every plan for the scenario's purchase on ``on``, ranked."""
    return search(plan_request(scenario, on, options), loan_policy(pack, on))


def plans_for_request(pack: PolicyPack, request: PlanRequest) -> PlanResult:
    """Plans for a request built directly (e.g. from ``anju plan`` flags)."""
    return search(request, loan_policy(pack, request.on))


def simulate_prepayment(
    principal: Decimal,
    rate: Decimal,
    months: int,
    method: Method,
    after_period: int,
    amount: Decimal,
    mode: PrepaymentMode,
    start: date | None = None,
) -> Prepayment:
    """Prepayment on a loan described by its contract terms."""
    return prepay(amortise(principal, rate, months, method, start=start), after_period, amount, mode)


def rate_history(pack: PolicyPack, name: str) -> tuple[RateStep, ...]:
    """Every dated value of a rate parameter, oldest first."""
    return tuple(RateStep(v.since, Decimal(v.value)) for v in pack.parameter(name).values)


def reprice_loans(
    pack: PolicyPack, scenario: Scenario, on: date, method: Method = "equal_instalment"
) -> list[tuple[Loan, Repricing]]:
    """The 1 January repricing of each outstanding HPF loan of applicant and spouse.

    The tier is first home unless the loan's contract rate matches the second-home rate in
    force at disbursement; loans without principal, start or term cannot be repriced and are
    left out.
    """
    out = []
    people = [scenario.applicant] + ([scenario.spouse] if scenario.spouse else [])
    seen: set[tuple[object, ...]] = set()
    for person in people:
        for loan in person.loans:
            if loan.kind not in ("hpf", "combination") or loan.status == "repaid":
                continue
            if loan.principal is None or loan.start is None or loan.term_months is None:
                continue
            key = (loan.kind, loan.start, loan.principal)
            if key in seen:
                continue
            seen.add(key)
            span = "upto5y" if loan.term_months <= 60 else "over5y"
            tier = "first"
            second = pack.parameter(f"rate.hpf.second.{span}").at(loan.start)
            if loan.rate is not None and second is not None and Decimal(second.value) == loan.rate:
                tier = "second"
            history = rate_history(pack, f"rate.hpf.{tier}.{span}")
            out.append(
                (
                    loan,
                    reprice(
                        loan.principal, loan.start, loan.term_months, method, history, on=on, contract_rate=loan.rate
                    ),
                )
            )
    return out


def _birth_and_sex(person: Person, on: date) -> tuple[date | None, str | None]:
    birth, sex = person.birth_date, person.sex
    if (birth is None or sex is None) and person.id_number:
        info = parse_id_number(person.id_number, on)
        birth, sex = birth or info.birth_date, sex or info.sex
    return birth, sex


def _borrower(
    person: Person, label: str, path: str, on: date, problems: list[Problem], *, is_spouse: bool = False
) -> Borrower | None:
    birth, sex = _birth_and_sex(person, on)
    if birth is None:
        problems.append(Problem(f"{path}.birth_date", f"请提供{label}的出生日期或身份证号（用于计算贷款期限）"))
    if sex is None:
        problems.append(Problem(f"{path}.sex", f"请提供{label}的性别或身份证号（用于计算贷款期限）"))
    if birth is None or sex is None:
        return None
    account = person.account
    deposit = None
    if (
        account is not None
        and account.base is not None
        and (account.rate_employee is not None and account.rate_employer is not None)
    ):
        deposit = account.base * (account.rate_employee + account.rate_employer)
    return Borrower(
        label=person.name or label,
        sex=sex,  # type: ignore[arg-type]
        birth_date=birth,
        balance=(account.balance if account and account.balance is not None else Decimal(0)),
        base=account.base if account else None,
        income=person.monthly_income,
        debts_monthly=person.debts_monthly or Decimal(0),
        monthly_deposit=deposit,
        deposits=account is not None and account.status == "active",
        is_spouse=is_spouse,
    )


def _helpers(people: list[Person], relation: str, by_sex: tuple[str, str], fallback: str) -> list[Helper]:
    out = []
    for i, p in enumerate(people):
        balance = p.account.balance if p.account is not None else None
        if not balance or balance <= 0:
            continue
        sex = p.sex
        if sex is None and p.id_number:
            try:
                sex = parse_id_number(p.id_number).sex
            except InputError:
                sex = None
        label = p.name or (by_sex[0] if sex == "male" else by_sex[1] if sex == "female" else f"{fallback}{i + 1}")
        out.append(Helper(relation, label, balance))  # type: ignore[arg-type]
    return out
