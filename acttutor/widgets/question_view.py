"""QuestionView: one quiz question (prompt, chart, answer widget) and, once answered, feedback.

The view never grades and never records: it posts :class:`QuestionView.Submitted` with the
learner's response, and the quiz screen calls :meth:`QuestionView.show_verdict` (or
:meth:`QuestionView.show_input_hint` for text that is not a number). All content text is shown
literally (``Content(text)``), never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from acttutor.core.numfmt import format_number
from acttutor.course.models import (
    LocalText,
    MultiQuestion,
    NumericQuestion,
    PlotQuestion,
    TrueFalseQuestion,
)
from acttutor.course.quiz import QuizItem, Response, Verdict, choice_texts

#: What the learner is asked to do, per question type.
TYPE_HINTS = {
    "choice": "pick one",
    "plot": "which activation is drawn?",
    "multi": "select all that apply",
    "truefalse": "true or false",
    "numeric": "type a number",
    "generated": "type a number",
}

INPUT_PLACEHOLDER = "a number: 0.25, 1/4, e^-1, 1/(1+e^-2) …"


class ChoiceList(OptionList):
    """The numbered options of a choice, plot or true/false question; Enter or a click answers."""

    BINDINGS = [Binding("enter", "select", "submit")]

    def action_select(self) -> None:
        """Answer with the highlighted option; say how to pick one when none is."""
        if self.highlighted is None:
            self.app.bell()
            self.notify("Pick an option first: press its number.", timeout=3)
            return
        super().action_select()


class MultiList(OptionList):
    """Options of a "select all that apply" question: Space, a digit or a click ticks one,
    Enter submits the ticked set."""

    BINDINGS = [
        Binding("space", "toggle_option", "tick"),
        Binding("enter", "submit", "submit"),
    ]

    @dataclass
    class Submitted(Message):
        """The learner pressed Enter on the list."""

        multi_list: MultiList

    def __init__(self, texts: list[str], *, id: str | None = None) -> None:  # noqa: A002
        self.texts = texts
        self.selected: set[int] = set()
        """The ticked options (0-based)."""
        super().__init__(*[self._prompt(i) for i in range(len(texts))], id=id)

    def _prompt(self, index: int) -> Content:
        ticked = index in self.selected
        box = ("[x] ", "bold $text-accent") if ticked else ("[ ] ", "dim")
        return Content.assemble(box, (f"{index + 1}  ", "bold"), self.texts[index])

    def toggle(self, index: int) -> None:
        """Tick or untick option ``index``."""
        self.selected ^= {index}
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def action_toggle_option(self) -> None:
        """Tick or untick the highlighted option."""
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_submit(self) -> None:
        """Submit the ticked options."""
        self.post_message(self.Submitted(self))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)


class AnswerInput(Input):
    """The number field of a numeric question; Enter submits."""

    BINDINGS = [Binding("enter", "submit", "submit")]


class Feedback(Static):
    """Right or wrong, the answer, notes and the explanation; scrolls into view when shown."""

    def on_resize(self) -> None:
        """Its size is only known after layout: bring the verdict into view then."""
        if self.has_class("-right") or self.has_class("-wrong"):
            self.scroll_visible(animate=False)


class QuestionView(Vertical):
    """One question: the prompt, a chart, the answer widget, then feedback naming its origin."""

    DEFAULT_CSS = """
    QuestionView {
        height: auto;
    }

    .q-meta {
        height: auto;
    }

    .q-prompt {
        height: auto;
        text-style: bold;
        margin: 1 0;
    }

    .q-hint {
        height: auto;
        color: $text-muted;
        margin-bottom: 1;
    }

    #q-plot {
        height: 14;
        margin-bottom: 1;
    }

    QuestionView #q-answer {
        border: none;
        padding: 0 1;
        background: transparent;
        border-left: outer $primary-muted;
    }

    QuestionView #q-answer:focus {
        border-left: outer $primary;
    }

    QuestionView AnswerInput {
        width: 60;
        max-width: 100%;
        height: 1;
    }

    .q-recap {
        height: auto;
        padding: 0 1;
        border-left: outer $primary-muted;
    }

    #q-input-hint {
        height: auto;
        color: $text-muted;
        padding: 0 1;
    }

    #q-input-hint.-problem {
        color: $text-warning;
    }

    #q-feedback {
        display: none;
        height: auto;
        margin: 1 0;
        padding: 1 2;
    }

    #q-feedback.-right {
        display: block;
        border-left: outer $success;
        background: $success 10%;
    }

    #q-feedback.-wrong {
        display: block;
        border-left: outer $error;
        background: $error 10%;
    }
    """

    @dataclass
    class Submitted(Message):
        """The learner answered; ``response`` is what to grade."""

        view: QuestionView
        response: Response

    def __init__(
        self,
        item: QuizItem,
        *,
        lang: str = "en",
        where: str = "",
        reread_key: str = "l",
        next_label: str = "next question",
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id, classes="question")
        self.item = item
        self.lang = lang
        self.where = where
        self.reread_key = reread_key
        self.next_label = next_label
        self.answered = False
        self._picked: set[int] = set()

    # -- building ---------------------------------------------------------------------------

    def text(self, value: LocalText | None) -> str:
        """A content text in the learner's language."""
        return "" if value is None else value.get(self.lang)

    def compose(self) -> ComposeResult:
        """Meta line, prompt, optional hint and chart, then the answer widget and feedback."""
        item = self.item
        question = item.question
        meta = [Content.styled(TYPE_HINTS.get(item.type, item.type), "bold $accent")]
        if item.due:
            meta.append(Content.styled("  · due for review", "$text-warning"))
        # Where the question comes from is shown only with the verdict: a section title
        # ("The gradient is σ(z) − t") often names the answer.
        yield Static(Content("").join(meta), classes="q-meta")
        yield Static(Content(self.text(item.prompt)), classes="q-prompt")
        if isinstance(question, NumericQuestion) and question.hint is not None:
            yield Static(Content(self.text(question.hint)), classes="q-hint")
        if isinstance(question, PlotQuestion):
            # Imported here: only plot questions need the chart (and, to draw it, numpy).
            from acttutor.widgets.mystery_plot import MysteryPlot

            yield MysteryPlot(question.plot, id="q-plot")
        texts = [self.text(t) for t in choice_texts(item)]
        if isinstance(question, MultiQuestion):
            yield MultiList(texts, id="q-answer")
        elif texts:
            options = [Option(_numbered(i, t), id=f"choice-{i}") for i, t in enumerate(texts)]
            yield ChoiceList(*options, id="q-answer")
        else:
            yield AnswerInput(placeholder=INPUT_PLACEHOLDER, id="q-answer", select_on_focus=False)
            unit = question.unit if isinstance(question, NumericQuestion) else None
            hint = f"unit: {self.text(unit)}" if unit is not None else ""
            yield Static(Content(hint), id="q-input-hint")
        yield Feedback(id="q-feedback")

    def on_mount(self) -> None:
        """Focus the answer widget; no option starts highlighted, so nothing is pre-picked."""
        answer = self.answer_widget
        if isinstance(answer, OptionList):
            answer.highlighted = None
        answer.focus()

    @property
    def answer_widget(self) -> OptionList | Input:
        """The widget the learner answers with."""
        return cast("OptionList | Input", self.query_one("#q-answer"))

    @property
    def is_text(self) -> bool:
        """True when the answer is typed (numeric and generated questions)."""
        return not choice_texts(self.item)

    # -- answering --------------------------------------------------------------------------

    def pick(self, index: int) -> bool:
        """Highlight option ``index`` (toggle it in a multi question); False if there is none."""
        answer = self.answer_widget
        if self.answered or not isinstance(answer, OptionList):
            return False
        if not 0 <= index < answer.option_count:
            return False
        answer.highlighted = index
        if isinstance(answer, MultiList):
            answer.toggle(index)
        answer.focus()
        return True

    def submit(self) -> None:
        """Post the current response, if there is one to grade."""
        if self.answered:
            return
        answer = self.answer_widget
        response: Response
        if isinstance(answer, MultiList):
            if not answer.selected:
                self.app.bell()
                self.notify("Tick at least one option: its number or Space.", timeout=3)
                return
            response = frozenset(answer.selected)
        elif isinstance(answer, OptionList):
            if answer.highlighted is None:
                self.app.bell()
                self.notify("Pick an option first: press its number.", timeout=3)
                return
            response = answer.highlighted
            if isinstance(self.item.question, TrueFalseQuestion):
                response = answer.highlighted == 0
        else:
            response = answer.value
        self.post_message(self.Submitted(self, response))

    @on(OptionList.OptionSelected, "#q-answer")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit()

    @on(MultiList.Submitted)
    def _multi_submitted(self, event: MultiList.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Input.Submitted, "#q-answer")
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Input.Changed, "#q-answer")
    def _input_changed(self, event: Input.Changed) -> None:
        hint = self.query_one("#q-input-hint", Static)
        if hint.has_class("-problem"):
            hint.remove_class("-problem")
            hint.update("")

    def show_input_hint(self, message: str) -> None:
        """Explain why the typed text is not a number (the attempt does not count)."""
        hint = self.query_one("#q-input-hint", Static)
        hint.add_class("-problem")
        hint.update(Content.assemble(("⚠ ", "bold"), message))
        self.answer_widget.focus()

    # -- feedback ---------------------------------------------------------------------------

    def show_verdict(self, verdict: Verdict, schedule: str = "") -> None:
        """Replace the answer widget with a recap and show right/wrong, answer and explanation.

        ``schedule`` (e.g. "back for review in 3 days") is shown beside the verdict."""
        self.answered = True
        item = self.item
        answer = self.answer_widget
        if isinstance(answer, OptionList):
            picked = _picked_indexes(item, verdict)
            recap = Static(self._options_recap(picked), classes="q-recap")
        else:
            recap = Static(self._typed_recap(verdict), classes="q-recap")
        with self.app.batch_update():
            self.mount(recap, after=answer)
            answer.remove()
            if not isinstance(answer, OptionList):
                self.query_one("#q-input-hint").remove()
            feedback = self.query_one("#q-feedback", Feedback)
            feedback.set_class(verdict.correct, "-right")
            feedback.set_class(not verdict.correct, "-wrong")
            feedback.update(self._feedback(verdict, schedule))

    def _options_recap(self, picked: set[int]) -> Content:
        item = self.item
        question = item.question
        texts = [self.text(t) for t in choice_texts(item)]
        right = _right_indexes(item)
        lines = []
        for i, text in enumerate(texts):
            if i in right and i in picked:
                mark, style = "✓ ", "bold $text-success"
            elif i in right:
                mark, style = "✓ ", "$text-success"
            elif i in picked:
                mark, style = "✗ ", "bold $text-error"
            else:
                mark, style = "  ", "dim"
            tag = ""
            if i in picked and isinstance(question, MultiQuestion):
                tag = "  (you ticked it)" if i in right else "  (you ticked it; it doesn't apply)"
            elif i in picked:
                tag = "  (your answer)"
            elif i in right and isinstance(question, MultiQuestion):
                tag = "  (missed)"
            lines.append(
                Content.assemble((mark, style), (f"{i + 1}  ", "bold"), (text, style),
                                 (tag, "italic dim"))
            )
        return Content("\n").join(lines)

    def _typed_recap(self, verdict: Verdict) -> Content:
        style = "bold $text-success" if verdict.correct else "bold $text-error"
        mark = "✓ " if verdict.correct else "✗ "
        parts: list[Content | str | tuple[str, str]] = [
            (mark, style), ("You answered ", "dim"), (verdict.answer_text, style)
        ]
        if verdict.value is not None and not _plain_number(verdict.answer_text):
            parts.append((f"  = {format_number(verdict.value)}", "dim"))
        return Content.assemble(*parts)

    def _feedback(self, verdict: Verdict, schedule: str) -> Content:
        item = self.item
        if verdict.correct:
            head = Content.styled("✓ Right!", "bold $text-success")
        else:
            head = Content.styled("✗ Not quite.", "bold $text-error")
        if schedule:
            head = Content.assemble(head, (f"   {schedule}", "dim"))
        lines: list[Content] = [head]
        if not verdict.correct and isinstance(item.question, MultiQuestion):
            numbers = ", ".join(str(i + 1) for i in sorted(item.question.answers))
            lines.append(Content.assemble(("Answer: ", "bold"), numbers,
                                          (" (marked ✓ above)", "dim")))
        elif not verdict.correct:
            lines.append(Content.assemble(("Answer: ", "bold"), self.text(verdict.correct_answer)))
        elif self.is_text:
            lines.append(Content.assemble(("Answer: ", "dim"), self.text(verdict.correct_answer)))
        for note in verdict.feedback:
            lines.append(Content.assemble(("» ", "bold $text-warning"),
                                          (self.text(note), "italic")))
        lines.append(Content(""))
        lines.append(Content(self.text(item.explanation)))
        if self.where:
            lines.append(Content.styled(f"From: {self.where}", "dim"))
        lines.append(Content(""))
        lines.append(
            Content.assemble(
                (f" {self.reread_key} ", "bold reverse"), (" reread this section    ", "dim"),
                (" enter ", "bold reverse"), (f" {self.next_label}", "dim"),
            )
        )
        return Content("\n").join(lines)


def _numbered(index: int, text: str) -> Content:
    return Content.assemble((f"{index + 1}  ", "bold"), text)


def _right_indexes(item: QuizItem) -> set[int]:
    question = item.question
    if isinstance(question, MultiQuestion):
        return set(question.answers)
    if isinstance(question, TrueFalseQuestion):
        return {0 if question.answer else 1}
    answer = getattr(question, "answer", None)
    return {answer} if isinstance(answer, int) else set()


def _picked_indexes(item: QuizItem, verdict: Verdict) -> set[int]:
    """The options the learner chose, read back from the stored answer text."""
    if isinstance(item.question, TrueFalseQuestion):
        return {0 if verdict.answer_text == "true" else 1}
    return {int(part) - 1 for part in verdict.answer_text.split(",") if part}


def _plain_number(text: str) -> bool:
    """True for a decimal such as ``0.25`` (its value needs no echo); ``1e-6`` is not one: it is
    echoed in the course's notation (``= 1 × 10⁻⁶``)."""
    if "e" in text.lower():
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True

