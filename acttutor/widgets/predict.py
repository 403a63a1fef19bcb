"""Predict mode: the learner types the next step's value before it is revealed.

:func:`judge` reads the guess with the quiz answer syntax (each entry through
:func:`acttutor.core.numparse.parse_number`, so ``1/(1+e^-6)`` works) in the shape of the step's
value, and compares it entry by entry.

**Tolerance.** An entry is right when it agrees with the true value to three significant digits:
``|guess − true| ≤ ½ · 10^(e − 2)`` where ``10^e`` is the leading digit's place of the true
value: the guess must round to the same three digits. So ``0.998`` and ``0.9975`` are right for
σ(6) = 0.99753, ``−0.00247`` for −0.0024726 and ``12.3`` for 12.34, while ``1`` and the cut-off
``0.997`` are not right for 0.99753. A true 0 needs 0 (up to float noise, 1e-12). This is the
quiz's "within half a unit of the shown digits" rule with the digits fixed at three significant
ones, because the stepper shows values of every size.

:class:`PredictBar` is the prompt, the input line and the feedback under the step card.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from acttutor.core.i18n import _
from acttutor.core.network import Array, Step, format_array, parse_step_value

__all__ = [
    "SIGNIFICANT_DIGITS",
    "PredictBar",
    "Verdict",
    "entry_right",
    "judge",
    "placeholder_for",
]

SIGNIFICANT_DIGITS = 3
"""A prediction must match the true value to this many significant digits."""

_ZERO_TOLERANCE = 1e-12


def entry_right(guess: float, truth: float) -> bool:
    """True when ``guess`` matches ``truth`` to :data:`SIGNIFICANT_DIGITS` significant digits."""
    if abs(truth) <= _ZERO_TOLERANCE:
        return abs(guess) <= _ZERO_TOLERANCE
    place = math.floor(math.log10(abs(truth)))
    tolerance = 0.5 * 10.0 ** (place - SIGNIFICANT_DIGITS + 1)
    # A hair of slack so that a guess exactly on the boundary (0.998 for 0.9975) counts.
    return abs(guess - truth) <= tolerance * (1 + 1e-9) + _ZERO_TOLERANCE


@dataclass(frozen=True, eq=False)
class Verdict:
    """The outcome of one prediction: the parsed guess, right or not, and which entries were off.

    ``wrong_entries`` are flat indexes counted from 0 (row by row for a matrix).
    """

    guess: Array
    right: bool
    wrong_entries: tuple[int, ...]


def judge(step: Step, text: str) -> Verdict:
    """Compare what the learner typed with ``step.value``.

    Raises :class:`~acttutor.core.network.NetworkError` (a learner-facing message naming the
    entry) when ``text`` is not numbers in the step's shape; such an answer is not counted.
    """
    guess = parse_step_value(step, text)
    truth = np.asarray(step.value, dtype=np.float64).reshape(-1)
    flat = np.asarray(guess, dtype=np.float64).reshape(-1)
    wrong = tuple(
        i for i, (g, t) in enumerate(zip(flat, truth, strict=True)) if not entry_right(g, t)
    )
    return Verdict(guess=guess, right=not wrong, wrong_entries=wrong)


def placeholder_for(step: Step) -> str:
    """What to type for ``step``: ``2 numbers, e.g. 0, 2`` or ``a 2×2 matrix: 1, 0; 0, 1``."""
    value = np.asarray(step.value)
    if value.ndim == 2:
        rows, cols = value.shape
        example = "; ".join(", ".join("0" for _col in range(cols)) for _row in range(rows))
        return _("a {rows}×{cols} matrix, rows split by ';' (e.g. {example})").format(
            rows=rows, cols=cols, example=example)
    size = value.size
    if size == 1:
        return _("one number, e.g. 0.5 or 1/(1+e^-2)")
    return _("{n} numbers split by commas, e.g. {example}").format(
        n=size, example=", ".join(["0"] * size))


def feedback_for(step: Step, verdict: Verdict) -> Content:
    """✓ or ✗ with the true value and, when wrong, which entries were off."""
    truth = f"{step.name} {step.relation} {step.result}"
    if verdict.right:
        return Content.assemble(("✓ " + _("Right: "), "bold $text-success"), (truth, "bold"))
    said = format_array(verdict.guess)
    pieces: list[tuple[str, str] | str] = [
        ("✗ " + _("Not quite: "), "bold $text-error"),
        (_("you said {value}; ").format(value=said), ""),
        (truth, "bold"),
    ]
    value = np.asarray(step.value)
    if value.size > 1:
        if value.ndim == 2:
            cols = value.shape[1]
            where = [_("row {row} col {col}").format(row=i // cols + 1, col=i % cols + 1)
                     for i in verdict.wrong_entries]
        else:
            where = [_("entry {n}").format(n=i + 1) for i in verdict.wrong_entries]
        pieces.append(("  " + _("(off: {entries})").format(entries=", ".join(where)),
                       "$text-muted"))
    return Content.assemble(*pieces)


class PredictBar(Vertical):
    """Prompt, input line and feedback for predict mode; the screen handles ``Input.Submitted``."""

    DEFAULT_CSS = """
    PredictBar {
        height: auto;
    }
    PredictBar > Static {
        height: auto;
    }
    PredictBar > Input {
        background: $boost;
    }
    PredictBar > Input:focus {
        background: $warning 15%;
    }
    """

    def compose(self) -> ComposeResult:
        """Prompt, input, feedback."""
        yield Static("", markup=False, id="predict-prompt")
        yield Input(placeholder="", id="predict-input", compact=True, select_on_focus=False)
        yield Static("", markup=False, id="predict-feedback")

    def ask(self, step: Step | None, score: tuple[int, int]) -> None:
        """Ask for ``step``'s value (``None`` when every step is revealed)."""
        prompt = self.query_one("#predict-prompt", Static)
        field = self.query_one("#predict-input", Input)
        right, answered = score
        tally = ("   " + _("{right} of {total} right so far").format(right=right, total=answered)
                 if answered else "")
        if step is None:
            prompt.update(Content.assemble(
                (_("Predict mode"), "bold $text-warning"),
                (" · " + _("all steps revealed") + tally, "$text-muted"),
            ))
            field.display = False
            return
        field.display = True
        prompt.update(Content.assemble(
            (_("Predict") + " ", "bold $text-warning"),
            (step.equation, "bold"),
            ("   " + _("Enter checks · Esc leaves the field"), "$text-muted"),
            (tally, "$text-muted"),
        ))
        field.placeholder = placeholder_for(step)

    def tell(self, content: Content) -> None:
        """Show feedback under the input (empty content hides it)."""
        feedback = self.query_one("#predict-feedback", Static)
        feedback.update(content)
        feedback.display = bool(content.plain)
