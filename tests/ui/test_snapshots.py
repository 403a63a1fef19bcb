"""SVG snapshots of the key screens at a fixed size (pytest-textual-snapshot).

After an intended change of a screen, update them with
``uv run pytest tests/ui/test_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from acttutor.app import StartLesson, make_app

SIZE = (100, 32)


def test_home_snapshot(snap_compare, course, store) -> None:
    assert snap_compare(make_app(course=course, store=store), terminal_size=SIZE)


def test_lesson_snapshot(snap_compare, course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("leaky-relu-family"))
    assert snap_compare(app, press=["right", "right", "plus", "plus"], terminal_size=SIZE)


def test_explorer_snapshot(snap_compare, course, store) -> None:
    app = make_app(course=course, store=store)
    assert snap_compare(app, press=["e", "left", "left", "left"], terminal_size=(120, 36))


def test_lesson_snapshot_80x24(snap_compare, course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    assert snap_compare(app, press=["right", "right"], terminal_size=(80, 24))


def test_explorer_snapshot_80x24(snap_compare, course, store) -> None:
    app = make_app(course=course, store=store)
    assert snap_compare(app, press=["e", "2", "plus"], terminal_size=(80, 24))
