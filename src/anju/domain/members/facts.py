"""The fact catalogue and the derivation of facts from a scenario on a date.

Policy expressions read *facts*, never the raw scenario: a fact has a name, a type, a Chinese
label (what to ask for when it is unknown) and, for text facts, its allowed values. ``derive``
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
from anju.domain.members.idcard import parse_id_number
from anju.domain.members.retirement import category_for, statutory_retirement
from anju.domain.scenario import Person, Scenario


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A fact's type, its Chinese label and, for text facts, its allowed values."""

    name: str
    type: str
    label: str
    choices: frozenset[str] | None = None


def _spec(name: str, kind: str, label: str, choices: str | None = None) -> FactSpec:
    return FactSpec(name, kind, label, frozenset(choices.split()) if choices else None)


VALUE_LABELS: dict[str, str] = {
    "male": "男", "female": "女", "female_cadre": "女干部", "female_worker": "女工人",
    "single": "未婚", "married": "已婚", "divorced": "离异", "widowed": "丧偶",
    "none": "无", "secondary": "中学", "bachelor": "本科", "master": "硕士", "doctor": "博士",
    "employed": "在职", "flexible": "灵活就业", "unemployed": "离职/无业", "retired": "已退休",
    "active": "正常", "sealed": "封存", "closed": "销户", "frozen": "冻结",
    "new": "新建商品住房", "resale": "二手住房", "self_build": "自建/翻建", "overhaul": "大修",
    "renovation": "装修", "property_fee": "物业费", "elevator": "加装电梯", "illness": "重大疾病",
    "spouse": "配偶", "parent": "父母", "child": "子女",
}
"""Chinese words for the enumerated values people see in reasons."""

FACTS: dict[str, FactSpec] = {
    s.name: s
    for s in (
        # the subject (applicant, or the relative whose route is being tried)
        _spec("age", "int", "年龄（周岁）"),
        _spec("age_months", "int", "年龄（月）"),
        _spec("sex", "str", "性别", "male female"),
        _spec("retirement_category", "str", "退休类别（男职工/女干部/女工人）",
              "male female_cadre female_worker"),
        _spec("retirement_date", "date", "法定退休日期"),
        _spec("flexible_retirement_date", "date", "弹性提前退休最早日期"),
        _spec("retired", "bool", "是否已达到法定退休年龄或已办理退休"),
        _spec("hukou_local", "bool", "是否本市户籍"),
        _spec("marital_status", "str", "婚姻状况", "single married divorced widowed"),
        _spec("married", "bool", "是否已婚"),
        _spec("education", "str", "学历", "none secondary bachelor master doctor"),
        _spec("resident_months", "int", "来本市居住工作的月数"),
        _spec("employment_status", "str", "就业状况", "employed flexible unemployed retired"),
        _spec("labour_terminated", "bool", "是否已与单位解除劳动关系"),
        _spec("has_account", "bool", "是否有本中心公积金账户"),
        _spec("account_status", "str", "账户状态", "active sealed closed frozen none"),
        _spec("account_elsewhere", "bool", "是否在外地公积金中心有账户"),
        _spec("balance", "money", "公积金账户余额"),
        _spec("deposit_base", "money", "缴存基数"),
        _spec("monthly_deposit", "money", "月缴存额（单位和个人合计）"),
        _spec("continuous_months", "int", "连续足额缴存月数"),
        _spec("arrears_months", "int", "欠缴月数"),
        _spec("total_months", "int", "累计缴存月数"),
        _spec("sealed_months", "int", "账户封存月数"),
        _spec("monthly_offset_signed", "bool", "是否已签约按月冲还贷"),
        _spec("critical_illness", "bool", "本人或家庭成员是否患重大疾病"),
        _spec("dibao", "bool", "是否享受城乡最低生活保障"),
        _spec("total_incapacity", "bool", "是否经鉴定完全丧失劳动能力"),
        _spec("emigrated", "bool", "是否已出境定居（户籍已注销）"),
        _spec("deceased", "bool", "是否已死亡或被宣告死亡"),
        _spec("fraud_banned", "bool", "是否处于骗提骗贷失信限制期"),
        _spec("monthly_income", "money", "本人月收入"),
        # the household (applicant and spouse)
        _spec("homes_in_city", "int", "本人及配偶在本市的自有住房套数"),
        _spec("owns_home_in_city", "bool", "本人及配偶在本市是否有自有住房"),
        _spec("home_area", "decimal", "本市自有住房建筑面积"),
        _spec("home_ordinal", "int", "所购住房为家庭第几套（认房又认贷）"),
        _spec("hpf_loans_used", "int", "家庭已使用公积金贷款次数"),
        _spec("hpf_loan_outstanding", "bool", "家庭是否有未结清的公积金贷款"),
        _spec("hpf_loan_overdue", "bool", "公积金贷款是否逾期"),
        _spec("hpf_loan_balance", "money", "公积金贷款余额"),
        _spec("hpf_loan_payment", "money", "公积金贷款月还款额"),
        _spec("hpf_loan_repaid", "bool", "是否有已结清的公积金贷款"),
        _spec("commercial_loan_outstanding", "bool", "家庭是否有未结清的商业住房贷款"),
        _spec("commercial_loan_balance", "money", "商业住房贷款余额"),
        _spec("commercial_loan_payment", "money", "商业住房贷款月还款额"),
        _spec("children_count", "int", "子女数"),
        _spec("multi_child", "bool", "是否多子女家庭（两个及以上子女）"),
        _spec("spouse_deposits", "bool", "配偶是否正常缴存公积金"),
        _spec("spouse_balance", "money", "配偶公积金账户余额"),
        _spec("couple_balance", "money", "本人及配偶公积金余额合计"),
        _spec("couple_base", "money", "本人及配偶缴存基数合计"),
        _spec("household_income", "money", "家庭月收入"),
        _spec("household_debts", "money", "家庭其他债务月供"),
        _spec("rent_withdrawn_this_year", "money", "本年度已租房提取金额"),
        _spec("rent_withdrawals_this_year", "int", "本年度租房提取次数"),
        _spec("purchase_withdrawn", "money", "本次购房家庭已提取金额"),
        # the visit
        _spec("purchase_kind", "str", "购建房类型（新房/二手房/自建/大修）",
              "new resale self_build overhaul"),
        _spec("purchase_price", "money", "房价或工程造价"),
        _spec("purchase_area", "decimal", "房屋建筑面积"),
        _spec("purchase_in_city", "bool", "所购住房是否在本市"),
        _spec("purchase_months_since", "int", "购房合同或不动产权证书签订至今的月数"),
        _spec("purchase_down_payment", "money", "已付首付款"),
        _spec("purchase_self_paid", "money", "购房自付部分（房价减同一购房的商业贷款）"),
        _spec("purchase_building_age", "int", "房龄（年）"),
        _spec("rent_monthly", "money", "月租金"),
        _spec("rent_public_housing", "bool", "是否承租公租房或保障性租赁住房"),
        _spec("rent_in_city", "bool", "租住住房是否在本市"),
        _spec("loan_amount", "money", "申请贷款金额"),
        _spec("loan_term_months", "int", "申请贷款期限（月）"),
        _spec("loan_commercial_balance", "money", "拟转入的商业贷款余额"),
        _spec("prepayment_amount", "money", "提前还款金额"),
        _spec("expense_renovation", "money", "装修费用"),
        _spec("expense_property_fee", "money", "应缴物业费"),
        _spec("expense_elevator", "money", "加装电梯个人分摊费用"),
        _spec("expense_illness", "money", "医疗费用个人负担部分"),
        _spec("transfer_from_other_city", "bool", "是否从外地转入公积金"),
    )
}


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
        self.memo: dict[str, Any] = {}  # expression source → value, shared across businesses

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
    f["critical_illness"] = c.critical_illness
    f["dibao"] = c.dibao
    f["total_incapacity"] = c.total_incapacity
    f["emigrated"] = c.emigrated
    f["deceased"] = c.deceased_on is not None and c.deceased_on <= on
    f["fraud_banned"] = c.fraud_ban_until is not None and on <= c.fraud_ban_until


def _account(f: dict[str, Any], s: Subject) -> None:
    p, on = s.person, s.on
    a = p.account
    f["account_elsewhere"] = a is not None and not a.local
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
                                     continuing=a.status == "active" and working)
        f["continuous_months"] = summary.continuous_months
        f["arrears_months"] = summary.arrears_months
        f["total_months"] = summary.total_months
    if a.status == "sealed":
        f["sealed_months"] = deposits.sealed_months(a.sealed_on, on) if a.sealed_on else None
    else:
        f["sealed_months"] = 0
    f["monthly_offset_signed"] = a.monthly_offset_signed


def _sum(values: list[Decimal | None]) -> Decimal | None:
    """The total, or None when any part is unknown (unknown is never zero)."""
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total


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
    people = [s.applicant] + ([s.spouse] if s.spouse else [])
    loans = [loan for person in people for loan in person.loans]
    hpf = [ln for ln in loans if ln.kind in ("hpf", "combination") and ln.status != "repaid"]
    com = [ln for ln in loans if ln.kind == "commercial" and ln.status != "repaid"]
    f["hpf_loan_overdue"] = any(ln.status == "overdue" for ln in hpf)
    f["hpf_loan_balance"] = _sum([ln.balance for ln in hpf])
    f["hpf_loan_payment"] = _sum([ln.monthly_payment for ln in hpf])
    f["hpf_loan_repaid"] = any(ln.kind in ("hpf", "combination") and ln.status == "repaid"
                               for ln in loans)
    f["commercial_loan_balance"] = _sum([ln.balance for ln in com])
    f["commercial_loan_payment"] = _sum([ln.monthly_payment for ln in com])


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


_GROUPS = (_identity, _profile, _circumstances, _account, _homes, _loans, _spouse, _withdrawals,
           _visit)


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
