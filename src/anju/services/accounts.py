"""Use cases: sign in (rate-limited), server-side sessions, sign out, create users.

Passwords are hashed by a :class:`PasswordHasher` port (argon2 in the adapter); a session is a
random token whose SHA-256 alone is stored, with its own CSRF token. Every sign-in attempt is
recorded; too many failures for a user name or from an address within the window refuse
further attempts until the window has passed — checked *before* the password is verified, so
a locked account cannot be probed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from anju.domain.access import Role
from anju.domain.errors import AuthenticationRequired, Conflict, InputError, Problem, RateLimited


@dataclass(frozen=True, slots=True)
class User:
    """A user as the application sees it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    depositor_id_number: str | None = None
    """For a citizen: the 身份证号 of their own record."""


@dataclass(frozen=True, slots=True)
class StoredUser:
    """A user row with its password hash, for the sign-in check only."""

    user: User
    password_hash: str
    active: bool


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in session: who, its CSRF token and when it ends."""

    token: str
    """The secret handed to the browser (cookie) or API client (Bearer); stored hashed."""
    user: User
    csrf_token: str
    expires_at: datetime


class PasswordHasher(Protocol):
    """Port: slow, salted password hashing."""

    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class UserStore(Protocol):
    def by_username(self, username: str) -> StoredUser | None: ...

    def add(self, username: str, display_name: str, role: Role, password_hash: str,
            depositor_id_number: str | None, now: datetime) -> int: ...

    def set_password(self, user_id: int, password_hash: str) -> None: ...


class SessionStore(Protocol):
    def add(self, token_hash: str, user_id: int, csrf_token: str, now: datetime,
            expires_at: datetime, ip: str | None) -> None: ...

    def find(self, token_hash: str, now: datetime) -> tuple[User, str, datetime] | None: ...

    def remove(self, token_hash: str) -> None: ...

    def purge(self, now: datetime) -> int: ...


class AttemptLog(Protocol):
    def add(self, username: str, ip: str, at: datetime, success: bool) -> None: ...

    def failures_since(self, *, since: datetime, username: str | None = None,
                       ip: str | None = None) -> int: ...


class AccountsUnitOfWork(Protocol):
    @property
    def users(self) -> UserStore: ...

    @property
    def sessions(self) -> SessionStore: ...

    @property
    def attempts(self) -> AttemptLog: ...


    def commit(self) -> None: ...


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    """How many failures, over which window, lock sign-in; how long a session lasts."""

    max_failures_per_user: int = 5
    max_failures_per_ip: int = 20
    window: timedelta = timedelta(minutes=15)
    session_length: timedelta = timedelta(hours=8)


def token_hash(token: str) -> str:
    """What is stored for a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(uow: AccountsUnitOfWork, hasher: PasswordHasher, username: str, password: str,
            ip: str, now: datetime, policy: SignInPolicy = SignInPolicy()) -> Session:
    """Check the password and open a session; raises in Chinese, never says which part was wrong."""
    username = username.strip()
    if not username or not password:
        raise InputError("请输入用户名和密码", [
            *([Problem("username", "请输入用户名")] if not username else []),
            *([Problem("password", "请输入密码")] if not password else []),
        ])
    since = now - policy.window
    minutes = int(policy.window.total_seconds() // 60)
    if (uow.attempts.failures_since(since=since, username=username) >= policy.max_failures_per_user
            or uow.attempts.failures_since(since=since, ip=ip) >= policy.max_failures_per_ip):
        raise RateLimited(f"登录失败次数过多，请{minutes}分钟后再试；如忘记密码请到服务大厅或拨打12329。",
                          retry_after=int(policy.window.total_seconds()))
    stored = uow.users.by_username(username)
    ok = stored is not None and stored.active and hasher.verify(stored.password_hash, password)
    uow.attempts.add(username, ip, now, ok)
    uow.commit()  # a failure is recorded even though we raise
    if not ok or stored is None:
        raise AuthenticationRequired("用户名或密码不正确")
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + policy.session_length
    uow.sessions.purge(now)  # expired sessions of anyone go as new ones come
    uow.sessions.add(token_hash(token), stored.user.id, csrf, now, expires, ip)
    uow.commit()
    return Session(token, stored.user, csrf, expires)


def current_session(uow: AccountsUnitOfWork, token: str | None, now: datetime) -> Session | None:
    """The session a token opens, or None when it is unknown or expired."""
    if not token:
        return None
    found = uow.sessions.find(token_hash(token), now)
    if found is None:
        return None
    user, csrf, expires = found
    return Session(token, user, csrf, expires)


def sign_out(uow: AccountsUnitOfWork, token: str | None) -> None:
    """End the session (nothing happens for an unknown token)."""
    if token:
        uow.sessions.remove(token_hash(token))
        uow.commit()


MIN_PASSWORD = 8


def create_user(uow: AccountsUnitOfWork, hasher: PasswordHasher, username: str, display_name: str,
                role: Role, password: str, now: datetime, depositor_id_number: str | None = None) -> int:
    """Add a user; a citizen must be linked to their record by 身份证号."""
    problems = []
    if not username.strip() or len(username) > 50:
        problems.append(Problem("username", "用户名应为1至50个字符"))
    if len(password) < MIN_PASSWORD:
        problems.append(Problem("password", f"密码至少{MIN_PASSWORD}位"))
    if role is Role.CITIZEN and not depositor_id_number:
        problems.append(Problem("depositor_id_number", "缴存人账户须关联本人身份证号"))
    if problems:
        raise InputError("用户信息有误", problems)
    if uow.users.by_username(username) is not None:
        raise Conflict(f"用户名 {username} 已存在")
    user_id = uow.users.add(username, display_name, role, hasher.hash(password),
                            depositor_id_number if role is Role.CITIZEN else None, now)
    uow.commit()
    return user_id
