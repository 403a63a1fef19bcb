"""FSRS scheduling: the answer-to-rating mapping, expected times, and deterministic reviews."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, State

from acttutor.progress.scheduler import (
    BASE_EXPECTED_MS,
    DEFAULT_EXPECTED_MS,
    READING_MS_PER_CHAR,
    end_of_local_day,
    expected_ms_for,
    make_scheduler,
    rating_for,
    review,
)

T0 = datetime(2025, 3, 10, 12, 7, tzinfo=timezone.utc)


@pytest.fixture
def local_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test in a fixed local time zone (KST, UTC+9), restoring the process's after."""
    monkeypatch.setenv("TZ", "KST-9")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("correct", "response_ms", "expected_ms", "rating"),
    [
        (False, 1_000, 10_000, Rating.Again),
        (False, 50_000, 10_000, Rating.Again),
        (False, 0, 10_000, Rating.Again),
        (True, 1_000, 10_000, Rating.Easy),
        (True, 4_999, 10_000, Rating.Easy),
        (True, 5_000, 10_000, Rating.Good),
        (True, 10_000, 10_000, Rating.Good),
        (True, 20_000, 10_000, Rating.Good),
        (True, 20_001, 10_000, Rating.Hard),
        (True, 600_000, 10_000, Rating.Hard),
        (True, 0, 10_000, Rating.Good),  # no timing known: plain Good, never Easy
        (True, 3_000, 0, Rating.Good),
    ],
)
def test_rating_comes_from_the_answer(
    correct: bool, response_ms: int, expected_ms: int, rating: Rating
) -> None:
    assert rating_for(correct, response_ms, expected_ms) is rating


def test_expected_time_grows_with_type_and_text() -> None:
    assert expected_ms_for("choice", 0) == BASE_EXPECTED_MS["choice"]
    assert expected_ms_for("choice", 100) == BASE_EXPECTED_MS["choice"] + 100 * READING_MS_PER_CHAR
    assert expected_ms_for("choice", 100, extra_text_length=50) == expected_ms_for("choice", 150)
    assert expected_ms_for("numeric", 40) > expected_ms_for("choice", 40)
    assert expected_ms_for("truefalse", 40) < expected_ms_for("choice", 40)
    assert expected_ms_for("no-such-type", 0) == DEFAULT_EXPECTED_MS
    assert expected_ms_for("choice", -5) == BASE_EXPECTED_MS["choice"]


def test_scheduler_is_deterministic_without_learning_steps() -> None:
    scheduler = make_scheduler()
    assert scheduler.enable_fuzzing is False
    assert scheduler.learning_steps == ()
    first = review(None, Rating.Good, T0)
    second = review(None, Rating.Good, T0)
    assert first == second
    assert first.state == int(State.Review)


@pytest.mark.parametrize(
    ("rating", "days"),
    [(Rating.Again, 1), (Rating.Hard, 1), (Rating.Good, 2), (Rating.Easy, 8)],
)
def test_new_card_intervals_are_whole_days(rating: Rating, days: int) -> None:
    update = review(None, rating, T0, response_ms=4000)
    assert update.due == T0 + timedelta(days=days)
    assert update.last_review == T0
    card = Card.from_json(update.card_json)
    assert card.due == update.due


def test_a_right_answer_later_pushes_the_card_further() -> None:
    first = review(None, Rating.Good, T0)
    second = review(first.card_json, Rating.Good, first.due)
    assert second.due - first.due > first.due - T0
    again = review(second.card_json, Rating.Again, second.due)
    assert again.due - second.due < second.due - first.due


def test_damaged_card_json_starts_a_new_card() -> None:
    fresh = review(None, Rating.Good, T0)
    assert review("{not json", Rating.Good, T0).due == fresh.due
    assert review(json.dumps({"card_id": 1}), Rating.Good, T0).due == fresh.due


def test_naive_and_other_zone_times_are_taken_as_utc_instants() -> None:
    naive = review(None, Rating.Good, T0.replace(tzinfo=None))
    seoul = review(None, Rating.Good, T0.astimezone(timezone(timedelta(hours=9))))
    assert naive.due == seoul.due == T0 + timedelta(days=2)


def test_end_of_local_day(local_tz: None) -> None:
    # 12:07 UTC is 21:07 in Seoul; the local day ends at 15:00 UTC.
    assert end_of_local_day(T0) == datetime(2025, 3, 10, 15, 0, tzinfo=timezone.utc)
    # 16:00 UTC is already 01:00 the next day in Seoul.
    late = datetime(2025, 3, 10, 16, 0, tzinfo=timezone.utc)
    assert end_of_local_day(late) == datetime(2025, 3, 11, 15, 0, tzinfo=timezone.utc)


def test_importing_the_progress_package_does_not_import_fsrs() -> None:
    code = (
        "import sys, acttutor.progress, acttutor.commands.stats; "
        "print('fsrs' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False"]


MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize("rating", [Rating.Easy, Rating.Good, Rating.Hard])
def test_right_answers_minutes_apart_do_not_stretch_the_interval(rating: Rating) -> None:
    first = review(None, rating, T0)
    second = review(first.card_json, rating, T0 + 3 * MINUTE)
    third = review(second.card_json, rating, T0 + 6 * MINUTE)
    assert second.due == third.due == first.due  # not 8, 13, 20 days
    assert not second.rescheduled and third.last_review == T0 + 6 * MINUTE


@pytest.mark.parametrize("rating", [Rating.Easy, Rating.Good])
def test_a_wrong_answer_after_quick_right_ones_comes_back_the_next_day(rating: Rating) -> None:
    card = None
    for minutes in (0, 2, 4):
        card = review(card, rating, T0 + minutes * MINUTE).card_json
    wrong = review(card, Rating.Again, T0 + 6 * MINUTE)
    assert wrong.due - (T0 + 6 * MINUTE) <= timedelta(days=1)  # not "in 6 days"
    assert wrong.state == int(State.Relearning)


def test_a_wrong_answer_to_a_long_interval_card_comes_back_the_next_day() -> None:
    card = review(None, Rating.Easy, T0)
    for _ in range(4):  # right answers on each due day: a long interval
        card = review(card.card_json, Rating.Easy, card.due)
    assert card.due - card.last_review > timedelta(days=60)
    wrong = review(card.card_json, Rating.Again, card.last_review + timedelta(days=3))
    assert wrong.due == card.last_review + timedelta(days=4)
    back = review(wrong.card_json, Rating.Good, wrong.due)  # right again the next day
    assert back.state == int(State.Review) and back.due - wrong.due >= timedelta(days=1)


def test_a_due_card_answered_on_its_due_day_is_rescheduled(local_tz: None) -> None:
    first = review(None, Rating.Good, T0)  # due T0 + 2 days, 21:07 in Seoul
    morning = first.due - timedelta(hours=12)  # 09:07 the same day in Seoul
    second = review(first.card_json, Rating.Good, morning)
    assert second.rescheduled and second.due > first.due
