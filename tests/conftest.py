"""Shared pytest configuration for aibdsl's tests.

Hypothesis profiles: ``default`` (100 examples) runs unless the environment variable
``AIBDSL_HYPOTHESIS_PROFILE`` names another, e.g. ``AIBDSL_HYPOTHESIS_PROFILE=long``
(5000 examples) for an opt-in long property run. Neither has a deadline.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("default", deadline=None, max_examples=100)
settings.register_profile("long", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("AIBDSL_HYPOTHESIS_PROFILE", "default"))

SHARED_MISSING = "../shared (reference material) is not present beside the project root"


def shared_dir() -> Path:
    """The read-only reference material folder ``shared/`` beside the project root."""
    return Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """``shared_dir()``, or skip the test when that folder is not there."""
    path = shared_dir()
    if not path.is_dir():
        pytest.skip(SHARED_MISSING)
    return path
