"""Fixtures for the headless UI tests: the built-in course (loaded once) and a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

from acttutor.course.loader import load_course
from acttutor.course.models import Course
from acttutor.progress import ProgressStore


@pytest.fixture(scope="session")
def course() -> Course:
    """The built-in course, loaded once for the whole session."""
    return load_course()


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    """An empty progress store in a temporary folder."""
    opened = ProgressStore.open(tmp_path / "data")
    yield opened
    opened.close()
