"""Spaced repetition with FSRS: every question is a card, rated from the answer itself.

The learner never rates themselves: `rating_for` turns "right or wrong, and how fast" into an FSRS
rating, with the time judged against `expected_ms_for` the question.

| answer                                  | rating |
|-----------------------------------------|--------|
| wrong                                   | Again  |
| right, slower than 2 x expected         | Hard   |
| right                                   | Good   |
| right, faster than 0.5 x expected       | Easy   |

A right answer with no usable time (response or expected time <= 0) is Good.

A wrong answer brings the question back the next day, never days later, and answers given minutes
apart do not stretch the interval again and again. This follows Anki with FSRS:

- no learning steps: acttutor is used in sessions days apart and a quiz re-asks its own mistakes
  ("review mistakes"), so a new card goes straight to FSRS's Review state (Again or Hard: 1 day,
  Good: ~2, Easy: ~8);
- one relearning step of a day (`RELEARNING_STEP`): a wrong answer to a card already in review
  ("Again") puts it in Relearning, due the next day, whatever its stability was; the next right
  answer graduates it back to Review;
- a card is only reviewed when it is due: Anki never shows a card before its due day, and FSRS's
  same-day ("short-term") stability update would otherwise grow the interval with every right answer
  a learner gives minutes apart (8, 13, 20 days). So a right answer to a card that is not due yet
  (due after the end of today, local time) is stored but leaves the card and its due date as they
  were; a wrong answer always counts.

Fuzzing is off, so scheduling is deterministic. `fsrs` is imported inside the functions: it is not
needed to paint the app.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

HARD_FACTOR = 2.0
"""A right answer slower than HARD_FACTOR x the expected time is rated Hard."""

EASY_FACTOR = 0.5
"""A right answer faster than EASY_FACTOR x the expected time is rated Easy."""

RELEARNING_STEP = timedelta(days=1)
"""How long after a wrong answer a card that was in review comes back (FSRS relearning step)."""

DEFAULT_EXPECTED_MS = 15_000
"""Expected answer time when nothing is known about the question."""

READING_MS_PER_CHAR = 60
"""Reading time per character of prompt and choices (about 200 words a minute)."""

BASE_EXPECTED_MS: dict[str, int] = {
    "truefalse": 6_000,
    "choice": 8_000,
    "multi": 12_000,
    "plot": 12_000,
    "numeric": 20_000,
    "generated": 20_000,
}
"""Thinking time per question type, before reading time is added."""

RATING_NAMES: dict[int, str] = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
"""FSRS rating values and their names, usable without importing fsrs."""

STATE_NAMES: dict[int, str] = {1: "Learning", 2: "Review", 3: "Relearning"}
"""FSRS card state values and their names."""


def rating_for(correct: bool, response_ms: int, expected_ms: int) -> Rating:
    """Return the FSRS rating for an answer (see the module docstring for the table)."""
    from fsrs import Rating

    if not correct:
        return Rating.Again
    if response_ms <= 0 or expected_ms <= 0:
        return Rating.Good
    if response_ms > HARD_FACTOR * expected_ms:
        return Rating.Hard
    if response_ms < EASY_FACTOR * expected_ms:
        return Rating.Easy
    return Rating.Good


def expected_ms_for(question_type: str, prompt_length: int, *, extra_text_length: int = 0) -> int:
    """Return how long a learner who knows the answer needs, in milliseconds.

    A base thinking time per question type (`BASE_EXPECTED_MS`; unknown types get 15 s) plus
    reading time for the prompt and any other text shown (choices: pass their total length as
    `extra_text_length`).
    """
    base = BASE_EXPECTED_MS.get(question_type, DEFAULT_EXPECTED_MS)
    chars = max(0, prompt_length) + max(0, extra_text_length)
    return base + READING_MS_PER_CHAR * chars


@functools.cache
def make_scheduler() -> Scheduler:
    """Return acttutor's FSRS scheduler: default weights, no learning steps, a one-day relearning
    step, no fuzzing."""
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(RELEARNING_STEP,), enable_fuzzing=False)


@dataclass(frozen=True)
class CardUpdate:
    """A card after one review, ready to be stored."""

    card_json: str
    """The FSRS card, serialised with `Card.to_json()`."""
    due: datetime
    """When the card is next due (UTC)."""
    last_review: datetime
    """When it was reviewed (UTC)."""
    state: int
    """FSRS `State` value (see `STATE_NAMES`)."""
    stability: float
    """FSRS stability in days after this review."""
    rescheduled: bool = True
    """False when a right answer came before the card was due, leaving card and due date alone."""


def to_utc(moment: datetime) -> datetime:
    """Return `moment` in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def review(
    card_json: str | None,
    rating: int,
    now: datetime,
    *,
    response_ms: int | None = None,
) -> CardUpdate:
    """Review a card (None or unreadable JSON: a new card) with `rating` at `now`.

    A right answer (Hard, Good, Easy) to a card not due by the end of `now`'s local day leaves the
    card as it was (see the module docstring); `last_review` is still `now`.
    """
    from fsrs import Rating

    now = to_utc(now)
    card = _card_from_json(card_json, now)
    if card.last_review is not None and rating != int(Rating.Again) and not is_due(card.due, now):
        return CardUpdate(
            card_json=card.to_json(),
            due=to_utc(card.due),
            last_review=now,
            state=int(card.state),
            stability=float(card.stability or 0.0),
            rescheduled=False,
        )
    duration = response_ms if response_ms is not None and response_ms >= 0 else None
    card, _log = make_scheduler().review_card(
        card, Rating(int(rating)), review_datetime=now, review_duration=duration
    )
    return CardUpdate(
        card_json=card.to_json(),
        due=to_utc(card.due),
        last_review=to_utc(card.last_review or now),
        state=int(card.state),
        stability=float(card.stability or 0.0),
    )


def _card_from_json(card_json: str | None, now: datetime) -> Card:
    """Parse a stored card; a missing or damaged one becomes a new card (no crash, no data)."""
    from fsrs import Card

    if card_json:
        try:
            card = Card.from_json(card_json)
            card.due = to_utc(card.due)
            if card.last_review is not None:
                card.last_review = to_utc(card.last_review)
            return card
        except (ValueError, KeyError, TypeError):  # JSONDecodeError is a ValueError
            pass
    # An explicit id avoids Card()'s 1 ms sleep that keeps its clock-based ids unique.
    return Card(card_id=int(now.timestamp() * 1000), due=now)


def is_due(due: datetime, now: datetime) -> bool:
    """True when a card due at `due` is due at `now`: any time on or before its due day (local)."""
    return to_utc(due) < end_of_local_day(now)


def end_of_local_day(now: datetime) -> datetime:
    """Return the next local midnight after `now`, in UTC.

    Intervals are whole days, so a card is treated as due from the start of its due day: a card
    answered at 18:00 and due "in 1 day" is offered the next morning too.
    """
    local = to_utc(now).astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    # Re-attach the zone of that instant (it may differ across a DST change).
    midnight = midnight.replace(tzinfo=None).astimezone()
    return midnight.astimezone(timezone.utc)
