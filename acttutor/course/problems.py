"""Content problems: one ``path:line: message`` each, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from acttutor.core.i18n import _, ngettext
from acttutor.core.text import neutralise

__all__ = ["Problem", "ContentError", "summarize", "sort_problems"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, at a file (as shown to the author) and 1-based line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # Paths and messages quote content; a control character must not reach the terminal.
        return neutralise(f"{self.path}:{self.line}: {self.message}")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems grouped by file and ordered by line (duplicates removed)."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def summarize(problems: Sequence[Problem], lessons: int, questions: int, banks: int) -> str:
    """``3 problems in 2 files`` or ``ok: 15 lessons, 190 questions in 15 banks``."""
    if problems:
        files = len({p.path for p in problems})
        # TRANSLATORS: the whole line is "{problems} in {files}", e.g. "3 problems in 2 files".
        return _("{problems} in {files}").format(
            problems=ngettext("{count} problem", "{count} problems", len(problems)).format(
                count=len(problems)),
            files=ngettext("{count} file", "{count} files", files).format(count=files),
        )
    return _("ok: {lessons}, {questions} in {banks}").format(
        lessons=ngettext("{count} lesson", "{count} lessons", lessons).format(count=lessons),
        questions=ngettext("{count} question", "{count} questions", questions).format(
            count=questions),
        banks=ngettext("{count} bank", "{count} banks", banks).format(count=banks),
    )


class ContentError(Exception):
    """The content has problems; ``problems`` lists them all, ``report()`` formats them."""

    def __init__(self, problems: Sequence[Problem], summary: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary or summarize(self.problems, 0, 0, 0)
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on its own line, then the summary line."""
        return "\n".join([*(str(p) for p in self.problems), self.summary])
