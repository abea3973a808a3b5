"""柜员工作台: find a depositor, the diagnosis, the plan workbench, the one-time notice."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from anju.adapters.web import forms
from anju.adapters.web.deps import StaffDep, UowDep, WebDep
from anju.adapters.web.exports import schedule_download
from anju.adapters.web.render import render
from anju.adapters.web.workbench import plan_view
from anju.services import records
from anju.services.records import DEFAULT_REASON

router = APIRouter(prefix="/counter", include_in_schema=False)

Reason = Annotated[str | None, Query(max_length=200)]


@router.get("")
def search_page(request: Request, uow: UowDep, user: StaffDep,
                q: Annotated[str | None, Query(max_length=60)] = None, reason: Reason = None) -> Response:
    """查找缴存人：姓名、拼音首字母、身份证号或手机号；查询事由必填（默认窗口办理）。"""
    why = records.clean_reason(reason)
    hits = records.search(uow, user, q) if q is not None else None
    return render(request, "counter/search.html", {"q": q or "", "reason": why, "hits": hits,
                                                   "default_reason": DEFAULT_REASON})


@router.get("/depositors/{depositor_id}")
def record_page(request: Request, web: WebDep, uow: UowDep, user: StaffDep, depositor_id: int,
                reason: Reason = None) -> Response:
    """诊断页：每个业务的结论、理由、条款、办法，个性化服务与“您还可以办理”。"""
    on = forms.on_date(request.query_params, web.today())
    told = forms.observations(request.query_params)
    record = records.open_record(uow, user, depositor_id, on, web.now(), "counter.record", reason)
    diagnosis = web.anju.advice.check(record.scenario, on)
    profile = web.personaliser.profile(record.scenario, on, told)
    bookings = web.desk.mine(uow, user, depositor_id, None)
    return render(request, "counter/record.html", {
        "record": record, "summary": record.summary, "diagnosis": diagnosis, "profile": profile, "on": on,
        "told": told, "reason": records.clean_reason(reason), "bookings": bookings,
        "names": web.business_names, "depositor_id": depositor_id,
    })


@router.get("/depositors/{depositor_id}/plans")
def plans_page(request: Request, web: WebDep, uow: UowDep, user: StaffDep, depositor_id: int,
               reason: Reason = None) -> Response:
    """方案工作台：公积金、组合、商业贷款方案并列比较，还款图表，导出。"""
    on = forms.on_date(request.query_params, web.today())
    form = forms.plan_form(request.query_params)
    record = records.open_record(uow, user, depositor_id, on, web.now(), "counter.plans", reason)
    return render(request, "counter/plans.html", {
        "summary": record.summary, "record": record, "depositor_id": depositor_id, "on": on,
        "reason": records.clean_reason(reason), **plan_view(web.anju.pack, record.scenario, on, form),
    })


@router.get("/depositors/{depositor_id}/plans/export")
def plans_export(request: Request, web: WebDep, uow: UowDep, user: StaffDep, depositor_id: int,
                 reason: Reason = None, format: Annotated[str, Query(pattern="^(xlsx|csv)$")] = "xlsx") -> Response:
    """导出所选方案的还款计划（xlsx 或 csv）。"""
    on = forms.on_date(request.query_params, web.today())
    form = forms.plan_form(request.query_params)
    record = records.open_record(uow, user, depositor_id, on, web.now(), "counter.plans.export", reason)
    return schedule_download(web.anju.pack, record.scenario, on, form, format)


@router.get("/depositors/{depositor_id}/notice")
def notice_page(request: Request, web: WebDep, uow: UowDep, user: StaffDep, depositor_id: int,
                reason: Reason = None, business: Annotated[str | None, Query(max_length=60)] = None) -> Response:
    """一次性告知书（A4 打印）。"""
    on = forms.on_date(request.query_params, web.today())
    record = records.open_record(uow, user, depositor_id, on, web.now(), "counter.notice", reason)
    diagnosis = web.anju.advice.check(record.scenario, on, business)
    return render(request, "notice.html", {"summary": record.summary, "record": record, "diagnosis": diagnosis,
                                           "on": on, "business": business, "officer": user,
                                           "back": f"/counter/depositors/{depositor_id}"})
