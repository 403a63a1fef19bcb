"""The course as frozen, typed models: lessons, sections, question banks and questions.

Built by :mod:`acttutor.course.loader` from the content files; read by the screens. Nothing here
parses files, and importing this module pulls in neither yaml nor numpy (the app imports it on its
start path). :meth:`GeneratedQuestion.instantiate` imports the activation engine when first used.

Answer indexes are stored **0-based** (``ChoiceQuestion.answer == 0`` is the first choice), while
the files and the learner use 1-based numbers; the loader converts.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Literal, TypeAlias

if TYPE_CHECKING:
    from acttutor.core.activations import Activation

__all__ = [
    "LocalText",
    "Section",
    "LessonTranslation",
    "Lesson",
    "Choice",
    "CheckSpec",
    "Question",
    "ChoiceQuestion",
    "MultiQuestion",
    "TrueFalseQuestion",
    "NumericQuestion",
    "PlotSpec",
    "PlotQuestion",
    "GeneratedTemplate",
    "GeneratedQuestion",
    "NumericInstance",
    "AnyQuestion",
    "Bank",
    "Course",
    "QUESTION_TYPES",
    "grade",
    "format_number",
]

Of = Literal["value", "derivative"]
ParamValue: TypeAlias = "float | str"

@dataclass(frozen=True)
class LocalText:
    """A human-readable text in one or more languages; English (``en``) is always present."""

    translations: Mapping[str, str]

    @classmethod
    def of(cls, text: str) -> LocalText:
        """English-only text."""
        return cls({"en": text})

    @property
    def en(self) -> str:
        """The English text."""
        return self.translations["en"]

    @property
    def languages(self) -> tuple[str, ...]:
        """Language codes present, English first."""
        return ("en", *sorted(k for k in self.translations if k != "en"))

    def get(self, lang: str = "en") -> str:
        """The text in ``lang``, or the English text when there is no such translation."""
        return self.translations.get(lang) or self.translations["en"]

    def map(self, transform: Callable[[str, str], str]) -> LocalText:
        """A new text with ``transform(text, lang)`` applied to every translation."""
        return LocalText({lang: transform(text, lang) for lang, text in self.translations.items()})

    def __str__(self) -> str:
        return self.translations["en"]

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.translations.items())))


# --------------------------------------------------------------------------- lessons


@dataclass(frozen=True)
class Section:
    """A ``##`` section of a lesson (``intro`` is the text before the first heading, title "")."""

    id: str
    title: str
    body: str
    line: int


def _find_section(sections: tuple[Section, ...], section_id: str, where: str) -> Section:
    for section in sections:
        if section.id == section_id:
            return section
    known = ", ".join(s.id for s in sections)
    raise KeyError(f"{where} has no section {section_id!r} (sections: {known})")


@dataclass(frozen=True)
class LessonTranslation:
    """A lesson in another language (``lessons/<id>.<lang>.md``); same section ids as English."""

    lang: str
    title: str
    summary: str | None
    body: str
    sections: tuple[Section, ...]
    path: Path

    def section(self, section_id: str) -> Section:
        """The section with this id; KeyError when absent."""
        return _find_section(self.sections, section_id, f"translation {self.lang}")


@dataclass(frozen=True)
class Lesson:
    """One lesson: English text and metadata, plus its translations by language code."""

    id: str
    title: LocalText
    summary: LocalText
    activations: tuple[str, ...]
    params: Mapping[str, Mapping[str, ParamValue]] = field(hash=False)
    concepts: tuple[str, ...]
    body: str
    sections: tuple[Section, ...]
    path: Path
    translations: Mapping[str, LessonTranslation] = field(default_factory=dict, hash=False)

    def section(self, section_id: str) -> Section:
        """The English section with this id; KeyError when absent."""
        return _find_section(self.sections, section_id, f"lesson {self.id}")

    @property
    def section_ids(self) -> tuple[str, ...]:
        """Section ids in reading order (``intro`` first)."""
        return tuple(s.id for s in self.sections)

    def sections_in(self, lang: str = "en") -> tuple[Section, ...]:
        """The sections in ``lang`` when translated, else in English."""
        translation = self.translations.get(lang)
        return translation.sections if translation is not None else self.sections


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Choice:
    """One option of a choice question; ``feedback`` is shown when it is picked wrongly."""

    text: LocalText
    feedback: LocalText | None = None


@dataclass(frozen=True)
class CheckSpec:
    """A machine-checkable fact: ``of`` (value or derivative) of ``activation`` at ``x``.

    ``x`` is a number for elementwise functions, or a tuple for vector functions, in which case
    ``index`` picks the output component (the derivative is the Jacobian's diagonal entry).
    """

    activation: str
    params: Mapping[str, ParamValue] = field(hash=False)
    x: float | tuple[float, ...]
    index: int | None
    of: Of
    line: int


@dataclass(frozen=True, kw_only=True)
class Question:
    """What every question has. ``type`` is a class constant (``"choice"``, ``"numeric"``, ...).

    ``lesson``/``section`` say what to reread; ``path``/``line`` where the question is written.
    """

    type: ClassVar[str] = ""
    id: str
    lesson: str
    section: str
    prompt: LocalText
    explanation: LocalText
    bank: str
    path: Path
    line: int
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    """One correct choice. ``answer`` is the 0-based index into ``choices``."""

    type: ClassVar[str] = "choice"
    choices: tuple[Choice, ...]
    answer: int
    check: CheckSpec | None = None


@dataclass(frozen=True, kw_only=True)
class MultiQuestion(Question):
    """Select all that apply. ``answers`` holds 0-based indexes into ``choices``."""

    type: ClassVar[str] = "multi"
    choices: tuple[Choice, ...]
    answers: frozenset[int]


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(Question):
    """True or false; ``feedback[v]`` is shown when the learner wrongly picks ``v``."""

    type: ClassVar[str] = "truefalse"
    answer: bool
    feedback: Mapping[bool, LocalText] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(Question):
    """A typed number, right when within ``tolerance`` (absolute) of ``answer``."""

    type: ClassVar[str] = "numeric"
    answer: float
    tolerance: float = 0.001
    hint: LocalText | None = None
    unit: LocalText | None = None
    check: CheckSpec | None = None


@dataclass(frozen=True)
class PlotSpec:
    """The chart a plot question shows: ``of`` (value or derivative) over ``x_range``."""

    activation: str
    params: Mapping[str, ParamValue] = field(hash=False)
    of: Of
    x_range: tuple[float, float]


@dataclass(frozen=True, kw_only=True)
class PlotQuestion(Question):
    """Which activation is plotted? ``choices`` are registry names; ``answer`` is 0-based."""

    type: ClassVar[str] = "plot"
    plot: PlotSpec
    choices: tuple[str, ...]
    answer: int


@dataclass(frozen=True)
class NumericInstance:
    """One concrete exercise drawn from a :class:`GeneratedQuestion`: the question and its x.

    The prompt needs only x; the answer (and the explanation, which shows it) is computed by the
    engine the first time it is read and then remembered, so planning a quiz or painting a
    question never waits for numpy.
    """

    question: GeneratedQuestion
    x: float

    @property
    def answer(self) -> float:
        """The engine's value at x rounded (half away from zero) to the template's decimals."""
        return _rounded_answer(self.question.template, self.x)

    @property
    def exact(self) -> float:
        """The engine's unrounded value at x (grading accepts it and both of its roundings)."""
        return _exact_answer(self.question.template, self.x)

    @property
    def tolerance(self) -> float:
        """The template's tolerance (half a unit of the last decimal asked for)."""
        return self.question.template.tolerance

    @property
    def prompt(self) -> LocalText:
        """The question's prompt with x, the activation and its parameters filled in."""
        return self.question.prompt.map(lambda text, lang: self._fill(text, lang, answer=False))

    @property
    def explanation(self) -> LocalText:
        """The explanation filled in like the prompt, with ``{answer}`` too."""
        return self.question.explanation.map(
            lambda text, lang: self._fill(text, lang, answer=True)
        )

    def _fill(self, text: str, lang: str, *, answer: bool) -> str:
        template = self.question.template
        act = _activation(template.activation)
        values = {
            "{x}": format_number(self.x),
            "{name}": act.display,
            "{f}": "f" if template.of == "value" else "f\u2032",
            "{decimals}": str(template.decimals),
        }
        if answer:
            values["{answer}"] = format_number(self.answer, template.decimals)
        for token, shown in values.items():
            text = text.replace(token, shown)
        return text.replace("{params}", _params_phrase(act, template.params, lang))


@functools.lru_cache(maxsize=1024)
def _exact_answer(template: GeneratedTemplate, x: float) -> float:
    return template.compute(x)


def _rounded_answer(template: GeneratedTemplate, x: float) -> float:
    from acttutor.core.rounding import round_half_away

    return _clean(round_half_away(_exact_answer(template, x), template.decimals))


@dataclass(frozen=True)
class GeneratedTemplate:
    """How to draw an exercise: ``of`` the activation at an x from the grid min, min+step, ..."""

    activation: str
    of: Of
    x_min: float
    x_max: float
    x_step: float
    params: Mapping[str, ParamValue] = field(hash=False)
    decimals: int

    def xs(self) -> tuple[float, ...]:
        """Every x the template can draw: ``x_min + k·x_step`` up to ``x_max`` (inclusive)."""
        count = grid_size(self.x_min, self.x_max, self.x_step)
        return tuple(_clean(self.x_min + k * self.x_step) for k in range(count))

    @property
    def tolerance(self) -> float:
        """Half a unit of the last decimal asked for, plus a hair for float rounding."""
        return 0.5 * 10.0 ** (-self.decimals) + 1e-9

    def compute(self, x: float) -> float:
        """The engine's exact (unrounded) answer at ``x``."""
        import numpy as np

        act = _activation(self.activation)
        params = act.resolve_params(self.params)
        fn = act.value if self.of == "value" else act.derivative
        return float(fn(np.array([x], dtype=np.float64), **params)[0])


@dataclass(frozen=True, kw_only=True)
class GeneratedQuestion(Question):
    """A template for endless numeric practice; see :meth:`instantiate`.

    ``prompt`` and ``explanation`` may use the placeholders ``{x}``, ``{name}``, ``{f}``,
    ``{params}``, ``{decimals}`` and (explanation only) ``{answer}``.
    """

    type: ClassVar[str] = "generated"
    template: GeneratedTemplate

    def instantiate(self, rng: random.Random) -> NumericInstance:
        """Draw an x with ``rng``: the exercise at that x, whose answer is the engine's value
        rounded to ``template.decimals``. The same seed always gives the same exercise."""
        xs = self.template.xs()
        return NumericInstance(self, xs[rng.randrange(len(xs))])


AnyQuestion: TypeAlias = (
    "ChoiceQuestion | MultiQuestion | TrueFalseQuestion | NumericQuestion | PlotQuestion"
    " | GeneratedQuestion"
)

QUESTION_TYPES: Mapping[str, type[Question]] = MappingProxyType(
    {
        cls.type: cls
        for cls in (
            ChoiceQuestion,
            MultiQuestion,
            TrueFalseQuestion,
            NumericQuestion,
            PlotQuestion,
            GeneratedQuestion,
        )
    }
)
"""Question type name -> model class."""


# --------------------------------------------------------------------------- banks and course


@dataclass(frozen=True)
class Bank:
    """A quiz bank file: its id, default lesson and questions in file order."""

    id: str
    lesson: str
    path: Path
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Course:
    """The whole course: lessons in order, banks, and every question (bank order)."""

    title: LocalText
    lessons: tuple[Lesson, ...]
    banks: tuple[Bank, ...]
    questions: tuple[Question, ...]
    roots: tuple[Path, ...] = ()
    _lesson_index: Mapping[str, Lesson] = field(init=False, repr=False, compare=False)
    _question_index: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    _by_lesson: Mapping[str, tuple[Question, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_lesson: dict[str, list[Question]] = {}
        for question in self.questions:
            by_lesson.setdefault(question.lesson, []).append(question)
        object.__setattr__(self, "_lesson_index", {lesson.id: lesson for lesson in self.lessons})
        object.__setattr__(self, "_question_index", {q.id: q for q in self.questions})
        object.__setattr__(self, "_by_lesson", {k: tuple(v) for k, v in by_lesson.items()})

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; KeyError when there is none."""
        try:
            return self._lesson_index[lesson_id]
        except KeyError:
            raise KeyError(f"no lesson {lesson_id!r}") from None

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError when there is none."""
        try:
            return self._question_index[question_id]
        except KeyError:
            raise KeyError(f"no question {question_id!r}") from None

    def questions_for(self, lesson_id: str) -> tuple[Question, ...]:
        """Questions whose lesson is ``lesson_id``, in bank order (empty when none)."""
        return self._by_lesson.get(lesson_id, ())

    def has_lesson(self, lesson_id: str) -> bool:
        """True when a lesson with this id exists."""
        return lesson_id in self._lesson_index


# --------------------------------------------------------------------------- grading


def grade(question: Question | NumericInstance, response: object) -> bool:
    """True when ``response`` answers ``question`` correctly. Pure; never touches progress.

    Responses: ``choice``/``plot`` a 0-based index; ``multi`` an iterable of 0-based indexes;
    ``truefalse`` a bool; ``numeric`` (and a :class:`NumericInstance` drawn from a generated
    question) a number or text in the answer syntax. Unparsable text raises
    :class:`acttutor.core.numparse.NumberParseError` so the UI can show its hint without
    counting an attempt. A :class:`GeneratedQuestion` itself cannot be graded: instantiate it.
    """
    if isinstance(question, (ChoiceQuestion, PlotQuestion)):
        return _is_index(response) and response == question.answer
    if isinstance(question, MultiQuestion):
        if isinstance(response, (str, bytes)) or not isinstance(response, Iterable):
            return False
        picked = list(response)
        return all(_is_index(i) for i in picked) and frozenset(picked) == question.answers
    if isinstance(question, TrueFalseQuestion):
        return isinstance(response, bool) and response == question.answer
    if isinstance(question, NumericInstance):
        from acttutor.core.rounding import accepts

        return accepts(_as_number(response), question.exact, question.question.template.decimals)
    if isinstance(question, NumericQuestion):
        from acttutor.core.rounding import accepts, asked_decimals

        value = _as_number(response)
        decimals = asked_decimals(question.tolerance)
        if decimals is not None:  # "give d decimals": the rounding rule
            return accepts(value, question.answer, decimals)
        return abs(value - question.answer) <= question.tolerance * (1 + 1e-12) + 1e-15
    if isinstance(question, GeneratedQuestion):
        raise TypeError("grade an instance: question.instantiate(rng), not the template")
    raise TypeError(f"cannot grade {type(question).__name__}")


def _is_index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_number(response: object) -> float:
    if isinstance(response, bool):
        raise TypeError("a numeric answer must be a number or text, not a bool")
    if isinstance(response, (int, float)):
        value = float(response)
        return value if math.isfinite(value) else math.nan
    if isinstance(response, str):
        from acttutor.core.numparse import parse_number

        return parse_number(response)
    raise TypeError(f"a numeric answer must be a number or text, not {type(response).__name__}")


# --------------------------------------------------------------------------- helpers


def grid_size(x_min: float, x_max: float, x_step: float) -> int:
    """How many x values ``x_min, x_min + step, ... <= x_max`` holds (1 when min == max)."""
    return int(math.floor((x_max - x_min) / x_step + 1e-9)) + 1


def _clean(value: float) -> float:
    """Round off float noise from ``min + k·step`` and turn -0.0 into 0.0."""
    value = round(value, 12)
    return value + 0.0


def format_number(value: float, decimals: int | None = None) -> str:
    """A number as the learner reads it: ``1.5``, ``−2``, ``0.250`` (with ``decimals``).

    The course's one number format (:mod:`acttutor.core.numfmt`), with every digit a content
    file gives (15 significant digits) unless ``decimals`` fixes the count.
    """
    from acttutor.core import numfmt

    if decimals is not None:
        return numfmt.format_decimals(value, decimals)
    return numfmt.format_number(value, 15)


def _activation(name: str) -> Activation:
    from acttutor.core.activations import get_activation

    return get_activation(name)


def _params_phrase(act: Activation, params: Mapping[str, ParamValue], lang: str) -> str:
    """`` with α=1.5`` (English) or `` (α=1.5)`` (other languages); empty without params."""
    if not params:
        return ""
    parts = []
    for name, value in params.items():
        symbol = name
        for param in act.params:
            if param.name == name:
                symbol = getattr(param, "symbol", "") or name
        shown = format_number(value) if isinstance(value, (int, float)) else str(value)
        parts.append(f"{symbol}={shown}")
    joined = ", ".join(parts)
    return f" with {joined}" if lang == "en" else f" ({joined})"
