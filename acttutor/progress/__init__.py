"""The learner's progress: the SQLite store and FSRS scheduling.

Importing this package is cheap: the store (stdlib sqlite3) and the records it returns are
imported when first named, and `fsrs` on the first answer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from acttutor.progress.paths import ENV_VAR, STORE_FILENAME, data_dir, store_path

if TYPE_CHECKING:
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

_LAZY = {
    "ProgressStore": "store",
    "expected_ms_for": "scheduler",
    "rating_for": "scheduler",
    **dict.fromkeys(
        ("AnswerRecord", "CardInfo", "LessonReadInfo", "LessonStats", "ReviewResult",
         "SessionSummary", "Stats"),
        "records",
    ),
}


def __getattr__(name: str) -> Any:
    """Import the store, scheduler or records module when one of its names is first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
