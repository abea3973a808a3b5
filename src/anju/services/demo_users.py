"""Use case: demo sign-ins — an officer, a manager, an auditor, and citizens worth showing.

The citizens are picked from the demo database by what the engine says about them, so each shows
something: a refusal with a relative's route, a refusal with its clause and a "not yet" date, a
person far from the hall (容缺 and extended hours offered), a retired or elderly person. Running
it again changes nothing: existing users are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from anju.domain.access import Role
from anju.domain.policy.decision import Diagnosis, Outcome
from anju.domain.policy.personalise import Profile
from anju.domain.scenario import Scenario
from anju.services.accounts import PasswordHasher, UserStore

DEMO_PASSWORD = "anju-demo-2026"
"""The password of every demo user (demo databases only)."""


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """A demo user to print for the person trying Anju."""

    username: str
    password: str
    role: Role
    display_name: str
    depositor_id: int | None
    why: str
    """What this user shows (Chinese)."""
    created: bool
    """False when the user already existed (its password may have been changed since)."""


class DemoDepositors(Protocol):
    def ids(self, *, limit: int | None = None, offset: int = 0) -> list[int]: ...

    def scenario_for(self, depositor_id: int, on: date) -> Scenario: ...


class DemoUnitOfWork(Protocol):
    @property
    def users(self) -> UserStore: ...

    @property
    def depositors(self) -> DemoDepositors: ...


    def commit(self) -> None: ...


Check = Callable[[Scenario, date], Diagnosis]
Personalise = Callable[[Scenario, date], Profile]

STAFF = (
    ("officer", "柜员 王芳", Role.OFFICER, "柜员工作台：查找缴存人、诊断、方案、一次性告知书（看到完整身份证号）"),
    ("manager", "中心管理者 李强", Role.MANAGER, "查看诊断与查询日志（身份证号、手机号脱敏）"),
    ("auditor", "审计员 赵敏", Role.AUDITOR, "查阅记录查看日志：谁、何时、为何查看了谁的记录"),
)

_STORIES: tuple[tuple[str, str, Callable[[Diagnosis, Profile], bool]], ...] = (
    ("citizen_route", "本人暂不符合、可由家人作为申请人办理（其他途径）",
     lambda d, p: any(x.outcome is Outcome.ANOTHER_WAY and any(r.kind == "relative" for r in x.routes)
                      for x in d.decisions)),
    ("citizen_notyet", "暂不可办、到期可办（给出可办日期、条款和办法）",
     lambda d, p: any(x.outcome is Outcome.NOT_YET and x.eligible_from is not None for x in d.decisions)
     and len(d.can_do) > 0),
    ("citizen_far", "路途较远：推荐网上办理，预约时可选延时服务和容缺受理",
     lambda d, p: any(t.id == "far_away" for t in p.traits)),
    ("citizen_senior", "退休或年长：绿色通道、销户提取等",
     lambda d, p: any(t.id in ("elderly", "retired") for t in p.traits) and len(d.can_do) > 0),
)


def seed_demo_users(uow: DemoUnitOfWork, hasher: PasswordHasher, check: Check, profile: Personalise,
                    on: date, now: datetime, *, scan: int = 600,
                    password: str = DEMO_PASSWORD) -> list[DemoLogin]:
    """Create the demo users (idempotent) and return them for printing."""
    logins: list[DemoLogin] = []
    for username, name, role, why in STAFF:
        created = _ensure(uow, hasher, username, name, role, password, None, now)
        logins.append(DemoLogin(username, password, role, name, None, why, created))
    wanted = list(_STORIES)
    for depositor_id in uow.depositors.ids(limit=scan):
        if not wanted:
            break
        scenario = uow.depositors.scenario_for(depositor_id, on)
        if not scenario.applicant.id_number:
            continue
        diagnosis, person = check(scenario, on), profile(scenario, on)
        story = next((s for s in wanted if s[2](diagnosis, person)), None)
        if story is None:
            continue
        wanted.remove(story)
        username, why, _ = story
        name = scenario.applicant.name or username
        created = _ensure(uow, hasher, username, name, Role.CITIZEN, password, scenario.applicant.id_number, now)
        logins.append(DemoLogin(username, password, Role.CITIZEN, name, depositor_id, why, created))
    return logins


def _ensure(uow: DemoUnitOfWork, hasher: PasswordHasher, username: str, name: str, role: Role,
            password: str, id_number: str | None, now: datetime) -> bool:
    if uow.users.by_username(username) is not None:
        return False
    uow.users.add(username, name, role, hasher.hash(password), id_number, now)
    uow.commit()
    return True


def describe(logins: Sequence[DemoLogin]) -> list[str]:
    """The logins as lines to print (Chinese)."""
    lines = []
    for login in logins:
        record = f"（库内编号{login.depositor_id}）" if login.depositor_id is not None else ""
        kept = "" if login.created else "［已存在，未改动］"
        lines.append(f"{login.role.label:<6} {login.username:<16} 密码 {login.password}  "
                     f"{login.display_name}{record}：{login.why}{kept}")
    return lines
