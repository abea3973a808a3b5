"""The system clock: the only place case and audit timestamps come from in production."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """Now, timezone-aware, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)
