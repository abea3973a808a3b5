"""Proactive notices (免申即享, "policy finds the person"): what is worth telling whom.

A screening run decides every business for every depositor; an *opportunity* is a business a
depositor can do now but has not — the yearly rent withdrawal not used this year, a retirement
withdrawal not claimed, a loan repaid without its 结清证明, an account sealed long enough to
be withdrawn. Each opportunity says which outcomes count, an optional expression (in the
pack's expression language, over the same facts) for "not used yet", how often the person may
be told (once, or once a year) and the Chinese notice.

The notice never claims a determination it cannot make: it says "根据我们掌握的记录" and what
the person should confirm, as benefit screeners do (see docs/screening.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from anju.domain.errors import InputError

ONCE = "once"
YEARLY = "year"


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A business worth a proactive notice, and how to word it."""

    business: str
    title: str
    """Short Chinese title for summary tables."""
    message: str
    """The notice; placeholders ``{salutation}``, ``{amount}``, ``{year}``, ``{channel}``,
    ``{centre}``."""
    unused: str | None = None
    """Expression over facts that is true while the person has not used it (None: always)."""
    period: str = ONCE
    """How often one person may be told: ``once``, or once per calendar ``year``."""
    outcomes: tuple[str, ...] = ("eligible", "eligible_pending_materials")
    """The outcomes that make it an opportunity."""


_BY_RECORDS = "尊敬的{salutation}：根据我们掌握的缴存记录，"
_SIGN = "办理方式：{channel}。【{centre}】"

OPPORTUNITIES: tuple[Opportunity, ...] = (
    Opportunity(
        "withdraw.rent", "租房提取（本年度未提取）",
        _BY_RECORDS + "您本人及配偶在本市无自有住房，且已连续足额缴存，{year}年度尚未办理租房"
        "提取。如您在本市租房自住，本年度最多可提取{amount}元。" + _SIGN,
        unused="rent_withdrawals_this_year == 0", period=YEARLY,
        outcomes=("eligible", "eligible_pending_materials", "needs_info")),
    Opportunity(
        "withdraw.retirement", "退休提取（未领取）",
        _BY_RECORDS + "您已达到法定退休年龄或已办理退休，账户余额{amount}元尚未提取，"
        "可办理离休、退休提取并销户，一次领取全部余额和利息。" + _SIGN),
    Opportunity(
        "withdraw.monthly_offset", "按月冲还贷（未签约）",
        _BY_RECORDS + "您有正在偿还的住房公积金贷款，尚未签约按月冲还贷。签约后每月自动用公积金"
        "冲还月供（每月最多{amount}元），无需每次申请。" + _SIGN),
    Opportunity(
        "cert.loan_settled", "贷款结清证明",
        _BY_RECORDS + "您的住房公积金贷款已经结清，可开具贷款结清证明，用于办理抵押注销登记。"
        + _SIGN),
    Opportunity(
        "withdraw.sealed_nonlocal", "离职封存期满提取",
        _BY_RECORDS + "您的住房公积金账户已封存满规定期限，可办理离职销户提取，最多可提取"
        "{amount}元；如已在外地重新就业，也可申请转移接续。" + _SIGN),
    Opportunity(
        "withdraw.repay_commercial", "提取偿还商业贷款",
        _BY_RECORDS + "您家庭有未结清的商业性住房贷款，可提取住房公积金偿还贷款本息（最多"
        "{amount}元），也可咨询商业贷款转公积金贷款。" + _SIGN),
    Opportunity(
        "withdraw.dibao", "低保家庭提取",
        _BY_RECORDS + "您享受城乡最低生活保障，可申请提取住房公积金（最多{amount}元）。" + _SIGN),
    Opportunity(
        "withdraw.incapacity", "丧失劳动能力提取",
        _BY_RECORDS + "您经鉴定完全丧失劳动能力并已终止劳动关系，可提取账户全部余额{amount}元"
        "并销户。" + _SIGN),
    Opportunity(
        "withdraw.emigration", "出境定居提取",
        _BY_RECORDS + "您已出境定居，可提取账户全部余额{amount}元并销户。" + _SIGN),
    Opportunity(
        "deposit.flexible_register", "灵活就业自愿缴存",
        _BY_RECORDS + "作为灵活就业人员，您可以自愿缴存住房公积金，按月连续缴存即可享受公积金"
        "贷款、提取等权益。" + _SIGN),
)
"""The default catalogue; a centre may pass its own to the screening service."""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = frozenset({"salutation", "amount", "year", "channel", "centre"})


def period_key(opportunity: Opportunity, on: date) -> str:
    """The period a notice counts against: ``once``, or the year (``"2026"``).

    >>> period_key(OPPORTUNITIES[0], date(2026, 11, 27)), period_key(OPPORTUNITIES[1], date(2026, 11, 27))
    ('2026', 'once')
    """
    return str(on.year) if opportunity.period == YEARLY else ONCE


def salutation(name: str | None, sex: str | None) -> str:
    """How a notice addresses the person: surname and 先生/女士.

    >>> salutation("张伟", "male"), salutation("李娜", "female"), salutation(None, None)
    ('张先生', '李女士', '缴存人')
    """
    if not name:
        return "缴存人"
    return name[0] + {"male": "先生", "female": "女士"}.get(sex or "", "")


def amount_text(amount: Decimal | None) -> str:
    """An amount as a notice shows it: yuan with fen, or a note when unknown.

    >>> amount_text(Decimal("24000")), amount_text(None)
    ('24000.00', '（以核定为准）')
    """
    return "（以核定为准）" if amount is None else f"{amount:.2f}"


def split_template(message: str) -> tuple[list[str], list[str]]:
    """A notice template as literal pieces and the placeholder between each pair.

    >>> split_template("您好{salutation}，{amount}元")
    (['您好', '，', '元'], ['salutation', 'amount'])
    """
    names = _PLACEHOLDER.findall(message)
    unknown = set(names) - PLACEHOLDERS
    if unknown:
        raise InputError(f"通知模板中有未知的占位符：{'、'.join(sorted(unknown))}")
    return _PLACEHOLDER.split(message)[::2], names
