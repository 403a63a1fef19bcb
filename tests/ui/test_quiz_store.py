"""What the quiz says about saving: the feedback line states the saved review date and never one
that was not saved; a lasting marker shows while answers are not in the progress file."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from acttutor.course.models import Course
from acttutor.progress import ProgressStore
from acttutor.progress.paths import STORE_FILENAME
from acttutor.screens.quiz import QuizScreen
from tests.ui.test_quiz import SIZE, first_of, keys_for, only, plain, quiz_app, seed_asking


async def answer_two(app, store: ProgressStore) -> tuple[QuizScreen, list[str], list[str]]:
    """Answer the first question right and the second wrong; return the feedback and marker
    text after each."""
    feedback, marker = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for right in (True, False):
            await pilot.press(*keys_for(screen.item, right))
            await pilot.pause()
            feedback.append(" ".join(plain(screen.query_one("#q-feedback")).split()))
            shown = screen.query_one("#quiz-store-marker")
            marker.append(" ".join(plain(shown).split()) if shown.display else "")
            await pilot.press("enter")
            await pilot.pause()
    return screen, feedback, marker


def days_until(due: datetime) -> int:
    now = datetime.now(timezone.utc).astimezone()
    return (due.astimezone().date() - now.date()).days


async def test_feedback_states_the_saved_review_date(course: Course, store: ProgressStore) -> None:
    first, second = first_of(course, "choice"), first_of(course, "truefalse")
    app = quiz_app(only(course, first, second), store, seed=seed_asking(first, second))
    _, feedback, marker = await answer_two(app, store)
    cards = store.cards()
    right_days = days_until(cards[first.id].due)
    assert right_days >= 2 and f"back for review in {right_days} days" in feedback[0]
    assert days_until(cards[second.id].due) == 1 and "back for review tomorrow" in feedback[1]
    assert marker == ["", ""]


async def test_a_held_store_shows_a_lasting_marker_and_promises_no_date(
    course: Course, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    ProgressStore.open(data).close()
    holder = sqlite3.connect(data / STORE_FILENAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("COMMIT")
    store = ProgressStore.open(data, wait=0.1)
    assert store.pending
    first, second = first_of(course, "choice"), first_of(course, "truefalse")
    app = quiz_app(only(course, first, second), store, seed=seed_asking(first, second))
    _, feedback, marker = await answer_two(app, store)
    assert all("back for review" not in text for text in feedback)
    assert all("review date set once" in text for text in feedback)
    assert "1 answer not yet in your progress" in marker[0]
    assert "2 answers not yet in your progress" in marker[1]
    kinds = [json.loads(line)["kind"] for line in store.pending_path.read_text().splitlines()]
    assert kinds.count("answer") == 2
    store.close()
    holder.close()
    with ProgressStore.open(data) as reopened:
        assert {a.question_id for a in reopened.history()} == {first.id, second.id}


async def test_an_unsaved_store_shows_a_lasting_marker(course: Course, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = ProgressStore.open(blocker / "data")
    first, second = first_of(course, "choice"), first_of(course, "truefalse")
    app = quiz_app(only(course, first, second), store, seed=seed_asking(first, second))
    _, feedback, marker = await answer_two(app, store)
    assert all("not saved" in text and "back for review" not in text for text in feedback)
    assert all(text.startswith("⚠ Not saving") for text in marker)
