"""The stepper's text panels: the current step, the steps so far, and the collapse derivation.

- :class:`StepCard` shows one :class:`~acttutor.core.network.Step` large: its label, its
  formula in symbols, the same formula with the numbers in, the local derivative of a backward
  step, one line per unit, and the inactive/saturated flags it reveals. Before the first step it
  says what comes, after the last one it sums up (the output, and with the backward pass the
  loss and every gradient).
- :class:`StepHistory` lists the steps revealed so far, the current one marked, with ✓/✗ for
  the ones the learner predicted.
- :class:`CollapseView` shows the "no activation" lesson: W2·W1 and W2·b1 + b2 computed, the
  one-layer output, and that it equals the identity network's output.

Everything is built as :class:`~textual.content.Content` from text we format ourselves, never
parsed as markup: matrices print as ``[[1, −2], [1, 5]]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from acttutor.core.network import (
    Gradients,
    Network,
    Step,
    collapse_steps,
    format_array,
    format_vector,
    is_exact,
    predict,
)
from acttutor.core.notation import lesson_step

__all__ = [
    "CollapseView",
    "PredictionMark",
    "StepCard",
    "StepHistory",
    "collapse_content",
    "history_content",
    "intro_content",
    "step_content",
    "summary_content",
]

STYLE_TITLE = "bold $text-primary"
STYLE_EQUATION = "bold"
STYLE_RESULT = "bold $text-accent"
STYLE_MUTED = "$text-muted"
STYLE_LOCAL = "$text-secondary"
STYLE_RIGHT = "bold $text-success"
STYLE_WRONG = "bold $text-error"


@dataclass(frozen=True)
class PredictionMark:
    """How the learner's prediction of one step went: what they typed and whether it was right."""

    text: str
    right: bool


def _flag_lines(step: Step) -> list[Content]:
    lines = []
    for flag in step.flags:
        if flag.kind == "inactive":
            lines.append(Content.styled(f"✗ {flag.message}", "$text-error"))
        else:
            lines.append(Content.styled(f"⚠ {flag.message}", "$text-warning"))
    return lines


def _numeric_line(step: Step) -> Content:
    """``= [[1, −2], [1, 5]]·[2, 0] = [2, 2]`` with the result emphasised."""
    if step.expression:
        return Content.assemble(
            ("  = ", STYLE_MUTED),
            (step.expression, ""),
            (f" {step.relation} ", STYLE_MUTED),
            (step.result, STYLE_RESULT),
        )
    return Content.assemble((f"  {step.relation} ", STYLE_MUTED), (step.result, STYLE_RESULT))


def step_content(step: Step, number: int, total: int, brief: bool = False) -> Content:
    """The card for ``step``, the ``number``-th of ``total`` (counted from 1).

    ``brief`` leaves out the per-unit lines (the last card also carries the summary).
    """
    phase = "backward" if step.phase == "backward" else "forward"
    lines = [
        Content.assemble(
            (f"Step {number} of {total}", STYLE_MUTED),
            (" · ", STYLE_MUTED),
            (phase, STYLE_MUTED),
            ("   ", ""),
            (step.label, STYLE_TITLE),
        ),
        Content.styled(step.equation, STYLE_EQUATION),
        _numeric_line(step),
    ]
    if step.local:
        lines.append(
            Content.assemble(("local derivative: ", STYLE_MUTED), (step.local, STYLE_LOCAL))
        )
    if not brief:
        lines += [Content.styled(f"  {line}", STYLE_MUTED) for line in step.detail]
    lines += _flag_lines(step)
    return Content("\n").join(lines)


def intro_content(first: Step, total: int, predicting: bool) -> Content:
    """The card before any step: what the first step will do and which keys move on."""
    how = (
        "Type your prediction below and press Enter (Enter on an empty line just reveals it)."
        if predicting
        else "Press space or → to take it; ← goes back, r starts over."
    )
    return Content("\n").join([
        Content.assemble(
            (f"{total} steps", STYLE_MUTED), ("   ", ""), ("Ready", STYLE_TITLE)
        ),
        Content.assemble(("First: ", STYLE_MUTED), (first.label, "bold"), ("  ", ""),
                         (first.equation, "")),
        Content.styled(how, STYLE_MUTED),
    ])


def summary_content(
    summary: str,
    gradients: Gradients | None,
    score: tuple[int, int] | None = None,
) -> Content:
    """The lines after the last step: the output, with the backward pass the loss and the grads."""
    done: list[tuple[str, str]] = [("Done: ", STYLE_TITLE), (summary, STYLE_RESULT)]
    if gradients is not None:
        rel = "=" if is_exact(gradients.loss) else "≈"
        done += [
            ("   L ", "bold"),
            (f"{rel} {format_array(gradients.loss)}", STYLE_RESULT),
            (f" ({gradients.loss_name}, t = {format_vector(gradients.target)})", STYLE_MUTED),
        ]
    else:
        done.append(("   b adds the backward pass", STYLE_MUTED))
    lines = [Content.assemble(*done)]
    if gradients is not None:
        cells = []
        for name, value in (
            ("∂L/∂W₁", gradients.dW1),
            ("∂L/∂b₁", gradients.db1),
            ("∂L/∂W₂", gradients.dW2),
            ("∂L/∂b₂", gradients.db2),
        ):
            rel = "=" if is_exact(value) else "≈"
            cells.append((f"{name} {rel} ", format_array(value + 0.0)))
        # Two per line, the second column aligned, to keep the card short on a 24-row terminal.
        width = max(len(a) + len(b) for a, b in cells[0::2])
        for i in range(0, len(cells), 2):
            head = "Gradients  " if i == 0 else " " * len("Gradients  ")
            left_name, left_value = cells[i]
            right_name, right_value = cells[i + 1]
            pad = " " * (width - len(left_name) - len(left_value) + 3)
            lines.append(Content.assemble(
                (head, STYLE_TITLE if i == 0 else ""),
                (left_name, STYLE_MUTED), (left_value, "bold"), (pad, ""),
                (right_name, STYLE_MUTED), (right_value, "bold"),
            ))
    if score is not None and score[1]:
        lines.append(Content.assemble(
            ("Predictions: ", STYLE_MUTED), (f"{score[0]} of {score[1]} right", "bold")
        ))
    return Content("\n").join(lines)


def history_content(
    steps: Sequence[Step],
    revealed: int,
    marks: Mapping[int, PredictionMark],
) -> Content:
    """One line per revealed step: number, equation, result; the latest marked with ▸."""
    if revealed == 0:
        return Content.styled("No steps yet.", STYLE_MUTED)
    lines = []
    for index, step in enumerate(steps[:revealed]):
        current = index == revealed - 1
        mark = marks.get(index)
        badge: tuple[str, str]
        if mark is None:
            badge = ("  ", "")
        elif mark.right:
            badge = ("✓ ", STYLE_RIGHT)
        else:
            badge = ("✗ ", STYLE_WRONG)
        line = Content.assemble(
            ("▸ " if current else "  ", "bold $accent"),
            (f"{index + 1:>2}. ", STYLE_MUTED),
            badge,
            (step.equation, "bold" if current else ""),
            (f" {step.relation} ", STYLE_MUTED),
            (step.result, STYLE_RESULT if current else ""),
        )
        lines.append(line)
    return Content("\n").join(lines)


def collapse_content(net: Network, x: np.ndarray) -> Content:
    """The two layers without an activation, merged into one: W, b, the output, the check."""
    steps = [lesson_step(step) for step in collapse_steps(net, x)]
    lines = [
        Content.styled("No activation: two linear layers are one linear layer", STYLE_TITLE),
        Content.styled(steps[0].detail[0], STYLE_MUTED),
        Content(""),
    ]
    width = max(len(step.equation) for step in steps)
    for step in steps:
        lines.append(Content.assemble(
            (step.equation.ljust(width), STYLE_EQUATION),
            ("  = ", STYLE_MUTED),
            (step.expression, ""),
            (f" {step.relation} ", STYLE_MUTED),
            (step.result, STYLE_RESULT),
        ))
        details = step.detail[1:] if step.key == "W" else step.detail
        indent = " " * (width + 4)
        lines += [Content.styled(f"{indent}{line}", STYLE_MUTED) for line in details]
    lines.append(Content(""))
    one_layer = steps[-1].value
    linear = predict(net.with_hidden("identity"), x)
    same = bool(np.allclose(one_layer, linear, rtol=1e-12, atol=1e-12))
    if same:
        lines.append(Content.assemble(
            ("✓ ", STYLE_RIGHT),
            ("The same ŷ as the two-layer network with no activation (identity): ", ""),
            (f"{'=' if is_exact(linear) else '≈'} {format_array(linear)}", "bold"),
        ))
    else:  # pragma: no cover - the core guarantees equality; shown rather than hidden if not
        lines.append(Content.styled(
            f"✗ The two-layer network with identity gives {format_array(linear)}: "
            "they should agree; please report this.",
            STYLE_WRONG,
        ))
    if net.hidden != "identity":
        actual = predict(net, x)
        rel = "=" if is_exact(actual) else "≈"
        differs = not np.allclose(actual, linear, rtol=1e-12, atol=1e-12)
        lines.append(Content.assemble(
            (f"With {net.activation.display} the network gives ŷ {rel} ", STYLE_MUTED),
            (format_array(actual), "bold"),
            (
                ": the activation is what makes the second layer worth having."
                if differs
                else ": every unit is in its linear part here, so the two agree.",
                STYLE_MUTED,
            ),
        ))
    return Content("\n").join(lines)


class StepCard(Static):
    """The current step, large; :meth:`show` takes ready-made content from the functions above."""

    DEFAULT_CSS = """
    StepCard {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id, classes=classes, markup=False)

    def show(self, content: Content) -> None:
        """Replace the card's text."""
        self.update(content)


class StepHistory(VerticalScroll, can_focus=False):
    """The steps so far, scrolled to the latest; never takes the focus, so ←/→ stay steps."""

    DEFAULT_CSS = """
    StepHistory {
        height: 1fr;
    }
    StepHistory > Static {
        width: 100%;
    }
    """

    def compose(self) -> ComposeResult:
        """One static holding every line."""
        yield Static("", markup=False, id="history-lines")

    def show(self, content: Content) -> None:
        """Replace the list and scroll to its end."""
        self.query_one("#history-lines", Static).update(content)
        self.call_after_refresh(self.scroll_end, animate=False)


class CollapseView(Static):
    """The "no activation" derivation; :meth:`show` recomputes it for a network and input."""

    DEFAULT_CSS = """
    CollapseView {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id, classes=classes, markup=False)

    def show(self, net: Network, x: np.ndarray) -> None:
        """Redraw for ``net`` on ``x``."""
        self.update(collapse_content(net, x))
