"""Settings, read from the environment (``ANJU_*``) only when :func:`load_settings` is called."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from ``ANJU_DATABASE_URL``, ``ANJU_POLICY_PACK`` and ``ANJU_DATA_DIR``."""
    env = dict(os.environ if env is None else env)
    pack = env.get("ANJU_POLICY_PACK")
    return Settings(
        database_url=env.get("ANJU_DATABASE_URL", DEFAULT_DATABASE_URL),
        policy_pack=Path(pack) if pack else None,
        data_dir=Path(env.get("ANJU_DATA_DIR", "var")),
    )
