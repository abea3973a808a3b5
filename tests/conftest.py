"""Fixtures shared by every tier."""

from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings

from anju import bootstrap
from anju.config import Settings

# Hypothesis checks properties, not speed: its default 200 ms deadline per example turns a slow,
# shared CI machine into failures (DeadlineExceeded) that say nothing about the code.
hypothesis_settings.register_profile("anju", deadline=None)
hypothesis_settings.load_profile("anju")


@pytest.fixture(scope="session")
def anju_app() -> bootstrap.Anju:
    """The application wired with the bundled pack and the real holiday calendar."""
    return bootstrap.build(Settings(database_url="sqlite://"))
