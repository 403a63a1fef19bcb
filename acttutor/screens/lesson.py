"""The lesson screen: the lesson's text beside a live chart of its activation and derivative."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.markdown import Heading
from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from acttutor.core.lab import LabState
from acttutor.screens.base import BACK, RoomScreen
from acttutor.widgets.lab import PARAM_KEYS, PROBE_KEYS, RESET_KEY, VIEW_KEYS, Lab, LabActions


class LessonHeading(Heading):
    """A Markdown heading drawn bold, never underlined (an underline reads as a link)."""

    def __init__(self, tag: str) -> None:
        super().__init__(tag)
        self.style_name = "bold"


class LessonMarkdown(RichMarkdown):
    """Rich's Markdown with :class:`LessonHeading` headings."""

    elements = {**RichMarkdown.elements, "heading_open": LessonHeading}


class LessonSection(Static):
    """One section of a lesson, rendered from Markdown.

    Rich's Markdown renderer draws a whole section as one widget (Textual's Markdown widget makes a
    widget per block, which made opening a lesson take over a second). Text is never read as
    console markup: ``[0, 1]`` and ``[bold]`` stay literal.
    """

    def __init__(self, source: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(LessonMarkdown(source, hyperlinks=False), id=id, classes="lesson-section")
        self.source = source
        """The section's Markdown source."""


class LessonText(VerticalScroll, inherit_bindings=False):
    """The lesson's Markdown; scrolls with the vertical keys and leaves ←/→ to the probe."""

    BINDINGS = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown,space", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]


class LessonScreen(LabActions, RoomScreen):
    """One lesson: text on the left, the lab on the right."""

    CSS_PATH = "lesson.tcss"

    BINDINGS = [
        *PROBE_KEYS,
        Binding("t", "quiz", "quiz"),
        Binding("a", "next_activation", "activation"),
        RESET_KEY,
        *PARAM_KEYS,
        *VIEW_KEYS,
        BACK,
    ]

    def __init__(
        self,
        lesson_id: str,
        section: str | None = None,
        *,
        chart: tuple[str, Mapping[str, object]] | None = None,
        from_quiz: bool = False,
    ) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.section = section
        self.chart = chart
        """An activation and its parameters to chart first (a quiz question's), or None."""
        self.from_quiz = from_quiz
        """Opened to reread during a quiz: Escape goes back to the question, no quiz from here."""

    def compose(self) -> ComposeResult:
        """Title bar, text | lab, key bar."""
        tutor = self.tutor
        course = tutor.course
        assert course is not None
        lesson = course.lesson(self.lesson_id)
        self.title = tutor.text(lesson.title)
        yield Header()
        with Horizontal(id="lesson-body"):
            with LessonText(id="lesson-text"):
                yield Static(Content(tutor.text(lesson.title)), id="lesson-title")
                for section in tutor.lesson_sections(lesson):
                    heading = f"## {section.title}\n\n" if section.title else ""
                    text = heading + section.body
                    yield LessonSection(text, id=f"section-{section.id}")
            yield Lab(self._chart_state(lesson.activations, lesson.params), id="lab")
        yield Footer()

    def _chart_state(
        self, names: Sequence[str], params: Mapping[str, Mapping[str, object]]
    ) -> LabState:
        """The lesson's activations, with the asked-for one (and its parameters) first."""
        if self.chart is None:
            return LabState.for_activations(names, params)
        first, first_params = self.chart
        names = [first, *(name for name in names if name != first)]
        return LabState.for_activations(names, {**params, first: first_params})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No quiz inside a quiz: ``t`` is shown disabled while rereading for a question."""
        if action == "quiz" and self.from_quiz:
            return None
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        """Mark the lesson read, focus the text, jump to a section if asked."""
        self.tutor.mark_lesson_read(self.lesson_id)
        self.query_one(LessonText).focus()
        if self.section:
            self.call_after_refresh(self.scroll_to_section, self.section)

    def scroll_to_section(self, section_id: str) -> None:
        """Bring a section to the top of the text."""
        matches = self.query(f"#section-{section_id}")
        if matches:
            self.query_one(LessonText).scroll_to_widget(matches.first(), top=True, animate=False)

    def action_next_activation(self) -> None:
        """Show the lesson's next activation."""
        state = self.lab().state
        assert state is not None
        if len(state.slots) == 1:
            self.notify("This lesson plots one activation; try the Explorer (e on home).")
            return
        new = state.with_active(state.active + 1)
        low, high = new.slot.activation.plot_range
        from dataclasses import replace

        self._update(replace(new, x_range=(low, high), probe_x=min(max(new.probe_x, low), high)))

    def action_quiz(self) -> None:
        """A quiz on this lesson's questions."""
        self.tutor.open_quiz(lessons=(self.lesson_id,))
