"""The case desk end to end on SQLite and PostgreSQL: intake rule, 容缺 with a holiday-crossing
deadline and the sweep, time limits, idempotency, declines with clauses, replay, 好差评."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from case_support import ON, counts, make_desk, merge, scenario, scenario_data
from sqlalchemy import Engine

from anju.adapters.db.audit_log import SqlAuditTrail
from anju.adapters.db.bulk import load_city
from anju.adapters.scenario_files import scenario_from_data
from anju.bootstrap import Anju
from anju.domain.calendar import add_workdays
from anju.domain.cases import commands as c
from anju.domain.cases.states import CaseState
from anju.domain.errors import Conflict, InputError
from anju.services.audit import verify_audit
from anju.services.cases import queries
from anju.services.cases.desk import CaseDesk
from anju.services.cases.sweep import overdue, sweep
from anju.services.synth import generate_city

BEFORE_NATIONAL_DAY = date(2026, 9, 29)


@pytest.fixture
def desk(migrated_engine: Engine, anju_app: Anju) -> CaseDesk:
    return make_desk(anju_app, migrated_engine)


def _open(desk: CaseDesk, kind: str, on: date = ON, business: str = "withdraw.rent", key: str | None = None) -> int:
    return int(desk.handle(c.OpenCase(business, on, "柜员01", scenario=scenario(kind), idempotency_key=key)).case.id)


def _audit_ok(engine: Engine) -> None:
    with engine.connect() as connection:
        report = verify_audit(SqlAuditTrail(connection))
    assert report.ok, report


def test_open_keeps_the_decision_and_pack_version_for_replay(desk: CaseDesk, migrated_engine: Engine) -> None:
    case_id = _open(desk, "eligible")
    detail = queries.show(desk, case_id)
    assert detail.case.pack_version == f"{desk.pack.id} {desk.pack.version}"
    assert detail.decision["outcome"] == "eligible" and detail.decision["business"] == "withdraw.rent"
    assert [e.name for e in detail.events] == ["CaseOpened"]
    report = queries.replay(desk, case_id)
    assert report.same and report.intact and "完全一致" in report.message
    _audit_ok(migrated_engine)


def test_needs_info_gets_the_one_time_notice_and_cannot_be_accepted_or_refused(desk: CaseDesk) -> None:
    case_id = _open(desk, "needs_info")
    detail = queries.show(desk, case_id)
    [notice] = detail.notices
    assert notice.kind == "one_time" and notice.content["key_materials"] == ["申请人有效身份证件"]
    with pytest.raises(Conflict, match="一次性告知书"):
        desk.handle(c.AcceptCase(case_id, ON, "柜员01"))
    with pytest.raises(Conflict, match="不能不予受理"):
        desk.handle(c.RefuseCase(case_id, ON, "柜员01"))
    rechecked = desk.handle(c.RecheckCase(case_id, ON, "柜员01", materials_brought=("id_card", "bank_card")))
    assert rechecked.case.outcome == "eligible" and rechecked.case.state is CaseState.INTAKE
    accepted = desk.handle(c.AcceptCase(case_id, ON, "柜员01"))
    assert accepted.case.state is CaseState.ACCEPTED
    assert [n.kind for n in accepted.issued] == ["receipt"]


def test_an_eligible_case_cannot_be_refused_nor_accepted_with_pending(desk: CaseDesk) -> None:
    case_id = _open(desk, "eligible")
    with pytest.raises(Conflict, match="符合条件，不能不予受理"):
        desk.handle(c.RefuseCase(case_id, ON, "柜员01"))
    with pytest.raises(Conflict, match="应直接受理"):
        desk.handle(c.AcceptWithPending(case_id, ON, "柜员01", "张伟"))


@pytest.mark.parametrize("kind", ["not_eligible", "not_yet"])
def test_a_refusal_cites_clauses_and_says_what_to_do(desk: CaseDesk, kind: str) -> None:
    case_id = _open(desk, kind)
    with pytest.raises(Conflict, match="不予受理告知书"):
        desk.handle(c.AcceptCase(case_id, ON, "柜员01"))
    refused = desk.handle(c.RefuseCase(case_id, ON, "柜员01"))
    assert refused.case.state is CaseState.DECLINED
    [notice] = refused.issued
    content = notice.content
    assert notice.kind == "refusal" and content["grounds"] and content["clauses"]
    assert all(clause["text"] for clause in content["clauses"])
    assert "行政复议" in content["rights"]
    if kind == "not_yet":
        assert content["eligible_from_text"] == "2026年12月1日"
    else:
        assert content["grounds"][0]["rule_id"] == "rent.no_home"


def test_rongque_across_national_day_with_reminder_and_sweep(desk: CaseDesk, migrated_engine: Engine) -> None:
    case_id = _open(desk, "pending", BEFORE_NATIONAL_DAY)
    with pytest.raises(InputError, match="签署"):
        desk.handle(c.AcceptWithPending(case_id, BEFORE_NATIONAL_DAY, "柜员01", " "))
    accepted = desk.handle(c.AcceptWithPending(case_id, BEFORE_NATIONAL_DAY, "柜员01", "王磊"))
    case = accepted.case
    # 10 working days from 9-29 skip 10-1…10-7 and count the 调休 Saturday 10-10: 10-19, not 10-13.
    assert case.pending_deadline == date(2026, 10, 19)
    assert case.funds_held and [m.code for m in case.outstanding] == ["marriage_cert"]
    assert case.commitment is not None and case.commitment.signed_by == "王磊"
    assert "2026年10月19日前" in case.commitment.text
    assert [n.kind for n in accepted.issued] == ["receipt", "commitment"]
    assert case.due_on == date(2026, 10, 9)  # 3 working days: 9-30, 10-8, 10-9

    assert sweep(desk, date(2026, 10, 14)).reminded == []  # 3 working days left: not yet
    first = sweep(desk, date(2026, 10, 15))
    assert first.reminded == [case.number] and first.withdrawn == []
    assert sweep(desk, date(2026, 10, 15)).reminded == []  # once only
    assert sweep(desk, date(2026, 10, 19)).withdrawn == []  # the deadline day itself is in time
    before = counts(migrated_engine, case_id)
    last = sweep(desk, date(2026, 10, 20))
    assert last.withdrawn == [case.number]
    after = counts(migrated_engine, case_id)
    assert (after["audit"] - before["audit"], after["notices"] - before["notices"]) == (1, 1)
    detail = queries.show(desk, case_id)
    assert detail.case.state is CaseState.WITHDRAWN and not detail.case.funds_held
    assert detail.notices[-1].kind == "termination"
    assert detail.notices[-1].content["materials"][0]["name"] == "结婚证或婚姻关系证明"
    assert sweep(desk, date(2026, 10, 21)).checked == 0
    _audit_ok(migrated_engine)


def test_supplying_the_material_releases_the_funds(desk: CaseDesk) -> None:
    case_id = _open(desk, "pending")
    desk.handle(c.AcceptWithPending(case_id, ON, "柜员01", "王磊"))
    desk.handle(c.StartReview(case_id, ON, "审核员"))
    desk.handle(c.ApproveCase(case_id, ON, "审核员"))
    with pytest.raises(Conflict, match="资金暂缓支付"):
        desk.handle(c.PayCase(case_id, ON, "财务"))
    with pytest.raises(InputError, match="不在本办件待补交"):
        desk.handle(c.SupplyMaterial(case_id, "id_card", ON, "柜员01"))
    supplied = desk.handle(c.SupplyMaterial(case_id, "marriage_cert", date(2026, 11, 30), "柜员01"))
    assert supplied.case.state is CaseState.APPROVED and not supplied.case.funds_held
    paid = desk.handle(c.PayCase(case_id, date(2026, 11, 30), "财务"))
    assert paid.case.paid_amount == paid.case.amount == Decimal("24000")
    closed = desk.handle(c.CloseCase(case_id, date(2026, 11, 30), "柜员01"))
    content = closed.issued[0].content
    assert content["paid"]["upper"] == "贰万肆仟元整" and content["paid"]["yuan"] == "¥24,000.00"
    assert sweep(desk, date(2026, 12, 31)).checked == 0


def test_time_limits_follow_the_business_and_the_date(desk: CaseDesk) -> None:
    loan = merge(scenario_data("eligible"), {
        "materials_brought": None, "visit": {"rent": None, "purchase": {
            "kind": "new", "price": 1500000, "down_payment": 600000, "contract_date": "2026-08-10", "in_city": True}},
        "applicant": {"monthly_income": 12000, "account": {"balance": 100000}}})
    for on, days in ((date(2026, 9, 1), 15), (date(2026, 11, 27), 10)):
        opened = desk.handle(c.OpenCase("loan.new", on, "柜员01", scenario=scenario_from_data(loan)))
        accepted = desk.handle(c.AcceptCase(opened.case.id, on, "柜员01"))
        assert accepted.case.time_limit_days == days
        assert accepted.case.due_on == add_workdays(desk.calendar, on, days)
    rent = desk.handle(c.AcceptCase(_open(desk, "eligible"), ON, "柜员01")).case
    assert (rent.time_limit_days, rent.due_on) == (3, date(2026, 12, 2))


def test_overdue_list_for_managers(desk: CaseDesk) -> None:
    late = desk.handle(c.AcceptCase(_open(desk, "eligible"), ON, "柜员01")).case
    decided = _open(desk, "eligible")
    for command in (c.AcceptCase(decided, ON, "柜员01"), c.StartReview(decided, ON, "审核员"),
                    c.ApproveCase(decided, ON, "审核员")):
        desk.handle(command)
    assert overdue(desk, date(2026, 12, 2)) == []  # due day itself
    items = overdue(desk, date(2026, 12, 4))
    assert [(i.kind, i.case_number, i.workdays_over) for i in items] == [("time_limit", late.number, 2)]


def test_one_key_one_case(desk: CaseDesk, migrated_engine: Engine) -> None:
    first = desk.handle(c.OpenCase("withdraw.rent", ON, "柜员01", scenario=scenario("eligible"), idempotency_key="k-1"))
    again = desk.handle(c.OpenCase("withdraw.rent", ON, "柜员01", scenario=scenario("eligible"), idempotency_key="k-1"))
    assert (again.case.id, again.replayed, first.replayed) == (first.case.id, True, False)
    with pytest.raises(Conflict, match="幂等键"):
        desk.handle(c.OpenCase("withdraw.rent", ON, "柜员01", scenario=scenario("pending"), idempotency_key="k-1"))
    before = counts(migrated_engine)
    accepted = desk.handle(c.AcceptCase(first.case.id, ON, "柜员01", "k-2"))
    twice = desk.handle(c.AcceptCase(first.case.id, ON, "柜员01", "k-2"))
    assert twice.replayed and twice.case.version == accepted.case.version
    after = counts(migrated_engine)
    assert (after["cases"], after["audit"] - before["audit"]) == (1, 1)


def test_a_double_click_race_creates_one_case(desk: CaseDesk, migrated_engine: Engine) -> None:
    """Eight submissions with the same key at the same moment, from eight connections."""
    results: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def submit() -> None:
        try:
            start.wait()
            view = desk.handle(c.OpenCase("withdraw.rent", ON, "柜员01", scenario=scenario("eligible"),
                                          idempotency_key="same-click"))
            results.append(view.case.id)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 8
    assert counts(migrated_engine)["cases"] == 1
    _audit_ok(migrated_engine)


def test_decline_after_review_cites_the_engine_or_the_reviewer(desk: CaseDesk) -> None:
    case_id = _open(desk, "eligible")
    desk.handle(c.AcceptCase(case_id, ON, "柜员01"))
    desk.handle(c.StartReview(case_id, ON, "审核员"))
    with pytest.raises(Conflict, match="不能不予批准"):
        desk.handle(c.DeclineCase(case_id, ON, "审核员", scenario=scenario("eligible")))
    with pytest.raises(InputError, match="引用依据条款"):
        desk.handle(c.DeclineCase(case_id, ON, "审核员"))
    with pytest.raises(InputError, match="政策包中没有条款"):
        desk.handle(c.DeclineCase(case_id, ON, "审核员", clauses=("no.such",), reason="x", remedy="y"))
    declined = desk.handle(c.DeclineCase(case_id, ON, "审核员", scenario=scenario("not_eligible")))
    content = declined.issued[0].content
    assert declined.case.state is CaseState.DECLINED and content["kind"] == "decline"
    assert [g["rule_id"] for g in content["grounds"]] == ["rent.no_home"]
    assert content["grounds"][0]["remedy"] and content["clauses"][0]["text"]


def test_a_case_for_a_depositor_in_the_database(desk: CaseDesk, migrated_engine: Engine) -> None:
    with migrated_engine.begin() as connection:
        load_city(connection, generate_city(30, 7, ON))
    opened = desk.handle(c.OpenCase("cert.deposit", ON, "柜员01", depositor_id=1))
    assert opened.case.depositor_id == 1 and opened.case.applicant_name
    assert queries.replay(desk, opened.case.id).same
    assert [k.id for k in queries.find(desk, depositor_id=1)] == [opened.case.id]
    assert queries.resolve(desk, opened.case.number) == opened.case.id


def test_ratings_rectification_and_appeals(desk: CaseDesk, migrated_engine: Engine) -> None:
    case_id = _open(desk, "not_eligible", BEFORE_NATIONAL_DAY)
    with pytest.raises(Conflict, match="结束后方可评价"):
        desk.handle(c.RateCase(case_id, "满意", BEFORE_NATIONAL_DAY, "申请人"))
    desk.handle(c.RefuseCase(case_id, BEFORE_NATIONAL_DAY, "柜员01"))
    with pytest.raises(InputError, match="具体意见"):
        desk.handle(c.RateCase(case_id, "非常不满意", BEFORE_NATIONAL_DAY, "申请人"))
    rated = desk.handle(c.RateCase(case_id, "非常不满意", date(2026, 9, 30), "申请人", "态度生硬", "device"))
    rect = rated.rectification
    assert rated.rating.level.bad and rect is not None
    assert rect.deadline == date(2026, 10, 13)  # 5 working days over National Day: 10-8, 9, 10, 12, 13
    with pytest.raises(Conflict, match="一事一评"):
        desk.handle(c.RateCase(case_id, "满意", date(2026, 9, 30), "申请人"))
    with pytest.raises(Conflict, match="下一步应为“核实”"):
        desk.handle(c.RecordRectificationStep(rect.id, "回复", date(2026, 10, 8), "科长", "已回复"))
    desk.handle(c.RecordRectificationStep(rect.id, "核实", date(2026, 10, 8), "科长", "调取录像，情况属实"))
    assert [i.kind for i in overdue(desk, date(2026, 10, 14))] == ["rectification"]
    appeal = desk.handle(c.FileAppeal(rated.rating.id, date(2026, 10, 9), "科长", "评价人系误操作"))
    with pytest.raises(Conflict, match="待处理的申诉"):
        desk.handle(c.FileAppeal(rated.rating.id, date(2026, 10, 9), "科长", "再次申诉"))
    decided = desk.handle(c.DecideAppeal(appeal.id, True, date(2026, 10, 12), "主任", "核实为误评"))
    assert decided.outcome == "upheld"
    detail = queries.show(desk, case_id)
    assert detail.rating is not None and detail.rating.excluded
    assert detail.rectification is not None and detail.rectification.outcome == "appeal_upheld"
    assert overdue(desk, date(2026, 10, 14)) == []
    _audit_ok(migrated_engine)


def test_a_good_rating_opens_no_rectification_and_steps_finish_one(desk: CaseDesk) -> None:
    good, bad = _open(desk, "not_eligible"), _open(desk, "not_eligible")
    for case_id in (good, bad):
        desk.handle(c.RefuseCase(case_id, ON, "柜员01"))
    assert desk.handle(c.RateCase(good, "5", ON, "申请人")).rectification is None
    rect = desk.handle(c.RateCase(bad, "不满意", ON, "申请人", "等候时间长", "online")).rectification
    assert rect is not None
    for step, day in (("verify", 30), ("fix", 30), ("reply", 30), ("return_visit", 30)):
        done = desk.handle(c.RecordRectificationStep(rect.id, step, date(2026, 11, day), "科长", f"{step} 完成"))
    assert done.closed_on == date(2026, 11, 30) and done.outcome == "done"
    with pytest.raises(Conflict, match="已结束"):
        desk.handle(c.RecordRectificationStep(rect.id, "verify", date(2026, 11, 30), "科长", "再次"))


def test_the_sweep_skips_a_case_that_moved_meanwhile(desk: CaseDesk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The material arrives between the sweep's read and its move: nothing is ended, the sweep goes on."""
    from anju.services.cases import sweep as sweeping

    case_id = _open(desk, "pending")
    desk.handle(c.AcceptWithPending(case_id, ON, "柜员01", "王磊"))
    real_expire = sweeping.expire

    def arrives_first(d: CaseDesk, command: c.ExpireCase) -> object:
        d.handle(c.SupplyMaterial(command.case_id, "marriage_cert", command.on, "柜员02"))
        return real_expire(d, command)

    monkeypatch.setattr(sweeping, "expire", arrives_first)
    report = sweep(desk, date(2026, 12, 31))
    assert report.withdrawn == [] and len(report.skipped) == 1 and "不能逾期未补齐材料终止办理" in report.skipped[0]
    assert queries.show(desk, case_id).case.state is CaseState.ACCEPTED
