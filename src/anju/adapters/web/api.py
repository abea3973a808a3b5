"""REST API ``/api/v1``: sessions, check a scenario, stored depositors (role-limited), plans, bookings.

Every body is the domain's own contract (``Diagnosis.to_dict()``, ``anju.plan/1``); every error is
the one shape of :mod:`anju.adapters.web.errors`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from anju.adapters.plan_files import request_from_data
from anju.adapters.scenario_files import scenario_from_data
from anju.adapters.web import forms
from anju.adapters.web.deps import UowDep, UserDep, ViewerDep, WebDep, api_csrf, client_ip
from anju.adapters.web.errors import ERROR_RESPONSES
from anju.domain.access import Role, mask_id_number, mask_name, mask_phone
from anju.domain.errors import AccessDenied, InputError, NotFound, Problem
from anju.domain.members.lookup import DepositorSummary
from anju.domain.planner import contract
from anju.services import accounts, records
from anju.services.accounts import User
from anju.services.bookings import Booking, Day
from anju.services.planning import make_plans

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)


class JSON(Response):
    """JSON via orjson: the diagnosis of a person is ~100 kB, and std json is 3× slower."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignInIn(_In):
    username: str = Field(max_length=50, description="用户名")
    password: str = Field(max_length=200, description="密码")


class CheckIn(_In):
    scenario: dict[str, Any] = Field(description="情景文档（见 docs/scenario.schema.json）")
    on: date | None = Field(None, description="办理日期，默认情景中的日期，再默认今天")
    business: str | None = Field(None, max_length=60, description="只诊断一个业务，如 withdraw.rent")


class BookingIn(_In):
    business: str = Field(max_length=60, description="业务编码，如 withdraw.rent")
    starts_at: datetime = Field(description="时段开始时间，如 2026-12-01T09:30")
    rongque: bool = Field(False, description="申请容缺受理（仅向路远等需要者开放）")
    depositor_id: int | None = Field(None, ge=1, description="工作人员代为预约时填写缴存人编号；缴存人本人不填")


def _summary(s: DepositorSummary, user: User, own: bool) -> dict[str, Any]:
    sees_birth = own or user.role is Role.OFFICER
    return {
        "id": s.id, "name": mask_name(s.name, user.role, own),
        "id_number": mask_id_number(s.id_number, user.role, own),
        "phone": mask_phone(s.phone, user.role, own), "sex": s.sex,
        "birth_date": s.birth_date.isoformat() if s.birth_date and sees_birth else None,
        "employer": s.employer, "employment_status": s.employment_status,
        "account_number": s.account_number, "account_status": s.account_status,
        "balance": None if s.balance is None else str(s.balance),
    }


def _booking(b: Booking, names: dict[str, str]) -> dict[str, Any]:
    return {"id": b.id, "depositor_id": b.depositor_id, "business": b.business,
            "business_name": names.get(b.business, b.business), "starts_at": b.starts_at.isoformat(),
            "extended": b.extended, "rongque": b.rongque, "status": b.status,
            "created_at": b.created_at.isoformat()}


def _day(d: Day) -> dict[str, Any]:
    return {"date": d.day.isoformat(), "slots": [
        {"starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat(), "extended": s.extended,
         "free": s.free} for s in d.slots]}


# -- sessions ------------------------------------------------------------------------------
@router.post("/sessions", response_class=JSON, tags=["会话"], summary="登录，取得令牌")
def create_session(body: SignInIn, request: Request, web: WebDep, uow: UowDep) -> Response:
    """用户名和密码换取会话令牌（Bearer）。连续失败过多时返回 429。"""
    session = accounts.sign_in(uow, web.hasher, body.username, body.password, client_ip(request), web.now(),
                               web.policy)
    user = session.user
    return JSON({"token": session.token, "token_type": "bearer", "csrf_token": session.csrf_token,
                 "expires_at": session.expires_at.isoformat(),
                 "user": {"username": user.username, "display_name": user.display_name, "role": user.role.value}},
                status_code=201)


@router.delete("/sessions", response_class=JSON, tags=["会话"], summary="退出登录",
               dependencies=[Depends(api_csrf)])
def delete_session(viewer: ViewerDep, uow: UowDep, user: UserDep) -> Response:
    """结束当前会话。"""
    accounts.sign_out(uow, viewer.session.token if viewer.session else None)
    return Response(status_code=204)


# -- diagnosis and plans of a scenario document --------------------------------------------
@router.post("/check", response_class=JSON, tags=["诊断"], summary="诊断一个情景文档")
def check(body: CheckIn, web: WebDep) -> Response:
    """每个业务能否办理、为什么、怎么办（Decision 契约，见 docs/decision.md）。无需登录，不读取库内数据。"""
    scenario = scenario_from_data(body.scenario, "scenario")
    on = body.on or scenario.on or web.today()
    return JSON(web.anju.advice.check(scenario, on, body.business).to_dict())


@router.post("/plan", response_class=JSON, tags=["方案"], summary="贷款与提取方案")
def plan(body: dict[str, Any], web: WebDep) -> Response:
    """请求格式同 `anju plan --request`（扁平格式或 scenario 格式，见 docs/planner.md），结果为 anju.plan/1。"""
    scenario, on, options = request_from_data(body, "请求", web.today())
    result = make_plans(web.anju.pack, scenario, on, options)
    return JSON(contract.result(result, schedule_plan=result.recommended or result.nearest))


# -- stored depositors ---------------------------------------------------------------------
@router.get("/depositors", response_class=JSON, tags=["缴存人"], summary="查找缴存人（按角色限定）")
def search(request: Request, uow: UowDep, user: UserDep,
           q: Annotated[str, Query(min_length=1, max_length=60, description="姓名、拼音首字母、身份证号或手机号")],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Response:
    """工作人员按姓名、拼音首字母、身份证号或手机号查找；缴存人只能找到本人。个人信息按角色脱敏。"""
    if user.role.staff:
        hits = records.search(uow, user, q, limit)
        own = None
    else:
        own = records.own_record(uow, user)
        hits = [h for h in uow.depositors.find(q, limit) if h.id == own]
    return JSON({"results": [_summary(h, user, h.id == own) for h in hits]})


@router.get("/depositors/{depositor_id}", response_class=JSON, tags=["缴存人"], summary="缴存人概况")
def depositor(depositor_id: int, web: WebDep, uow: UowDep, user: UserDep,
              reason: Annotated[str | None, Query(max_length=200, description="查询事由")] = None) -> Response:
    """一名缴存人的概况；工作人员的每次查看都记入日志。"""
    record = records.open_record(uow, user, depositor_id, web.today(), web.now(), "api.depositor", reason)
    return JSON(_summary(record.summary, user, record.own))


@router.get("/depositors/{depositor_id}/diagnosis", response_class=JSON, tags=["缴存人", "诊断"],
            summary="库内缴存人的诊断")
def depositor_diagnosis(request: Request, depositor_id: int, web: WebDep, uow: UowDep, user: UserDep,
                        business: Annotated[str | None, Query(max_length=60)] = None,
                        reason: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    """库内记录（含配偶、父母、子女）的诊断与个性化服务建议；参数 on=YYYY-MM-DD 可指定办理日期。"""
    on = forms.on_date(request.query_params, web.today())
    record = records.open_record(uow, user, depositor_id, on, web.now(), "api.diagnosis", reason)
    diagnosis = web.anju.advice.check(record.scenario, on, business)
    profile = web.personaliser.profile(record.scenario, on)
    return JSON({"depositor": _summary(record.summary, user, record.own), "diagnosis": diagnosis.to_dict(),
                 "personalisation": profile.to_dict()})


# -- bookings ------------------------------------------------------------------------------
def _whose(web: WebDep, uow: UowDep, user: User, depositor_id: int | None) -> int:
    """The record a booking call is about: the citizen's own, or the one staff name (view logged)."""
    if user.role.staff:
        if depositor_id is None:
            raise InputError("请指定缴存人编号", [Problem("depositor_id", "工作人员代为预约或查询时须填写缴存人编号")])
        records.open_record(uow, user, depositor_id, web.today(), web.now(), "api.bookings", "预约办理")
        return depositor_id
    own = records.own_record(uow, user)
    if own is None:
        raise NotFound("没有找到与您的身份证号对应的公积金记录")
    if depositor_id is not None and depositor_id != own:
        raise AccessDenied("您只能为本人预约")
    return own


@router.get("/bookings/slots", response_class=JSON, tags=["预约"], summary="可预约时段")
def slots(web: WebDep, uow: UowDep, user: UserDep,
          depositor_id: Annotated[int | None, Query(ge=1)] = None) -> Response:
    """今后若干工作日的半小时时段及余位；路远等需要者另有延时服务时段。"""
    whose = _whose(web, uow, user, depositor_id)
    now = web.now()
    profile = web.personaliser.profile(uow.depositors.scenario_for(whose, now.date()), now.date())
    return JSON({"offers": [{"code": c, "name": n} for c, n in profile.modes],
                 "days": [_day(d) for d in web.desk.available(uow, profile, now)]})


@router.get("/bookings", response_class=JSON, tags=["预约"], summary="预约记录")
def list_bookings(web: WebDep, uow: UowDep, user: UserDep,
                  depositor_id: Annotated[int | None, Query(ge=1)] = None) -> Response:
    """缴存人本人的预约；工作人员查询指定缴存人的预约。"""
    whose = _whose(web, uow, user, depositor_id)
    own = records.own_record(uow, user)
    return JSON({"bookings": [_booking(b, web.business_names) for b in web.desk.mine(uow, user, whose, own)]})


@router.post("/bookings", response_class=JSON, tags=["预约"], summary="预约到厅办理",
             dependencies=[Depends(api_csrf)])
def create_booking(body: BookingIn, web: WebDep, uow: UowDep, user: UserDep) -> Response:
    """预约一个半小时时段；时段已满返回 409，时段或选项不可用返回 422。"""
    whose = _whose(web, uow, user, body.depositor_id)
    now = web.now()
    profile = web.personaliser.profile(uow.depositors.scenario_for(whose, now.date()), now.date())
    booking = web.desk.book(uow, profile, user, whose, body.business, body.starts_at.replace(tzinfo=None),
                            body.rongque, now)
    return JSON(_booking(booking, web.business_names), status_code=201)


@router.delete("/bookings/{booking_id}", response_class=JSON, tags=["预约"], summary="取消预约",
               dependencies=[Depends(api_csrf)])
def cancel_booking(booking_id: int, web: WebDep, uow: UowDep, user: UserDep) -> Response:
    """取消一个未到时的预约（本人或工作人员）。"""
    web.desk.cancel(uow, user, booking_id, records.own_record(uow, user), web.now())
    return Response(status_code=204)
