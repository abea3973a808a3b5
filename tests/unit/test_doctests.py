"""The examples in the docstrings of the pure core run as tests (one test per module)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import anju.domain

MODULES = sorted(info.name for info in pkgutil.walk_packages(anju.domain.__path__, "anju.domain."))


def test_the_domain_has_doctests() -> None:
    found = sum(doctest.testmod(importlib.import_module(name), report=False).attempted
                for name in MODULES)
    assert found >= 40


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
