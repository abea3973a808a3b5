"""The fact catalogue: every fact a policy expression may read, with its type and label.

A fact has a name, a type, a Chinese label (what to ask for when it is unknown) and, for text
facts, its allowed values — a typo in a pack (``account_status == "activ"``) is a load error.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        _spec("account_elsewhere_active", "bool", "外地公积金账户是否正常缴存"),
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
