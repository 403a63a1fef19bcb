"""The lesson screen: the lesson's text beside a live chart of its activation and derivative."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from acttutor.core.activations import REGISTRY
from acttutor.core.lab import LabState
from acttutor.screens.base import BACK, RoomScreen
from acttutor.widgets.lab import Lab

#: Short names for the −/+ keys' labels ("slope −"); other parameters go by their own name.
PARAM_LABELS = {
    "negative_slope": "slope", "alpha": "α", "beta": "β", "lambd": "λ",
    "max_val": "max", "min_val": "min", "approximate": "approx.",
}

_PROBE_GROUP = Binding.Group("probe", compact=True)
_LESS_KEYS = "minus,left_square_bracket"
_MORE_KEYS = "plus,equals_sign,right_square_bracket"


def _param_keys() -> list[Binding]:
    """−/+ for each parameter name of the registry, labelled with it; ``check_action`` shows the
    pair of the selected parameter. The unnamed pair (hidden) answers when there is none."""
    names = sorted({param.name for act in REGISTRY.values() for param in act.params})
    keys: list[Binding] = []
    for steps, key, sign in ((-1, _LESS_KEYS, "−"), (1, _MORE_KEYS, "+")):
        keys += [
            Binding(key, f"adjust({steps}, {name!r})", f"{PARAM_LABELS.get(name, name)} {sign}",
                    key_display=sign)
            for name in names
        ]
        keys.append(Binding(key, f"adjust({steps})", f"parameter {sign}", key_display=sign,
                            show=False))
    return keys


PROBE_KEYS = [
    Binding("left", "probe(-1)", "probe", key_display="←", group=_PROBE_GROUP),
    Binding("right", "probe(1)", "probe", key_display="→", group=_PROBE_GROUP),
    Binding("shift+left", "probe(-8)", "x −−", show=False),
    Binding("shift+right", "probe(8)", "x ++", show=False),
]
"""←/→ move the x probe (shift for big steps)."""

PARAM_KEYS = [
    *_param_keys(),
    Binding("p", "next_param('shown')", "next param"),
    Binding("p", "next_param", "next param", show=False),
]
"""−/+ change the selected parameter; p selects the next one (in the Footer when there is one)."""

VIEW_KEYS = [
    Binding("d", "toggle_derivative('hide')", "hide f′", show=False),
    Binding("d", "toggle_derivative('show')", "show f′", show=False),
    Binding("i", "zoom(0.5)", "zoom in", show=False),
    Binding("o", "zoom(2.0)", "zoom out", show=False),
]
"""d shows or hides f′; i/o zoom (listed by ``?``, not in the Footer: it has no room at 80
columns)."""

RESET_KEY = Binding("0", "reset", "reset")


def _key_labels(state: LabState) -> tuple[tuple[str, ...], str, bool]:
    """What the keys' labels depend on: the parameters, the selected one, whether f′ is shown."""
    names = state.param_names
    return (names, names[state.selected_param] if names else "", state.show_derivative)


class LessonSection(Static):
    """One section of a lesson, rendered from Markdown.

    Rich's Markdown renderer draws a whole section as one widget (Textual's Markdown widget makes a
    widget per block, which made opening a lesson take over a second). Text is never read as
    console markup: ``[0, 1]`` and ``[bold]`` stay literal.
    """

    def __init__(self, source: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(RichMarkdown(source, hyperlinks=False), id=id, classes="lesson-section")
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


class LabScreenMixin:
    """Actions for the chart's keys (PROBE_KEYS, PARAM_KEYS, VIEW_KEYS, RESET_KEY), working on
    the screen's Lab widget."""

    def lab(self) -> Lab:
        """The screen's chart and controls."""
        return self.query_one(Lab)  # type: ignore[attr-defined]

    def _update(self, state: LabState) -> None:
        lab = self.lab()
        before = lab.state
        lab.state = state
        if before is None or _key_labels(before) != _key_labels(state):
            self.refresh_bindings()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show the −/+ pair of the selected parameter and the d key that fits the chart."""
        if action not in ("adjust", "toggle_derivative", "next_param"):
            return True
        labs = self.query(Lab)  # type: ignore[attr-defined]
        state = labs.first().state if labs else None
        if state is None:
            return True
        if action == "toggle_derivative":
            return parameters == (("hide" if state.show_derivative else "show"),)
        if action == "next_param":
            return not parameters or len(state.param_names) > 1
        if len(parameters) == 2:
            names = state.param_names
            return bool(names) and names[state.selected_param] == parameters[1]
        return not state.param_names

    def action_probe(self, steps: int) -> None:
        """Move the x probe."""
        self._update(self.lab().state.move_probe(steps))  # type: ignore[union-attr]

    def action_adjust(self, steps: int, _name: str = "") -> None:
        """Change the selected parameter within its range."""
        state = self.lab().state
        assert state is not None
        if not state.slot.params:
            self.notify(  # type: ignore[attr-defined]
                f"{state.slot.activation.display} has no parameters.", timeout=2
            )
            return
        self._update(state.adjust_param(steps))

    def action_next_param(self, _label: str = "") -> None:
        """Select the next parameter."""
        self._update(self.lab().state.select_param(1))  # type: ignore[union-attr]

    def action_toggle_derivative(self, _label: str = "") -> None:
        """Show or hide f′."""
        self._update(self.lab().state.toggle_derivative())  # type: ignore[union-attr]

    def action_zoom(self, factor: float) -> None:
        """Zoom the x range around the probe."""
        self._update(self.lab().state.zoom(factor))  # type: ignore[union-attr]

    def action_reset(self) -> None:
        """Default parameters and window."""
        self._update(self.lab().state.reset_params().reset_view())  # type: ignore[union-attr]


class LessonScreen(LabScreenMixin, RoomScreen):
    """One lesson: text on the left, the lab on the right."""

    DEFAULT_CSS = """
    #lesson-body {
        height: 1fr;
    }

    #lesson-text {
        width: 46%;
        padding: 0 1;
        border-right: vkey $primary-muted;
    }

    #lesson-text:focus {
        border-right: vkey $primary;
    }

    #lesson-title {
        text-style: bold;
        color: $text-primary;
        padding: 1 0 0 0;
    }

    .lesson-section {
        margin: 0;
    }

    #lab {
        width: 1fr;
    }

    LessonScreen.-narrow #lesson-body {
        layout: vertical;
    }

    LessonScreen.-narrow #lesson-text {
        width: 100%;
        height: 45%;
        border-right: none;
        border-bottom: hkey $primary-muted;
    }

    LessonScreen.-narrow #lab {
        height: 1fr;
    }
    """

    BINDINGS = [
        *PROBE_KEYS,
        Binding("t", "quiz", "quiz"),
        Binding("a", "next_activation", "activation"),
        RESET_KEY,
        *PARAM_KEYS,
        *VIEW_KEYS,
        BACK,
    ]

    def __init__(self, lesson_id: str, section: str | None = None) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.section = section

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
            yield Lab(LabState.for_activations(lesson.activations, lesson.params), id="lab")
        yield Footer()

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
