"""What the progress store returns: answers, cards, sessions and the stats summary.

Frozen records, kept apart from :mod:`acttutor.progress.store` so that opening the store on
the way to the first quiz question does not define the classes it only returns later (each
dataclass costs about a millisecond to create).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from acttutor.progress.scheduler import RATING_NAMES, STATE_NAMES, to_utc

__all__ = [
    "AnswerRecord",
    "CardInfo",
    "LessonReadInfo",
    "LessonStats",
    "ReviewResult",
    "SessionSummary",
    "Stats",
]


@dataclass(frozen=True)
class ReviewResult:
    """What `record_answer` did: the stored answer and the question's next due time."""

    answer_id: int
    question_id: str
    lesson_id: str
    correct: bool
    rating: int
    """FSRS rating value 1-4 (Again, Hard, Good, Easy)."""
    due: datetime
    """When the question is next due (UTC)."""
    saved: bool
    """True when committed to the file; False when kept in memory only (see `notices`)."""
    waiting: bool = False
    """True when kept in the pending file beside a store another program holds: safe on disk,
    added to the store (and its card rescheduled) the next time acttutor opens it."""

    @property
    def rating_name(self) -> str:
        """"Again", "Hard", "Good" or "Easy"."""
        return RATING_NAMES[self.rating]


@dataclass(frozen=True)
class LessonReadInfo:
    """When a lesson was opened."""

    lesson_id: str
    first_read_at: datetime
    last_read_at: datetime
    times: int


@dataclass(frozen=True)
class LessonStats:
    """Answers and right answers for one lesson."""

    answers: int
    correct: int

    @property
    def accuracy(self) -> float:
        """Share of right answers, 0.0-1.0 (0.0 with no answers)."""
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class AnswerRecord:
    """One stored answer."""

    id: int
    question_id: str
    lesson_id: str
    answer_text: str
    correct: bool
    response_ms: int
    rating: int
    answered_at: datetime
    session_id: int | None


@dataclass(frozen=True)
class SessionSummary:
    """A quiz session and how it went."""

    id: int
    kind: str
    lessons: tuple[str, ...]
    started_at: datetime
    finished_at: datetime | None
    answers: int
    correct: int
    per_lesson: dict[str, LessonStats] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        """Share of right answers in the session, 0.0-1.0."""
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class CardInfo:
    """A question's spaced-repetition card, as far as the UI needs it."""

    question_id: str
    lesson_id: str
    due: datetime
    last_review: datetime | None
    state: int
    reviews: int

    @property
    def state_name(self) -> str:
        """FSRS state name ("Review" for every card acttutor schedules)."""
        return STATE_NAMES.get(self.state, str(self.state))


@dataclass(frozen=True)
class Stats:
    """Everything `acttutor stats` shows."""

    answers: int
    correct: int
    per_lesson: dict[str, LessonStats]
    due: int
    """Cards due by the end of today (local time)."""
    streak_days: int
    """Consecutive UTC days with at least one answer, ending today or yesterday."""
    last_activity: datetime | None
    """Latest answer or lesson opening (UTC)."""
    lessons_read: dict[str, LessonReadInfo]
    best_scores: dict[str, float]

    @property
    def accuracy(self) -> float:
        """Share of right answers overall, 0.0-1.0."""
        return self.correct / self.answers if self.answers else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (times as ISO 8601 UTC strings)."""
        return {
            "answers": self.answers,
            "correct": self.correct,
            "accuracy": self.accuracy if self.answers else None,
            "per_lesson": {
                lesson: {"answers": s.answers, "correct": s.correct, "accuracy": s.accuracy}
                for lesson, s in self.per_lesson.items()
            },
            "due": self.due,
            "streak_days": self.streak_days,
            "last_activity": _iso(self.last_activity) if self.last_activity else None,
            "lessons_read": {
                lesson: {
                    "times": info.times,
                    "first_read_at": _iso(info.first_read_at),
                    "last_read_at": _iso(info.last_read_at),
                }
                for lesson, info in self.lessons_read.items()
            },
            "best_scores": dict(self.best_scores),
        }


def _iso(moment: datetime) -> str:
    """Fixed-width UTC ISO 8601 (the store's time format)."""
    return to_utc(moment).isoformat(timespec="microseconds")
