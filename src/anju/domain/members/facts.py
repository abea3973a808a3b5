"""Deriving facts from a scenario on a date (the catalogue is in :mod:`catalogue`).

Policy expressions read *facts*, never the raw scenario. ``derive``
computes every fact for one subject — the applicant, or a relative taking the relative's route —
with the applicant's household and visit. Unknown stays ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from anju.domain.calendar import months_between, years_between
from anju.domain.errors import InputError
from anju.domain.members import deposits, household
from anju.domain.members.catalogue import FACTS
from anju.domain.members.idcard import parse_id_number
from anju.domain.members.retirement import category_for, statutory_retirement
from anju.domain.scenario import Person, Scenario


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose facts: the person, the household's scenario, the date, and the records' date."""

    scenario: Scenario
    person: Person
    on: date
    as_of: date


class Facts(dict[str, Any]):
    """Facts computed on first use, a group at a time.

    Conditions read facts by name; a diagnosis rarely needs them all, and the search for a
    ``not_yet`` date re-derives facts on many probe dates — so each group of facts (identity,
    account, household …) is computed only when one of its names is first read. Definitions of
    the policy pack are computed the same way, from ``definitions`` and ``params``.
    """

    __slots__ = ("definitions", "memo", "params", "subject")

    def __init__(self, subject: Subject, definitions: Mapping[str, Any] | None = None,
                 params: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.subject = subject
        self.definitions = definitions or {}
        self.params = params or {}
        self.memo: dict[Any, Any] = {}  # expression source → value

    def __missing__(self, name: str) -> Any:
        group = _GROUP_OF.get(name)
        if group is not None:
            group(self, self.subject)
            return dict.__getitem__(self, name)
        definition = self.definitions.get(name)
        if definition is None:
            raise KeyError(name)
        value = definition(self, self.params)
        self[name] = value
        return value

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def complete(self) -> dict[str, Any]:
        """Every catalogue fact, computed now (for tests and exports)."""
        return {name: self[name] for name in FACTS}


def derive(scenario: Scenario, on: date, subject: Person | None = None) -> dict[str, Any]:
    """Every fact for ``subject`` (default: the applicant) on ``on``, computed eagerly.

    The scenario's own date is when its records were taken; asking about a later date projects
    an active depositor's monthly deposits forward, which is how "from when" dates are found.
    """
    return lazy_facts(scenario, on, subject).complete()


def lazy_facts(scenario: Scenario, on: date, subject: Person | None = None,
               definitions: Mapping[str, Any] | None = None,
               params: Mapping[str, Any] | None = None) -> Facts:
    """Facts for ``subject`` on ``on``, each group computed when first read."""
    person = scenario.applicant if subject is None else subject
    return Facts(Subject(scenario, person, on, scenario.on or on), definitions, params)


@lru_cache(maxsize=4096)
def _id_birth_and_sex(id_number: str) -> tuple[date | None, str | None]:
    try:
        info = parse_id_number(id_number)
    except InputError:
        return None, None
    return info.birth_date, info.sex


# Pure and asked again for every probe date of a "from when" search: worth memoising.
_retirement = lru_cache(maxsize=4096)(statutory_retirement)


def _birth_and_sex(person: Person) -> tuple[date | None, str | None]:
    birth: date | None = person.birth_date
    sex: str | None = person.sex
    if person.id_number and (birth is None or sex is None):
        id_birth, id_sex = _id_birth_and_sex(person.id_number)
        birth, sex = birth or id_birth, sex or id_sex
    return birth, sex


def _identity(f: dict[str, Any], s: Subject) -> None:
    p, on = s.person, s.on
    birth, sex = _birth_and_sex(p)
    f["sex"] = sex
    f["age"] = years_between(birth, on) if birth else None
    f["age_months"] = months_between(birth, on) if birth else None
    category = category_for(sex, p.retirement_category)
    f["retirement_category"] = category
    retirement = _retirement(birth, category) if birth and category else None
    retire_date = retirement.date if retirement else None
    f["retirement_date"] = retire_date
    f["flexible_retirement_date"] = retirement.earliest_flexible_date if retirement else None
    status = p.employment.status if p.employment else None
    if status == "retired" or (retire_date is not None and on >= retire_date):
        f["retired"] = True
    else:
        f["retired"] = None if retire_date is None else False


def _profile(f: dict[str, Any], s: Subject) -> None:
    p, on = s.person, s.on
    f["hukou_local"] = p.hukou_local
    f["marital_status"] = p.marital_status
    f["married"] = None if p.marital_status is None else p.marital_status == "married"
    f["education"] = p.education
    f["resident_months"] = months_between(p.resident_since, on) if p.resident_since else None
    employment = p.employment
    status = employment.status if employment else None
    f["employment_status"] = status
    if employment is None:
        f["labour_terminated"] = None
    else:
        f["labour_terminated"] = status in ("unemployed", "retired") or (
            employment.left_on is not None and employment.left_on <= on
        )
    f["monthly_income"] = p.monthly_income


def _circumstances(f: dict[str, Any], s: Subject) -> None:
    c, on = s.person.circumstances, s.on
    f["dibao"] = c.dibao
    f["total_incapacity"] = c.total_incapacity
    f["emigrated"] = c.emigrated
    f["deceased"] = c.deceased_on is not None and c.deceased_on <= on
    f["fraud_banned"] = c.fraud_ban_until is not None and on <= c.fraud_ban_until


def _account(f: dict[str, Any], s: Subject) -> None:
    p, on = s.person, s.on
    a = p.account
    f["account_elsewhere"] = a is not None and not a.local
    f["account_elsewhere_active"] = a is not None and not a.local and a.status == "active"
    if a is None:
        f.update(has_account=False, account_status="none", balance=Decimal(0),
                 deposit_base=None, monthly_deposit=None, continuous_months=0,
                 arrears_months=0, total_months=0, sealed_months=0,
                 monthly_offset_signed=False)
        return
    f["has_account"] = a.local
    f["account_status"] = a.status if a.local else "none"
    f["balance"] = a.balance
    f["deposit_base"] = a.base
    if a.base is not None and a.rate_employee is not None and a.rate_employer is not None:
        f["monthly_deposit"] = (a.base * (a.rate_employee + a.rate_employer)).quantize(
            Decimal("0.01"))
    else:
        f["monthly_deposit"] = None
    if a.history is None:
        f["continuous_months"] = f["arrears_months"] = f["total_months"] = None
    else:
        working = p.employment is not None and p.employment.status in ("employed", "flexible")
        summary = deposits.summarise(a.history, on, recorded_through=s.as_of,
                                     continuing=a.status == "active" and working,
                                     opened_on=a.opened_on)
        f["continuous_months"] = summary.continuous_months
        f["arrears_months"] = summary.arrears_months
        f["total_months"] = summary.total_months
    if a.status == "sealed":
        f["sealed_months"] = deposits.sealed_months(a.sealed_on, on) if a.sealed_on else None
    else:
        f["sealed_months"] = 0
    f["monthly_offset_signed"] = a.monthly_offset_signed


def _less(total: Decimal | None, part: Decimal | int | None) -> Decimal | None:
    return None if total is None or part is None else total - part


def _sum(values: list[Decimal | None]) -> Decimal | None:
    """The total, or None when any part is unknown (unknown is never zero)."""
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _family_illness(f: dict[str, Any], subject: Subject) -> None:
    """本人或家庭成员患重大疾病: true if anyone listed is ill, unknown if anyone is unknown."""
    s = subject.scenario
    family = [s.applicant, *([s.spouse] if s.spouse else []), *s.parents, *s.children]
    values = [p.circumstances.critical_illness for p in family]
    f["critical_illness"] = True if True in values else (None if None in values else False)


def _homes(f: dict[str, Any], subject: Subject) -> None:
    s = subject.scenario
    homes = household.homes_in_city(s)
    f["homes_in_city"] = homes
    f["owns_home_in_city"] = None if homes is None else homes > 0
    f["home_ordinal"] = household.home_ordinal(s)
    areas = [h.area for p in (s.applicant, s.spouse) if p for h in p.homes if h.in_city]
    f["home_area"] = areas[0] if areas else None
    f["children_count"] = household.children_count(s)
    f["multi_child"] = household.is_multi_child(s)


def _loans(f: dict[str, Any], subject: Subject) -> None:
    s = subject.scenario
    f["hpf_loans_used"] = household.hpf_loans_used(s)
    f["hpf_loan_outstanding"] = household.hpf_loan_outstanding(s)
    f["commercial_loan_outstanding"] = household.commercial_loan_outstanding(s)
    loans = household.distinct_loans(s)
    open_loans = [ln for ln in loans if ln.status != "repaid"]
    hpf = [ln for ln in open_loans if ln.kind in ("hpf", "combination")]
    com = [ln for ln in open_loans if ln.kind == "commercial"]
    mixed = [ln for ln in open_loans if ln.kind == "combination"]
    f["hpf_loan_overdue"] = any(ln.status == "overdue" for ln in hpf)
    # A combination loan is two loans in one contract: its commercial part counts as commercial.
    f["hpf_loan_balance"] = _sum([_less(ln.balance, ln.commercial_balance if ln in mixed else 0)
                                  for ln in hpf])
    f["hpf_loan_payment"] = _sum([_less(ln.monthly_payment, ln.commercial_payment if ln in mixed
                                        else 0) for ln in hpf])
    f["hpf_loan_repaid"] = any(ln.kind in ("hpf", "combination") and ln.status == "repaid"
                               for ln in loans)
    f["commercial_loan_balance"] = _sum([ln.balance for ln in com]
                                        + [ln.commercial_balance for ln in mixed])
    f["commercial_loan_payment"] = _sum([ln.monthly_payment for ln in com]
                                        + [ln.commercial_payment for ln in mixed])


def _spouse(f: dict[str, Any], subject: Subject) -> None:
    s = subject.scenario
    me, spouse = s.applicant, s.spouse
    my_balance = me.account.balance if me.account else Decimal(0)
    my_base = me.account.base if me.account else Decimal(0)
    if spouse is None:
        married = me.marital_status == "married" if me.marital_status else None
        # A married applicant whose spouse we do not know: the spouse's share is unknown.
        f["spouse_deposits"] = None if married is not False else False
        f["spouse_balance"] = None if married is not False else Decimal(0)
        f["couple_balance"] = my_balance if married is False else None
        f["couple_base"] = my_base if married is False else None
        f["household_income"] = me.monthly_income if married is False else None
        f["household_debts"] = me.debts_monthly if married is False else None
        return
    account = spouse.account
    f["spouse_deposits"] = account is not None and account.local and account.status == "active"
    f["spouse_balance"] = account.balance if account else Decimal(0)
    f["couple_balance"] = _sum([my_balance, f["spouse_balance"]])
    f["couple_base"] = _sum([my_base, account.base if account else Decimal(0)])
    f["household_income"] = _sum([me.monthly_income, spouse.monthly_income])
    f["household_debts"] = _sum([me.debts_monthly, spouse.debts_monthly])


def _withdrawals(f: dict[str, Any], subject: Subject) -> None:
    s, on = subject.scenario, subject.on
    people = [s.applicant] + ([s.spouse] if s.spouse else [])
    this_year = [w for p in people for w in p.withdrawals
                 if w.on.year == on.year and w.on <= on and w.business == "withdraw.rent"]
    f["rent_withdrawn_this_year"] = sum((w.amount for w in this_year), Decimal(0))
    f["rent_withdrawals_this_year"] = len(this_year)
    purchase = s.visit.purchase
    start = _purchase_start(s)
    if purchase is None or start is None:
        f["purchase_withdrawn"] = None if purchase is not None else Decimal(0)
        return
    family = [*people, *s.parents, *s.children]
    f["purchase_withdrawn"] = sum(
        (w.amount for p in family for w in p.withdrawals
         if w.business.startswith("withdraw.purchase") and start <= w.on <= on),
        Decimal(0),
    )


def _purchase_start(s: Scenario) -> date | None:
    purchase = s.visit.purchase
    if purchase is None:
        return None
    dates = [d for d in (purchase.contract_date, purchase.deed_date) if d is not None]
    return min(dates) if dates else None


def _visit(f: dict[str, Any], subject: Subject) -> None:
    s, on = subject.scenario, subject.on
    v = s.visit
    pu = v.purchase
    start = _purchase_start(s)
    f["purchase_kind"] = pu.kind if pu else None
    f["purchase_price"] = pu.price if pu else None
    f["purchase_area"] = pu.area if pu else None
    f["purchase_in_city"] = pu.in_city if pu else None
    f["purchase_months_since"] = months_between(start, on) if start else None
    f["purchase_down_payment"] = pu.down_payment if pu else None
    if pu is not None and pu.price is not None and pu.other_loans is not None:
        f["purchase_self_paid"] = pu.price - pu.other_loans
    else:
        f["purchase_self_paid"] = None
    f["purchase_building_age"] = pu.building_age_years if pu else None
    r = v.rent
    f["rent_monthly"] = r.monthly_rent if r else None
    f["rent_public_housing"] = r.public_housing if r else None
    f["rent_in_city"] = r.in_city if r else None
    ln = v.loan
    f["loan_amount"] = ln.amount if ln else None
    f["loan_term_months"] = ln.term_months if ln else None
    f["loan_commercial_balance"] = ln.commercial_balance if ln else None
    f["prepayment_amount"] = ln.prepayment if ln else None
    for kind in ("renovation", "property_fee", "elevator", "illness"):
        f[f"expense_{kind}"] = next((e.amount for e in v.expenses if e.kind == kind), None)
    f["transfer_from_other_city"] = None if v.transfer_from_city is None else True


_GROUPS = (_identity, _profile, _circumstances, _account, _family_illness, _homes, _loans,
           _spouse, _withdrawals, _visit)


def _group_index() -> dict[str, Any]:
    """Which group computes each fact, found by running every group once on an empty scenario."""
    empty = Subject(Scenario(applicant=Person()), Person(), date(2000, 1, 1), date(2000, 1, 1))
    index: dict[str, Any] = {}
    for group in _GROUPS:
        produced: dict[str, Any] = {}
        group(produced, empty)
        index.update(dict.fromkeys(produced, group))
    missing = set(FACTS) - index.keys()
    if missing:  # pragma: no cover - a catalogue fact without a derivation is a coding error
        raise RuntimeError(f"facts without a derivation: {sorted(missing)}")
    return index


_GROUP_OF = _group_index()


PERSONAL_FACTS = frozenset(name for name, group in _GROUP_OF.items()
                           if group in (_identity, _profile, _circumstances, _account))
"""Facts of the subject themself; the rest are shared by the whole household and the visit."""
