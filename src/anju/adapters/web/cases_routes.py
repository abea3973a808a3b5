"""办件 over HTTP: open a case, move it, read it, print its notices, rate it; overdue list; audit check.

Thin: parse, one case-desk call, render. Staff open and move cases (the officer's user name is the
actor in the audit log); a depositor may read and rate their own cases. Send ``Idempotency-Key`` to
make a retry or a double click happen once.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from anju.adapters.db.audit_log import SqlAuditTrail
from anju.adapters.db.case_uow import sql_case_desk
from anju.adapters.notices.render import render_issued
from anju.adapters.web.api import JSON
from anju.adapters.web.context import CHINA, WebContext
from anju.adapters.web.deps import StaffDep, UserDep, WebDep, api_csrf
from anju.adapters.web.errors import ERROR_RESPONSES
from anju.domain.access import Role, mask_id_number
from anju.domain.cases import commands as c
from anju.domain.cases.canonical import jsonable
from anju.domain.cases.model import Case
from anju.domain.errors import AccessDenied
from anju.services.accounts import User
from anju.services.audit import verify_audit
from anju.services.cases import queries
from anju.services.cases.desk import CaseDesk, CaseView
from anju.services.cases.sweep import overdue

router = APIRouter(responses=ERROR_RESPONSES)

Key = Annotated[str | None, Header(alias="Idempotency-Key", max_length=100, description="幂等键：重复提交只办理一次")]
Moves = Literal["accept", "accept_pending", "refuse", "supply", "review", "approve", "decline", "pay", "close",
                "withdraw"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenIn(_In):
    business: str = Field(max_length=60, description="业务编码，如 withdraw.rent")
    depositor_id: int = Field(ge=1, description="缴存人编号")
    on: date | None = Field(None, description="申请日期，默认今天")
    materials_brought: list[str] | None = Field(None, description="已带来的材料代码；网上申请不填")
    channel: str = Field("counter", max_length=10, description="counter · online · phone · app · device")


class MoveIn(_In):
    action: Moves = Field(description="受理、容缺受理、不予受理、补交、审核、批准、不予批准、支付、办结、撤回")
    on: date | None = Field(None, description="办理日期，默认今天")
    signed_by: str = Field("", max_length=50, description="容缺受理：承诺书签署人")
    material: str = Field("", max_length=40, description="补交：材料代码")
    amount: Decimal | None = Field(None, description="批准金额（元），默认诊断额度")
    clauses: list[str] = Field(default_factory=list, description="不予批准：依据条款编号")
    reason: str = Field("", max_length=500, description="不予批准或撤回的理由")
    remedy: str = Field("", max_length=500, description="不予批准：申请人可以怎么办")


class RatingIn(_In):
    level: str = Field(max_length=20, description="非常满意、满意、基本满意、不满意、非常不满意（或5至1）")
    comment: str = Field("", max_length=1000, description="评价意见（差评必填）")
    channel: str = Field("online", max_length=10, description="online 网上 · device 窗口评价器 · app")
    on: date | None = Field(None, description="评价日期，默认今天")


class _Clock:
    """The web clock (naive China time) as the case desk's aware clock."""

    def __init__(self, web: WebContext) -> None:
        self.web = web

    def now(self) -> datetime:
        return self.web.now().replace(tzinfo=CHINA)


def _desk(web: WebContext) -> CaseDesk:
    return sql_case_desk(web.anju.pack, web.anju.calendar, web.engine, _Clock(web))


def _own(user: User, case: Case) -> bool:
    return user.role is Role.CITIZEN and bool(case.applicant_id_number) and \
        case.applicant_id_number == user.depositor_id_number


def _may_read(user: User, case: Case) -> None:
    if not (user.role.staff or _own(user, case)):
        raise AccessDenied("只能查看本人的办件")


def _case(case: Case, user: User) -> dict[str, Any]:
    data: dict[str, Any] = jsonable(case)
    data["applicant_id_number"] = mask_id_number(case.applicant_id_number, user.role, _own(user, case))
    data["state_label"] = case.state.label
    return data


def _view(result: CaseView, user: User) -> dict[str, Any]:
    return {"case": _case(result.case, user), "replayed": result.replayed,
            "notices": [{"id": n.id, "kind": n.kind, "number": n.number, "issued_on": n.issued_on.isoformat(),
                         "url": f"/cases/{n.case_id}/notices/{n.id}"} for n in result.notices],
            "issued": [n.number for n in result.issued]}


@router.post("/api/v1/cases", status_code=201, dependencies=[Depends(api_csrf)])
def open_case(body: OpenIn, web: WebDep, user: StaffDep, key: Key = None) -> Response:
    """申请：运行诊断并保存决定（同一幂等键只建一件）。"""
    command = c.OpenCase(body.business, body.on or web.today(), user.username, body.depositor_id, None,
                         None if body.materials_brought is None else tuple(body.materials_brought), body.channel, key)
    return JSON(_view(_desk(web).handle(command), user), status_code=201)


def _move(body: MoveIn, case_id: int, on: date, actor: str, key: str | None) -> object:
    """The command a move asks for."""
    match body.action:
        case "accept":
            return c.AcceptCase(case_id, on, actor, key)
        case "accept_pending":
            return c.AcceptWithPending(case_id, on, actor, body.signed_by, key)
        case "refuse":
            return c.RefuseCase(case_id, on, actor, key)
        case "supply":
            return c.SupplyMaterial(case_id, body.material, on, actor, key)
        case "review":
            return c.StartReview(case_id, on, actor, key)
        case "approve":
            return c.ApproveCase(case_id, on, actor, body.amount, key)
        case "decline":
            return c.DeclineCase(case_id, on, actor, None, tuple(body.clauses), body.reason, body.remedy, key)
        case "pay":
            return c.PayCase(case_id, on, actor, key)
        case "close":
            return c.CloseCase(case_id, on, actor, key)
        case _:
            return c.WithdrawCase(case_id, on, actor, body.reason, key)


@router.get("/api/v1/cases/overdue")
def overdue_list(web: WebDep, user: StaffDep, on: Annotated[date | None, Query()] = None) -> Response:
    """逾期清单：超过办结时限、容缺逾期、差评整改逾期（管理者）。"""
    if user.role is not Role.MANAGER:
        raise AccessDenied("逾期清单仅供中心管理者查看")
    return JSON([jsonable(item) for item in overdue(_desk(web), on or web.today())])


@router.post("/api/v1/cases/{case_id}/moves", dependencies=[Depends(api_csrf)])
def move_case(case_id: int, body: MoveIn, web: WebDep, user: StaffDep, key: Key = None) -> Response:
    """办理一步：受理、容缺受理、补交、审核、批准、不予批准、支付、办结、撤回。"""
    result = _desk(web).handle(_move(body, case_id, body.on or web.today(), user.username, key))
    return JSON(_view(result, user))


@router.get("/api/v1/cases/{case_id}")
def read_case(case_id: int, web: WebDep, user: UserDep) -> Response:
    """办件详情：状态、诊断决定、历史、文书、评价。"""
    detail = queries.show(_desk(web), case_id)
    _may_read(user, detail.case)
    return JSON({"case": _case(detail.case, user), "decision": detail.decision,
                 "events": jsonable(detail.events), "rating": jsonable(detail.rating),
                 "rectification": jsonable(detail.rectification),
                 "notices": [{"id": n.id, "kind": n.kind, "number": n.number, "issued_on": n.issued_on.isoformat(),
                              "url": f"/cases/{case_id}/notices/{n.id}"} for n in detail.notices]})


@router.post("/api/v1/cases/{case_id}/rating", status_code=201, dependencies=[Depends(api_csrf)])
def rate_case(case_id: int, body: RatingIn, web: WebDep, user: UserDep, key: Key = None) -> Response:
    """好差评：本人网上评价，或窗口评价器（工作人员登录）；差评生成整改任务。"""
    desk = _desk(web)
    _may_read(user, queries.show(desk, case_id).case)
    result = desk.handle(c.RateCase(case_id, body.level, body.on or web.today(), user.username, body.comment,
                                    body.channel, key))
    return JSON({"rating": jsonable(result.rating), "rectification": jsonable(result.rectification),
                 "replayed": result.replayed}, status_code=201)


@router.get("/api/v1/audit/verify")
def audit_verify(web: WebDep, user: StaffDep) -> Response:
    """审计日志哈希链校验（审计员、管理者）。"""
    if user.role not in (Role.AUDITOR, Role.MANAGER):
        raise AccessDenied("审计日志校验仅供审计员和中心管理者使用")
    with web.engine.connect() as connection:
        report = verify_audit(SqlAuditTrail(connection))
    return JSON({"ok": report.ok, "checked": report.checked, "first_bad": report.first_bad,
                 "message": report.message})


@router.get("/cases/{case_id}/notices/{notice_id}", include_in_schema=False)
def notice_page(case_id: int, notice_id: int, web: WebDep, user: UserDep) -> HTMLResponse:
    """文书（A4 打印）。"""
    desk = _desk(web)
    notice = queries.notice(desk, notice_id)
    if notice.case_id != case_id:
        raise AccessDenied("文书不属于该办件")
    _may_read(user, queries.show(desk, case_id).case)
    return HTMLResponse(render_issued(notice))
