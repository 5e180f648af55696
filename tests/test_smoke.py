"""Smoke tests for the public surface of the ``aibdsl`` package."""

from __future__ import annotations

import pytest

import aibdsl


def test_all_is_sorted() -> None:
    assert aibdsl.__all__, "aibdsl.__all__ is empty"
    assert list(aibdsl.__all__) == sorted(aibdsl.__all__)


def test_all_has_no_duplicates() -> None:
    assert len(set(aibdsl.__all__)) == len(aibdsl.__all__)


@pytest.mark.parametrize("name", aibdsl.__all__)
def test_public_name_exists_and_has_docstring(name: str) -> None:
    assert hasattr(aibdsl, name), f"aibdsl.__all__ names {name!r}, which aibdsl lacks"
    doc = getattr(getattr(aibdsl, name), "__doc__", None)
    assert isinstance(doc, str), f"aibdsl.{name} has no docstring"
    assert doc.strip(), f"aibdsl.{name} has an empty docstring"


def test_lint_stays_a_function_once_the_linter_package_is_imported() -> None:
    """``aibdsl.lint`` is the function; the rules live in ``aibdsl.linter``, so importing
    that package cannot replace the function on the ``aibdsl`` module."""
    import importlib

    importlib.import_module("aibdsl.linter._command")
    assert callable(aibdsl.lint)
    assert aibdsl.lint.__module__.startswith("aibdsl.linter")
