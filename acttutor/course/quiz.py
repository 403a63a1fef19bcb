"""A quiz session without a UI: which questions to ask and in what order, grading, the tally.

Pure logic over the course models (stdlib only; the activation engine is imported only to name
the choices of a plot question or to draw a generated exercise). It lives beside the models it
works on, so ``acttutor.core`` stays free of the course. The quiz screen builds a
:class:`QuizPlan` with :func:`plan_quiz`, grades each response with :func:`grade_item` and sums
the outcomes per lesson with :func:`tally`.

Reproducibility: one ``random.Random(seed)`` decides, in this order, the tie-breaks of the pick,
the order of the questions and the values of generated exercises, so the same seed over the same
course and history gives the same quiz.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from acttutor.core.numfmt import format_decimals, format_number
from acttutor.core.rounding import asked_decimals, round_half_away
from acttutor.course.models import (
    ChoiceQuestion,
    GeneratedQuestion,
    LocalText,
    MultiQuestion,
    NumericInstance,
    NumericQuestion,
    PlotQuestion,
    Question,
    TrueFalseQuestion,
    grade,
)

__all__ = [
    "QuizItem",
    "QuizPlan",
    "Verdict",
    "Outcome",
    "QuizResult",
    "LessonTally",
    "Response",
    "plan_quiz",
    "retry_plan",
    "choice_texts",
    "correct_answer",
    "grade_item",
    "tally",
    "answer_decimals",
]

Response: TypeAlias = "int | frozenset[int] | bool | str"
"""What the learner gave: a 0-based index (choice, plot), a set of 0-based indexes (multi),
a bool (truefalse) or the typed text (numeric, generated)."""


@dataclass(frozen=True)
class QuizItem:
    """One question as asked in this quiz; a generated question carries its drawn exercise."""

    question: Question
    instance: NumericInstance | None = None
    due: bool = False
    """Asked because spaced repetition says it is due."""

    @property
    def id(self) -> str:
        """The question id (the progress store's card id)."""
        return self.question.id

    @property
    def type(self) -> str:
        """The question type: choice, multi, truefalse, numeric, plot or generated."""
        return self.question.type

    @property
    def lesson(self) -> str:
        """The lesson the question belongs to."""
        return self.question.lesson

    @property
    def section(self) -> str:
        """The lesson section to reread."""
        return self.question.section

    @property
    def prompt(self) -> LocalText:
        """The prompt as shown (a generated exercise's filled-in prompt)."""
        return self.instance.prompt if self.instance is not None else self.question.prompt

    @property
    def explanation(self) -> LocalText:
        """The explanation as shown after answering."""
        if self.instance is not None:
            return self.instance.explanation
        return self.question.explanation


@dataclass(frozen=True)
class QuizPlan:
    """The questions of one quiz session, in the order they are asked."""

    items: tuple[QuizItem, ...]
    kind: str = "quiz"
    """Session kind for the progress store: "quiz", "review" or "mistakes"."""
    seed: int | None = None

    @property
    def due(self) -> int:
        """How many of the items are due for review."""
        return sum(item.due for item in self.items)

    @property
    def lessons(self) -> tuple[str, ...]:
        """The lessons the items come from, in order of first appearance."""
        return tuple(dict.fromkeys(item.lesson for item in self.items))

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Verdict:
    """The result of grading one response."""

    correct: bool
    answer_text: str
    """The response as stored in the progress store ("2", "1,3", "true", "1/4")."""
    correct_answer: LocalText
    """How the right answer reads ("1. (0, 1)", "0.881")."""
    feedback: tuple[LocalText, ...] = ()
    """Notes on the wrong picks (the misconception each one shows); empty when right."""
    value: float | None = None
    """The typed number's value (numeric and generated questions)."""


@dataclass(frozen=True)
class Outcome:
    """One answered item."""

    item: QuizItem
    verdict: Verdict
    response_ms: int


@dataclass(frozen=True)
class QuizResult:
    """A finished quiz: what was asked, how it went, how long it took."""

    plan: QuizPlan
    outcomes: tuple[Outcome, ...]
    seconds: float
    session_id: int | None

    @property
    def correct(self) -> int:
        """Right answers."""
        return sum(o.verdict.correct for o in self.outcomes)

    @property
    def mistakes(self) -> tuple[QuizItem, ...]:
        """The items answered wrongly, in the order asked."""
        return tuple(o.item for o in self.outcomes if not o.verdict.correct)


@dataclass(frozen=True)
class LessonTally:
    """Right answers out of those given, for one lesson."""

    lesson: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        """Share of right answers, 0.0-1.0 (0.0 when nothing was answered)."""
        return self.correct / self.answered if self.answered else 0.0


# --------------------------------------------------------------------------- planning


def plan_quiz(
    questions: Sequence[Question],
    *,
    count: int,
    seed: int | None = None,
    lessons: Iterable[str] = (),
    due_ids: Sequence[str] = (),
    last_seen: Mapping[str, datetime | None] | None = None,
    review: bool = False,
) -> QuizPlan:
    """Pick up to ``count`` questions and put them in order.

    ``questions`` is the course's questions (course order), narrowed to ``lessons`` when any are
    given. With ``review``, the due questions (``due_ids``, most overdue first, as the store
    gives them) come first in that order. The rest of the quiz prefers questions never answered,
    then those answered longest ago (``last_seen``: question id -> last answer time; ids absent
    or None count as never answered); ties are broken at random. A normal quiz is shuffled;
    in review mode only the filler after the due questions is. Generated questions are drawn
    last, in the final order, from the same seeded generator.
    """
    rng = random.Random(seed)
    wanted = set(lessons)
    pool = [q for q in questions if not wanted or q.lesson in wanted]
    count = max(0, count)
    seen = last_seen or {}

    due: list[Question] = []
    if review:
        by_id = {q.id: q for q in pool}
        due = [by_id[qid] for qid in dict.fromkeys(due_ids) if qid in by_id][:count]
    due_set = {q.id for q in due}

    tie = {q.id: rng.random() for q in pool}
    rest = [q for q in pool if q.id not in due_set]
    rest.sort(key=lambda q: _freshness(seen.get(q.id), tie[q.id]))
    filler = rest[: count - len(due)]
    rng.shuffle(filler)

    items = [QuizItem(q, due=True) for q in due] + [QuizItem(q) for q in filler]
    items = [_draw(item, rng) for item in items]
    return QuizPlan(tuple(items), "review" if review else "quiz", seed)


def retry_plan(items: Iterable[QuizItem], seed: int | None = None) -> QuizPlan:
    """A "mistakes" session asking ``items`` again, as they were (same generated values)."""
    return QuizPlan(tuple(QuizItem(item.question, item.instance) for item in items),
                    "mistakes", seed)


def _freshness(last: datetime | None, tie: float) -> tuple[int, float, float]:
    """Sort key: never answered first, then the longest ago, random among equals."""
    if last is None:
        return (0, 0.0, tie)
    return (1, last.timestamp(), tie)


def _draw(item: QuizItem, rng: random.Random) -> QuizItem:
    question = item.question
    if isinstance(question, GeneratedQuestion):
        return QuizItem(question, question.instantiate(rng), item.due)
    return item


# --------------------------------------------------------------------------- reading


def choice_texts(item: QuizItem) -> tuple[LocalText, ...]:
    """The texts of the options to pick from (empty for numeric and generated questions).

    A plot question's options are the activations' display names; true/false reads
    "True", "False".
    """
    question = item.question
    if isinstance(question, (ChoiceQuestion, MultiQuestion)):
        return tuple(choice.text for choice in question.choices)
    if isinstance(question, PlotQuestion):
        return tuple(LocalText.of(_display_name(name)) for name in question.choices)
    if isinstance(question, TrueFalseQuestion):
        return (LocalText.of("True"), LocalText.of("False"))
    return ()


def answer_decimals(item: QuizItem) -> int:
    """Decimals that show a numeric answer to its tolerance (a generated one's ``decimals``)."""
    question = item.question
    if isinstance(question, GeneratedQuestion):
        return question.template.decimals
    if isinstance(question, NumericQuestion):
        return _decimals_for(question.tolerance)
    return 0


def correct_answer(item: QuizItem) -> LocalText:
    """How the right answer reads: ``1. (0, 1)``, ``1. ReLU; 3. ELU``, ``True``, ``0.881``."""
    question = item.question
    texts = choice_texts(item)
    if isinstance(question, (ChoiceQuestion, PlotQuestion)):
        return _numbered(texts, (question.answer,))
    if isinstance(question, MultiQuestion):
        return _numbered(texts, sorted(question.answers))
    if isinstance(question, TrueFalseQuestion):
        return LocalText.of("True" if question.answer else "False")
    if isinstance(question, GeneratedQuestion):
        if item.instance is None:
            raise ValueError(f"question {question.id}: a generated question must be drawn first")
        return LocalText.of(format_decimals(item.instance.answer, question.template.decimals))
    if isinstance(question, NumericQuestion):
        decimals = _decimals_for(question.tolerance)
        rounded = round_half_away(question.answer, decimals)
        # "Give 6 decimals" reads 0.000977, as asked, not 9.77 × 10⁻⁴.
        asked = asked_decimals(question.tolerance) is not None
        shown = format_decimals(rounded, decimals) if asked else format_number(rounded, 15)
        if question.unit is not None:
            return question.unit.map(lambda unit, _lang: f"{shown} {unit}")
        return LocalText.of(shown)
    raise TypeError(f"cannot show the answer of {type(question).__name__}")


def _numbered(texts: Sequence[LocalText], indexes: Iterable[int]) -> LocalText:
    picked = [(i, texts[i]) for i in indexes]
    langs = dict.fromkeys(lang for _, text in picked for lang in text.languages)
    return LocalText(
        {lang: "; ".join(f"{i + 1}. {text.get(lang)}" for i, text in picked) for lang in langs}
    )


def _decimals_for(tolerance: float) -> int:
    asked = asked_decimals(tolerance)
    if asked is not None:  # "give d decimals": show exactly d
        return asked
    if not math.isfinite(tolerance) or tolerance <= 0:
        return 6
    return min(8, max(0, math.ceil(-math.log10(tolerance) - 1e-9)))


def _display_name(name: str) -> str:
    from acttutor.core.activations import ActivationError, get_activation

    try:
        return get_activation(name).display
    except ActivationError:
        return name


# --------------------------------------------------------------------------- grading


def grade_item(item: QuizItem, response: Response) -> Verdict:
    """Grade ``response`` (see :data:`Response`) for ``item``.

    Unparsable numeric text raises :class:`acttutor.core.numparse.NumberParseError` (its message
    is the hint to show), and the attempt does not count. An index out of range is a ValueError.
    """
    question = item.question
    right = correct_answer(item)
    if isinstance(question, (ChoiceQuestion, PlotQuestion)):
        index = _index(response, len(question.choices))
        correct = grade(question, index)
        feedback: tuple[LocalText, ...] = ()
        if not correct and isinstance(question, ChoiceQuestion):
            note = question.choices[index].feedback
            feedback = (note,) if note is not None else ()
        return Verdict(correct, str(index + 1), right, feedback)
    if isinstance(question, MultiQuestion):
        if not isinstance(response, (set, frozenset)):
            raise ValueError("a multi question's response is a set of 0-based indexes")
        picked = sorted(_index(i, len(question.choices)) for i in response)
        correct = grade(question, picked)
        notes = tuple(
            note
            for i in picked
            if i not in question.answers and (note := question.choices[i].feedback) is not None
        )
        return Verdict(correct, ",".join(str(i + 1) for i in picked), right,
                       () if correct else notes)
    if isinstance(question, TrueFalseQuestion):
        if not isinstance(response, bool):
            raise ValueError("a true/false question's response is a bool")
        correct = grade(question, response)
        note = None if correct else question.feedback.get(response)
        return Verdict(correct, "true" if response else "false", right,
                       (note,) if note is not None else ())
    if isinstance(question, (NumericQuestion, GeneratedQuestion)):
        if not isinstance(response, str):
            raise ValueError("a numeric question's response is the typed text")
        from acttutor.core.numparse import parse_number

        value = parse_number(response)
        target = item.instance if isinstance(question, GeneratedQuestion) else question
        if target is None:
            raise ValueError(f"question {question.id}: a generated question must be drawn first")
        correct = grade(target, value)
        return Verdict(correct, response.strip(), right, (), value)
    raise TypeError(f"cannot grade {type(question).__name__}")


def _index(value: object, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise ValueError(f"choice index must be 0..{size - 1}, not {value!r}")
    return value


# --------------------------------------------------------------------------- tally


def tally(outcomes: Iterable[Outcome], lesson_order: Sequence[str] = ()) -> tuple[LessonTally, ...]:
    """Right answers per lesson, in ``lesson_order`` (lessons not in it follow, as met)."""
    counts: dict[str, list[int]] = {}
    for outcome in outcomes:
        row = counts.setdefault(outcome.item.lesson, [0, 0])
        row[0] += 1
        row[1] += int(outcome.verdict.correct)
    rank = {lesson: i for i, lesson in enumerate(lesson_order)}
    ordered = sorted(counts, key=lambda lesson: rank.get(lesson, len(rank)))
    return tuple(LessonTally(lesson, *counts[lesson]) for lesson in ordered)
