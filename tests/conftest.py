"""Fixtures shared by every tier."""

from __future__ import annotations

import pytest

from anju import bootstrap
from anju.config import Settings


@pytest.fixture(scope="session")
def anju_app() -> bootstrap.Anju:
    """The application wired with the bundled pack and the real holiday calendar."""
    return bootstrap.build(Settings(database_url="sqlite://"))
