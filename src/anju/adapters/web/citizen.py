"""网上服务大厅: what I can do, why not, my loan plan, my notice, booking a counter visit.

Every URL here is about the signed-in citizen's own record: there is no record number in any
of them, so no URL can reach someone else's data.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from anju.adapters.web import forms
from anju.adapters.web.deps import CitizenDep, FormDep, UowDep, WebDep
from anju.adapters.web.errors import status_for
from anju.adapters.web.exports import schedule_download
from anju.adapters.web.render import render
from anju.adapters.web.workbench import plan_view
from anju.domain.errors import AnjuError, InputError
from anju.services import records
from anju.services.personalisation import Observations

router = APIRouter(prefix="/me", include_in_schema=False)


@router.get("")
def my_home(request: Request, web: WebDep, uow: UowDep, user: CitizenDep) -> Response:
    """我能办什么：本人记录的诊断，用平实的话说明能办什么、带什么、何时可办。"""
    on = web.today()
    record = records.my_record(uow, user, on, web.now(), "citizen.home")
    diagnosis = web.anju.advice.check(record.scenario, on)
    profile = web.personaliser.profile(record.scenario, on)
    return render(request, "citizen/home.html", {"record": record, "summary": record.summary,
                                                 "diagnosis": diagnosis, "profile": profile, "on": on})


@router.get("/why/{business}")
def why_page(request: Request, web: WebDep, uow: UowDep, user: CitizenDep, business: str) -> Response:
    """为什么暂不能办：条件、依据条款和下一步，从不只说“不”。"""
    on = web.today()
    record = records.my_record(uow, user, on, web.now(), "citizen.why")
    diagnosis = web.anju.advice.check(record.scenario, on, business)
    return render(request, "citizen/why.html", {"record": record, "summary": record.summary,
                                                "decision": diagnosis.decisions[0], "on": on})


@router.get("/plan")
def my_plan(request: Request, web: WebDep, uow: UowDep, user: CitizenDep) -> Response:
    """贷款方案测算：按本人（及配偶、父母、子女）的缴存记录。"""
    on = web.today()
    form = forms.plan_form(request.query_params)
    record = records.my_record(uow, user, on, web.now(), "citizen.plan")
    return render(request, "citizen/plan.html", {"record": record, "summary": record.summary, "on": on,
                                                 **plan_view(web.anju.pack, record.scenario, on, form)})


@router.get("/plan/export")
def my_plan_export(request: Request, web: WebDep, uow: UowDep, user: CitizenDep,
                   format: Annotated[str, Query(pattern="^(xlsx|csv)$")] = "xlsx") -> Response:
    """导出还款计划。"""
    on = web.today()
    form = forms.plan_form(request.query_params)
    record = records.my_record(uow, user, on, web.now(), "citizen.plan.export")
    return schedule_download(web.anju.pack, record.scenario, on, form, format)


@router.get("/notice")
def my_notice(request: Request, web: WebDep, uow: UowDep, user: CitizenDep,
              business: Annotated[str | None, Query(max_length=60)] = None) -> Response:
    """本人的一次性告知书（可打印）。"""
    on = web.today()
    record = records.my_record(uow, user, on, web.now(), "citizen.notice")
    diagnosis = web.anju.advice.check(record.scenario, on, business)
    return render(request, "notice.html", {"summary": record.summary, "record": record, "diagnosis": diagnosis,
                                           "on": on, "business": business, "officer": None, "back": "/me"})


def _bookings_page(request: Request, web: WebDep, uow: UowDep, user: CitizenDep,
                   error: AnjuError | None = None, status: int = 200, done: str | None = None) -> Response:
    now = web.now()
    record = records.my_record(uow, user, now.date(), now, "citizen.bookings")
    profile = web.personaliser.profile(record.scenario, now.date(), Observations())
    days = web.desk.available(uow, profile, now)
    mine = web.desk.mine(uow, user, record.summary.id, record.summary.id)
    diagnosis = web.anju.advice.check(record.scenario, now.date())
    return render(request, "citizen/bookings.html", {
        "record": record, "summary": record.summary, "profile": profile, "days": days, "mine": mine,
        "names": web.business_names, "diagnosis": diagnosis, "error": error, "now": now, "done": done,
        "problems": error.problems if isinstance(error, InputError) else [],
        "hall": web.desk.hall,
    }, status_code=status)


@router.get("/bookings")
def bookings_page(request: Request, web: WebDep, uow: UowDep, user: CitizenDep) -> Response:
    """预约到厅办理：按半小时选择工作日时段；路远者可选延时服务和容缺受理。"""
    return _bookings_page(request, web, uow, user, done=request.query_params.get("done"))


@router.post("/bookings")
def book(request: Request, web: WebDep, uow: UowDep, user: CitizenDep, form: FormDep) -> Response:
    """提交预约。"""
    now = web.now()
    try:
        reader = forms.Reader(form)
        starts_at = reader.moment("starts_at", "预约时段")
        business = reader.text("business")
        rongque = reader.flag("rongque") is True
        reader.check("预约信息有误")
        assert starts_at is not None
        record = records.my_record(uow, user, now.date(), now, "citizen.bookings")
        profile = web.personaliser.profile(record.scenario, now.date())
        web.desk.book(uow, profile, user, record.summary.id, business, starts_at, rongque, now)
    except AnjuError as error:
        return _bookings_page(request, web, uow, user, error, status_for(error))
    return RedirectResponse("/me/bookings?done=booked", status_code=303)


@router.post("/bookings/{booking_id}/cancel")
def cancel(request: Request, web: WebDep, uow: UowDep, user: CitizenDep, booking_id: int,
           form: FormDep) -> Response:
    """取消本人的预约。"""
    mine = records.own_record(uow, user)
    web.desk.cancel(uow, user, booking_id, mine, web.now())
    return RedirectResponse("/me/bookings?done=cancelled", status_code=303)
