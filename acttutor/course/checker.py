"""``check_roots``: validate content roots and report every problem at once.

The checking itself happens while loading (:mod:`acttutor.course.loader`); this module turns the
result into a :class:`CheckReport` for the ``acttutor check`` command and for tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from acttutor.course.problems import ContentError, Problem, summarize

__all__ = ["CheckReport", "Problem", "ContentError", "check_roots"]


@dataclass(frozen=True)
class CheckReport:
    """Every problem found (sorted by file and line) and what was read."""

    problems: list[Problem]
    lessons: int
    questions: int
    banks: int
    files: int

    @property
    def ok(self) -> bool:
        """True when the content has no problems."""
        return not self.problems

    @property
    def summary(self) -> str:
        """``N problems in M files`` or ``ok: L lessons, Q questions in B banks``."""
        return summarize(self.problems, self.lessons, self.questions, self.banks)

    def lines(self) -> list[str]:
        """One ``path:line: message`` per problem, then the summary."""
        return [*(str(p) for p in self.problems), self.summary]


def check_roots(roots: Sequence[Path | str], require_lang: str | None = None) -> CheckReport:
    """Load ``roots`` (the first is the main course; the rest add lessons and banks to it) and
    report every problem. Never raises for anything a content file holds. With
    ``require_lang``, each lesson and text not translated into it is a problem too."""
    from acttutor.course.loader import load_roots

    result = load_roots(roots, require_lang=require_lang)
    return CheckReport(
        problems=list(result.problems),
        lessons=result.lessons,
        questions=result.questions,
        banks=result.banks,
        files=result.files,
    )
