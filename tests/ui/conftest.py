"""Fixtures for the headless UI tests: the built-in course (loaded once) and a fresh store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Footer

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


@dataclass(frozen=True)
class ShownKey:
    """One key in a screen's Footer: what it shows and whether all of it is on screen."""

    key: str
    shown: str
    label: str
    enabled: bool
    visible: bool


def shown_keys(screen: Screen[object]) -> list[ShownKey]:
    """The keys the screen's Footer shows, left to right (a group's keys share its label)."""
    footer = screen.query_one(Footer)
    right = footer.region.right
    keys = []
    for item in footer.query("FooterKey"):
        region = item.region
        group = item.parent if item.has_class("-grouped") else None
        label = item.description
        if group is not None and not label:
            following = group.parent.children[group.parent.children.index(group) + 1]
            label = str(following.render())
            region = region.union(following.region)
        keys.append(ShownKey(
            key=item.key, shown=item.key_display, label=label,
            enabled=not item.has_class("-disabled"),
            visible=region.width > 0 and region.x >= footer.region.x and region.right <= right,
        ))
    return keys


@pytest.fixture
def footer_keys() -> Callable[[Screen[object]], list[ShownKey]]:
    """``footer_keys(screen)``: the keys the screen's Footer shows (see :func:`shown_keys`)."""
    return shown_keys
