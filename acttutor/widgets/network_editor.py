"""NetworkEditor: edit x, W1, b1, W2, b2 and both activations in place, with inline messages.

Vectors are typed ``2, 0`` and matrices ``1, -2; 1, 5`` (rows split by ``;``); each entry takes
the quiz answer syntax (``1/4``, ``e^-1``). Applying (Enter in any field, or the Apply button)
reads every field; anything wrong is explained under its field — the bad entry named, nan and
inf refused with the reason, a shape that does not fit spelled out — and the network keeps its
old value. Only a network that is whole and valid is sent to the screen, as
:class:`NetworkEditor.Applied`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from acttutor.core.activations import REGISTRY, format_params, get_activation
from acttutor.core.network import (
    MAX_UNITS,
    OUTPUTS,
    Array,
    Network,
    NetworkError,
    check_input,
    default_input,
    default_network,
    format_array,
    nonfinite_reason,
    parse_hidden_params,
    parse_matrix,
    parse_vector,
)
from acttutor.core.notation import lesson_notation

__all__ = ["FIELDS", "NetworkEditor", "entry_text", "matrix_text", "nonfinite_entry"]

FIELDS = ("x", "W1", "b1", "W2", "b2")
"""The text fields, in order."""

_MATRICES = frozenset({"W1", "W2"})

_SHAPE_HINT = (
    f"Shapes: x has one entry per input; W1 one row per hidden unit and one column per input; "
    f"b1 one entry per hidden unit; W2 one row per output and one column per hidden unit; b2 "
    f"one entry per output. At most {MAX_UNITS} of each. Rows are split by ';'."
)


def entry_text(value: float) -> str:
    """One entry as editable text: ``2``, ``-0.5``, ``0.1234567`` (ASCII minus, full precision)."""
    v = float(value) + 0.0
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return format(v, ".15g")


def vector_text(values: np.ndarray) -> str:
    """``2, 0`` for a vector."""
    return ", ".join(entry_text(v) for v in np.asarray(values).reshape(-1))


def matrix_text(values: np.ndarray) -> str:
    """``1, -2; 1, 5`` for a matrix."""
    return "; ".join(vector_text(row) for row in np.asarray(values))


def nonfinite_entry(text: str, name: str) -> str | None:
    """A message when an entry of ``text`` is nan or infinite, else ``None``.

    The answer parser reads "inf" as an unknown word; this names the entry and says *why* it is
    refused, which teaches more than "not a number".
    """
    body = text.strip().strip("[]")
    rows = [r for r in re.split(r"[;\n]", body)] if name in _MATRICES else [body]
    for r, row in enumerate(rows):
        row = row.strip().strip("[]")
        parts = row.split(",") if "," in row else row.split()
        for c, part in enumerate(parts):
            entry = part.strip().strip("[]")
            reason = nonfinite_reason(entry)
            if reason is None:
                continue
            if name in _MATRICES:
                where = f"{name} row {r + 1}, column {c + 1}"
            else:
                where = f"{name} entry {c + 1}"
            return f"{where} is {entry!r}: {reason}. Type a finite number."
    return None


@dataclass(frozen=True)
class _FieldError:
    field: str
    message: str


class NetworkEditor(Vertical):
    """Fields for x, W1, b1, W2, b2, the hidden and the output activation and the hidden
    activation's parameters; Apply checks them."""

    DEFAULT_CSS = """
    NetworkEditor {
        height: auto;
        padding: 0 1;
    }
    NetworkEditor #edit-title {
        height: auto;
        margin-bottom: 1;
    }
    NetworkEditor .edit-row {
        height: 1;
    }
    NetworkEditor .edit-label {
        width: 8;
        text-style: bold;
    }
    NetworkEditor .edit-row Input {
        width: 1fr;
        background: $boost;
    }
    NetworkEditor .edit-row Input:focus {
        background: $primary 25%;
    }
    NetworkEditor .edit-row Select {
        width: 1fr;
    }
    NetworkEditor .edit-error {
        display: none;
        color: $text-error;
        padding-left: 8;
        height: auto;
    }
    NetworkEditor .edit-error.-shown {
        display: block;
    }
    NetworkEditor Input.-invalid {
        background: $error 20%;
    }
    NetworkEditor #edit-hint {
        color: $text-muted;
        height: auto;
        margin-top: 1;
    }
    NetworkEditor #edit-buttons {
        height: 1;
        margin-top: 1;
    }
    NetworkEditor #edit-buttons Button {
        margin-right: 2;
    }
    """

    @dataclass
    class Applied(Message):
        """A valid network and input were applied."""

        editor: NetworkEditor
        network: Network
        x: Array

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.network: Network = default_network()
        """The network in use (what the fields started from)."""
        self.x: Array = default_input()
        """The input in use."""

    def compose(self) -> ComposeResult:
        """One row per field, its message under it; the activations; the hint; the buttons."""
        hidden_options = [
            (act.display, act.name) for act in REGISTRY.values() if act.kind == "elementwise"
        ]
        output_options = [(name, name) for name in OUTPUTS]
        yield Static(
            Content.assemble(
                ("Edit the network", "bold $text-primary"),
                ("   Enter applies · Tab moves · Esc closes without applying", "$text-muted"),
            ),
            id="edit-title",
        )
        for name in FIELDS:
            with Horizontal(classes="edit-row"):
                yield Label(lesson_notation(name), classes="edit-label")
                yield Input(id=f"edit-{name}", compact=True, select_on_focus=False)
            yield Static("", id=f"edit-{name}-error", classes="edit-error", markup=False)
        with Horizontal(classes="edit-row"):
            yield Label("hidden", classes="edit-label")
            yield Select(
                hidden_options, value="relu", allow_blank=False, compact=True, id="edit-hidden"
            )
            yield Label(" output", classes="edit-label")
            yield Select(
                output_options, value="sigmoid", allow_blank=False, compact=True,
                id="edit-output",
            )
        yield Static("", id="edit-hidden-error", classes="edit-error", markup=False)
        yield Static("", id="edit-output-error", classes="edit-error", markup=False)
        with Horizontal(classes="edit-row"):
            yield Label("params", classes="edit-label")
            yield Input(id="edit-params", compact=True, select_on_focus=False)
        yield Static("", id="edit-params-error", classes="edit-error", markup=False)
        yield Static("", id="edit-general-error", classes="edit-error", markup=False)
        yield Static(lesson_notation(_SHAPE_HINT), id="edit-hint", markup=False)
        with Horizontal(id="edit-buttons"):
            yield Button("Apply", id="edit-apply", variant="primary", compact=True)
            yield Button("Seeds' example", id="edit-default", compact=True)

    # -- filling and reading ------------------------------------------------------------------

    def load(self, network: Network, x: Array) -> None:
        """Show ``network`` and ``x`` in the fields and clear every message."""
        self.network = network
        self.x = x
        texts = {
            "x": vector_text(x),
            "W1": matrix_text(network.W1),
            "b1": vector_text(network.b1),
            "W2": matrix_text(network.W2),
            "b2": vector_text(network.b2),
        }
        for name, text in texts.items():
            self.field(name).value = text
        self.query_one("#edit-hidden", Select).value = network.hidden
        self.query_one("#edit-output", Select).value = network.output
        self._show_params(network.hidden, network.hidden_params)
        self.clear_errors()

    def _show_params(self, hidden: str, params: object) -> None:
        """Fill the parameter field for ``hidden`` (its defaults when ``params`` is empty)."""
        act = get_activation(hidden)
        field = self.query_one("#edit-params", Input)
        values = dict(params) if params else act.defaults()  # type: ignore[call-overload]
        field.value = format_params(values)
        field.placeholder = (
            f"e.g. {format_params(act.defaults())}" if act.params else "no parameters"
        )
        field.disabled = not act.params

    def field(self, name: str) -> Input:
        """The input of field ``name`` (``x``, ``W1``, ...)."""
        return self.query_one(f"#edit-{name}", Input)

    def error_text(self, name: str) -> str:
        """The message shown under field ``name`` (``""`` when none)."""
        static = self.query_one(f"#edit-{name}-error", Static)
        content = static.content
        return content.plain if isinstance(content, Content) else str(content)

    def clear_errors(self) -> None:
        """Hide every message."""
        for name in (*FIELDS, "hidden", "output", "params", "general"):
            self._show_error(name, "")

    def _show_error(self, name: str, message: str) -> None:
        static = self.query_one(f"#edit-{name}-error", Static)
        static.update(Content(lesson_notation(message)))
        static.set_class(bool(message), "-shown")
        if name in FIELDS:
            self.field(name).set_class(bool(message), "-invalid")

    def _old_value(self, name: str) -> str:
        if name == "x":
            return format_array(self.x)
        if name in ("W1", "b1", "W2", "b2"):
            return format_array(getattr(self.network, name))
        if name == "hidden":
            return self.network.activation.display
        if name == "output":
            return self.network.output
        if name == "params":
            return format_params(self.network.hidden_params) or "none"
        return ""

    def _read(self) -> tuple[Network, Array] | list[_FieldError]:
        """The network and input the fields describe, or the problems found."""
        errors: list[_FieldError] = []
        values: dict[str, Array] = {}
        for name in FIELDS:
            text = self.field(name).value
            refused = nonfinite_entry(text, name)
            if refused is not None:
                errors.append(_FieldError(name, refused))
                continue
            try:
                if name in _MATRICES:
                    values[name] = parse_matrix(text, name)
                else:
                    values[name] = parse_vector(text, name)
            except NetworkError as error:
                errors.append(_FieldError(name, error.message))
        if errors:
            return errors
        hidden = str(self.query_one("#edit-hidden", Select).value)
        output = str(self.query_one("#edit-output", Select).value)
        pairs = [p for p in re.split(r"[,\s]+", self.query_one("#edit-params", Input).value) if p]
        try:
            params = parse_hidden_params(hidden, pairs, "params", "params")
            network = Network(
                W1=values["W1"], b1=values["b1"], W2=values["W2"], b2=values["b2"],
                hidden=hidden, hidden_params=params, output=output,
            )
            x = check_input(network, values["x"])
        except NetworkError as error:
            field = error.field if error.field in (*FIELDS, "hidden", "output") else "general"
            if error.field in ("hidden_params", "params"):
                field = "params"
            return [_FieldError(field, error.message)]
        return network, x

    def apply(self) -> bool:
        """Check the fields; post :class:`Applied` and return True when they make a network."""
        self.clear_errors()
        result = self._read()
        if isinstance(result, list):
            for problem in result:
                old = self._old_value(problem.field)
                keeps = f" — {problem.field} stays {old}" if old else ""
                self._show_error(problem.field, f"{problem.message}{keeps}")
            first = result[0].field
            if first in FIELDS:
                self.field(first).focus()
            return False
        network, x = result
        self.network, self.x = network, x
        self.post_message(self.Applied(self, network, x))
        return True

    # -- events -------------------------------------------------------------------------------

    @on(Select.Changed, "#edit-hidden")
    def _hidden_changed(self, event: Select.Changed) -> None:
        """A new hidden activation starts from its own parameters' defaults."""
        event.stop()
        hidden = str(event.value)
        current = self.network.hidden_params if hidden == self.network.hidden else {}
        self._show_params(hidden, current)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply()

    @on(Button.Pressed, "#edit-apply")
    def _apply_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.apply()

    @on(Button.Pressed, "#edit-default")
    def _default_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        current = (self.network, self.x)
        self.load(default_network(), default_input())
        self.network, self.x = current
