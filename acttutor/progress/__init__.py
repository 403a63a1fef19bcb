"""The learner's progress: the SQLite store and FSRS scheduling (`fsrs` is imported on the
first answer)."""

from __future__ import annotations

from acttutor.progress.paths import ENV_VAR, STORE_FILENAME, data_dir, store_path
from acttutor.progress.records import (
    AnswerRecord,
    CardInfo,
    LessonReadInfo,
    LessonStats,
    ReviewResult,
    SessionSummary,
    Stats,
)
from acttutor.progress.scheduler import expected_ms_for, rating_for
from acttutor.progress.store import ProgressStore

__all__ = [
    "ENV_VAR",
    "STORE_FILENAME",
    "AnswerRecord",
    "CardInfo",
    "LessonReadInfo",
    "LessonStats",
    "ProgressStore",
    "ReviewResult",
    "SessionSummary",
    "Stats",
    "data_dir",
    "expected_ms_for",
    "rating_for",
    "store_path",
]
