"""The one error hierarchy of Anju.

Every error a user can cause or meet is an :class:`AnjuError` with a Chinese message
(``message``) and a stable machine ``code``. Adapters map the classes to HTTP statuses and exit
codes in one place each; nothing else catches and re-words them.
"""

from __future__ import annotations

from dataclasses import dataclass


class AnjuError(Exception):
    """Base of every expected error; ``message`` is zh-CN and shown to the user as is."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Problem:
    """One precise problem in an input: where (file and key path) and what was expected."""

    path: str
    message: str
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.file else self.path
        return f"{where}：{self.message}"


class InputError(AnjuError):
    """Input that cannot be used as given; nothing was changed."""

    code = "invalid_input"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        detail = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{message}\n{detail}" if detail else message)
        self.summary = message


class ScenarioError(InputError):
    """A scenario document that does not describe a depositor correctly."""

    code = "invalid_scenario"


class PolicyPackError(InputError):
    """A policy pack that is broken: every problem names the file, key path and expectation."""

    code = "invalid_policy_pack"


class CalendarDataMissing(AnjuError):
    """The holiday calendar has no data for a year; a working-day date cannot be computed."""

    code = "calendar_data_missing"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year}年的法定节假日安排尚未录入，无法按工作日计算日期；"
            f"请在政策包 calendar.yaml 中补充{year}年的节假日与调休安排。"
        )
        self.year = year


class NotFound(AnjuError):
    """A record or business that does not exist."""

    code = "not_found"


class Conflict(AnjuError):
    """A state change that is not allowed from the current state."""

    code = "conflict"


class AccessDenied(AnjuError):
    """The user is signed in but may not see or do this (e.g. another person's record)."""

    code = "forbidden"


class AuthenticationRequired(AccessDenied):
    """Nobody is signed in, or the session has expired."""

    code = "unauthenticated"


class RateLimited(AnjuError):
    """Too many attempts in a short time (sign-in); ``retry_after`` is in seconds."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
