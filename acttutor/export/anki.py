"""The course as an Anki deck (genanki): one sub-deck per lesson, one note per question.

Every id is derived from the question (or lesson, or question kind) id, so importing an updated
export into Anki updates the notes it already has instead of adding copies: deck and note type
(model) ids, note ids and card ids are hashes of those ids, and the note's guid is genanki's
``guid_for`` of the question id. Texts come from content files, so every one is HTML-escaped
before it goes into a card.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import genanki

from acttutor.course.models import Course, GeneratedQuestion, Lesson, Question, format_number
from acttutor.export.records import DEFAULT_DRAWS, draws, lessons_to_export, question_record

DECK_ROOT = "acttutor"
"""The course's deck; each lesson is ``acttutor::<lesson title>`` under it."""

MODEL_VERSION = 1
"""Part of every note type's id: a change of fields or templates must come with a new one."""

CHART_SIZE = (60, 16)

CSS = """\
.card { font-family: sans-serif; font-size: 18px; text-align: left; line-height: 1.4; }
.lesson { font-size: 13px; opacity: 0.6; margin-bottom: 0.5em; }
.prompt { font-weight: bold; margin-bottom: 0.6em; }
.chart { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px;
         line-height: 1.05; overflow-x: auto; }
.right { color: #1a7f37; font-weight: bold; }
.explanation { margin-top: 0.8em; }
.feedback { opacity: 0.75; font-size: 15px; }
"""

_FRONT_HEAD = '<div class="lesson">{{Lesson}}</div><div class="prompt">{{Question}}</div>'
_BACK_TAIL = '<div class="explanation">{{Explanation}}</div>'
_NOTES = '{{#Notes}}<div class="feedback">{{Notes}}</div>{{/Notes}}'

#: kind -> (fields, front template, answer part of the back template)
_KINDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "choice": (
        ("Question", "Options", "Answer", "Notes", "Explanation", "Lesson", "Id"),
        _FRONT_HEAD + "{{Options}}",
        '<div class="right">{{Answer}}</div>' + _NOTES,
    ),
    "multi": (
        ("Question", "Instruction", "Options", "Answer", "Notes", "Explanation", "Lesson", "Id"),
        _FRONT_HEAD + "{{#Instruction}}<div><i>{{Instruction}}</i></div>{{/Instruction}}"
        "{{Options}}",
        '<div class="right">{{Answer}}</div>' + _NOTES,
    ),
    "truefalse": (
        ("Question", "Answer", "Explanation", "Lesson", "Id"),
        _FRONT_HEAD + "<div><i>True or false?</i></div>",
        '<div class="right">{{Answer}}</div>',
    ),
    "numeric": (
        ("Question", "Answer", "Tolerance", "Unit", "Hint", "Explanation", "Lesson", "Id"),
        _FRONT_HEAD + "{{#Hint}}<div class=\"feedback\">{{Hint}}</div>{{/Hint}}",
        '<div class="right">{{Answer}} {{Unit}}</div>'
        '<div class="feedback">accepted within ± {{Tolerance}}</div>',
    ),
    "plot": (
        ("Question", "Chart", "Options", "Answer", "Explanation", "Lesson", "Id"),
        _FRONT_HEAD + '<pre class="chart">{{Chart}}</pre>{{Options}}',
        '<div class="right">{{Answer}}</div>',
    ),
    "generated": (
        ("Question", "Answer", "Tolerance", "Explanation", "Lesson", "Id"),
        _FRONT_HEAD,
        '<div class="right">{{Answer}}</div>'
        '<div class="feedback">accepted within ± {{Tolerance}}</div>',
    ),
}


def stable_id(*parts: str) -> int:
    """A positive id below 2**52 (exact in JavaScript, which Anki uses) from ``parts``."""
    digest = hashlib.sha256("\x1f".join(("acttutor", *parts)).encode("utf-8")).digest()
    low = 1 << 40
    return low + int.from_bytes(digest[:8], "big") % ((1 << 52) - low)


def model_for(kind: str) -> genanki.Model:
    """The note type of one question kind (same id in every export)."""
    fields, front, answer = _KINDS[kind]
    return genanki.Model(
        stable_id("model", kind, str(MODEL_VERSION)),
        f"acttutor {kind}",
        fields=[{"name": name} for name in fields],
        templates=[{
            "name": f"acttutor {kind}",
            "qfmt": front,
            "afmt": '{{FrontSide}}<hr id="answer">' + answer + _BACK_TAIL,
        }],
        css=CSS,
        sort_field_index=fields.index("Question"),
    )


class StableNote(genanki.Note):
    """A note whose note id and card ids come from its question, not from the clock."""

    def __init__(self, *, key: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key = key
        """What the note's ids are derived from: the question id (and x for a draw)."""

    @property
    def note_id(self) -> int:
        """The note's id in the collection."""
        return stable_id("note", self.key)

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        """genanki's write, with this note's own ids in place of its running counter."""
        card_ids = (stable_id("card", self.key, str(k)) for k in range(len(self.cards)))
        super().write_to_db(cursor, timestamp, deck_id, iter([self.note_id, *card_ids]))


# --------------------------------------------------------------------------- fields


def _html(text: str | None) -> str:
    """Untrusted text as HTML: escaped, line breaks kept."""
    return "" if text is None else html.escape(text).replace("\n", "<br>")


def _number(value: float, decimals: int | None = None) -> str:
    return html.escape(format_number(value, decimals))


def _options(choices: Sequence[dict[str, Any]]) -> str:
    items = "".join(f"<li>{_html(choice['text'])}</li>" for choice in choices)
    return f"<ol>{items}</ol>"


def _right_options(choices: Sequence[dict[str, Any]]) -> str:
    return "<br>".join(
        f"{n}. {_html(choice['text'])}" for n, choice in enumerate(choices, 1) if choice["correct"]
    )


def _wrong_feedback(choices: Sequence[dict[str, Any]]) -> str:
    """Why each wrong option is wrong, where the content says so."""
    return "<br>".join(
        f"<b>{n}. {_html(choice['text'])}</b>: {_html(choice['feedback'])}"
        for n, choice in enumerate(choices, 1)
        if not choice["correct"] and choice.get("feedback")
    )


def chart_text(question_record_plot: dict[str, Any]) -> str:
    """A plot question's chart as plain text (plotext, no colour): f or f′ alone, unnamed."""
    import numpy as np
    import plotext as plt

    from acttutor.core.activations import get_activation
    from acttutor.core.curves import sample_curve

    spec = question_record_plot
    low, high = spec["x_range"]
    width, height = CHART_SIZE
    curve = sample_curve(get_activation(spec["activation"]), spec["params"], (low, high),
                         points=4 * width)
    derivative = spec["of"] == "derivative"
    ys = np.nan_to_num(curve.derivative if derivative else curve.value,
                       nan=0.0, posinf=1e300, neginf=-1e300)
    plt.clear_figure()
    plt.plot_size(width, height)
    plt.theme("clear")
    plt.plot(curve.x.tolist(), ys.tolist(), marker="hd")
    plt.horizontal_line(0.0)
    plt.xlim(low, high)
    plt.title("f′(x)" if derivative else "f(x)")
    plt.xlabel("x")
    text = plt.uncolorize(plt.build())
    plt.clear_figure()
    return "\n".join(line.rstrip() for line in text.splitlines())


def _fields(record: dict[str, Any], lesson_title: str) -> list[str]:
    kind = record["type"]
    question = _html(record["prompt"])
    explanation = _html(record["explanation"])
    lesson = _html(lesson_title)
    ident = html.escape(record["id"])
    if kind in ("choice", "multi"):
        choices = record["choices"]
        fields = [question, _options(choices), _right_options(choices), _wrong_feedback(choices),
                  explanation, lesson, ident]
        if kind == "multi":  # unless the prompt says so itself, as the built-in ones do
            said = "select all" in record["prompt"].casefold()
            fields.insert(1, "" if said else "Select all that apply.")
        return fields
    if kind == "truefalse":
        return [question, "True" if record["answer"] else "False", explanation, lesson, ident]
    if kind == "numeric":
        return [
            question, _number(record["answer"]), _number(record["tolerance"]),
            _html(record["unit"]), _html(record["hint"]), explanation, lesson, ident,
        ]
    if kind == "plot":
        chart = html.escape(chart_text(record["plot"]))
        return [question, chart, _options(record["choices"]), _right_options(record["choices"]),
                explanation, lesson, ident]
    raise ValueError(f"no note type for {kind!r}")


def _tags(question: Question) -> list[str]:
    tags = ["acttutor", f"acttutor::{question.lesson}", f"acttutor::{question.type}"]
    tags += ["_".join(tag.split()) for tag in question.tags if tag.strip()]
    return tags


def notes_for(
    question: Question, lesson_title: str, *, lang: str, roots: Sequence[Path],
    generated: int, models: dict[str, genanki.Model],
) -> Iterator[StableNote]:
    """The question's note (``generated`` notes, one per fixed draw, for a generated one)."""
    kind = question.type
    model = models.setdefault(kind, model_for(kind))
    tags = _tags(question)
    if isinstance(question, GeneratedQuestion):
        for draw in draws(question, generated):
            key = f"{question.id}@x={draw.x!r}"
            fields = [
                _html(draw.prompt.get(lang)),
                _number(draw.answer, question.template.decimals),
                _number(draw.tolerance), _html(draw.explanation.get(lang)), _html(lesson_title),
                html.escape(key),
            ]
            yield StableNote(key=key, model=model, fields=fields, tags=tags,
                             guid=genanki.guid_for(question.id, f"x={draw.x!r}"))
        return
    record = question_record(question, lang=lang, roots=roots, generated=0)
    yield StableNote(key=question.id, model=model, fields=_fields(record, lesson_title),
                     tags=tags, guid=genanki.guid_for(question.id))


def deck_name(lesson: Lesson, lang: str) -> str:
    """``acttutor::<lesson title>`` (a ``::`` in the title would nest decks: it becomes ``:``)."""
    title = " ".join(lesson.title.get(lang).replace("::", ":").split())
    return f"{DECK_ROOT}::{title}"


def build_package(
    course: Course, *, lessons: Sequence[str] = (), lang: str = "en",
    generated: int = DEFAULT_DRAWS,
) -> genanki.Package:
    """The deck package of the course (or the chosen lessons); KeyError for an unknown lesson."""
    models: dict[str, genanki.Model] = {}
    decks = [genanki.Deck(stable_id("deck", "course"), DECK_ROOT, _html(course.title.get(lang)))]
    for lesson in lessons_to_export(course, lessons):
        deck = genanki.Deck(stable_id("deck", lesson.id), deck_name(lesson, lang))
        title = lesson.title.get(lang)
        for question in course.questions_for(lesson.id):
            for note in notes_for(question, title, lang=lang, roots=course.roots,
                                  generated=generated, models=models):
                deck.add_note(note)
        decks.append(deck)
    return genanki.Package(decks)
