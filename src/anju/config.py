"""Settings, read from the environment (``ANJU_*``) only when :func:`load_settings` is called."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from anju.domain.errors import InputError, Problem

DEFAULT_DATABASE_URL = "sqlite:///anju.db"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that differs between a laptop, CI and the centre's servers."""

    database_url: str = DEFAULT_DATABASE_URL
    """SQLAlchemy URL; SQLite file by default, PostgreSQL in production."""
    policy_pack: Path | None = None
    """A policy pack folder; None means the bundled default pack ``jiaozuo``."""
    data_dir: Path = field(default_factory=lambda: Path("var"))
    """Where exports, screenshots and Parquet extracts are written."""
    web_threads: int = 1
    """Threads per web worker process that run request handlers (synchronous code).

    Handlers are CPU-bound Python and SQLite runs inside the process, so more threads in one
    process only fight over the GIL (each SQLite step releases and re-takes it): measured, four
    threads cost up to twice the CPU per record read. Scale with ``anju serve --workers`` instead;
    raise this for PostgreSQL, where a handler waits on the network.
    """


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from ``ANJU_DATABASE_URL``, ``ANJU_POLICY_PACK``, ``ANJU_DATA_DIR`` and ``ANJU_WEB_THREADS``."""
    env = dict(os.environ if env is None else env)
    pack = env.get("ANJU_POLICY_PACK")
    return Settings(
        database_url=env.get("ANJU_DATABASE_URL", DEFAULT_DATABASE_URL),
        policy_pack=Path(pack) if pack else None,
        data_dir=Path(env.get("ANJU_DATA_DIR", "var")),
        web_threads=_positive(env, "ANJU_WEB_THREADS", 1),
    )


def _positive(env: dict[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise InputError("配置有误", [Problem(name, f"应为正整数，实际为“{text}”")])
    return int(text)
