"""Settings from the environment: defaults, values, and a clear error for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.config import DEFAULT_DATABASE_URL, load_settings
from anju.domain.errors import InputError


def test_defaults_are_the_embedded_sqlite_and_one_handler_thread() -> None:
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.policy_pack is None
    assert settings.data_dir == Path("var")
    assert settings.web_threads == 1


def test_values_come_from_anju_variables() -> None:
    settings = load_settings({"ANJU_DATABASE_URL": "postgresql://x/y", "ANJU_POLICY_PACK": "packs/p",
                              "ANJU_DATA_DIR": "/data", "ANJU_WEB_THREADS": " 8 "})
    assert (settings.database_url, settings.policy_pack, settings.data_dir, settings.web_threads) == (
        "postgresql://x/y", Path("packs/p"), Path("/data"), 8)


@pytest.mark.parametrize("text", ["0", "-2", "两个", "1.5"])
def test_a_thread_count_that_is_not_a_positive_integer_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(InputError) as error:
        load_settings({"ANJU_WEB_THREADS": text})
    assert error.value.problems[0].path == "ANJU_WEB_THREADS"
    assert "正整数" in error.value.problems[0].message
