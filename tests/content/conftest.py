"""Fixtures for the content tests (helpers live in content_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_helpers import build_course


@pytest.fixture
def valid_course(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture course, safe to modify."""
    return build_course(tmp_path)
