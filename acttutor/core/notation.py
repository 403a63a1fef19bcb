"""The lessons' notation for the worked network, as the forward pass shows it to a learner.

The stepper's steps name things with plain ASCII ids (``W1``, ``b1``, ``z1``, ``z2``), which stay
the keys of ``acttutor forward --format json``. The lessons write the same network with
subscripts,

    z₁ = W₁x + b₁,   h = relu(z₁),   z₂ = W₂h + b₂,   ŷ = σ(z₂),   loss L,   δ = ∂L/∂z₂

so :func:`lesson_notation` rewrites a text in that notation, and :func:`lesson_worked_pass`
rewrites every learner-facing text of a worked pass (labels, formulas, per-unit lines, flags and
the summary) once, where the forward-pass screen and ``acttutor forward`` build it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from acttutor.core.network_steps import Step, UnitFlag, WorkedPass

__all__ = ["lesson_notation", "lesson_step", "lesson_worked_pass"]

_ID = r"(?<![A-Za-z0-9_₀-₉]){}(?![A-Za-z0-9_])"

#: (pattern, replacement): each ASCII id and its subscripted symbol.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(_ID.format(name)), symbol)
    for name, symbol in (
        ("z1", "z₁"), ("z2", "z₂"), ("W1", "W₁"), ("W2", "W₂"), ("b1", "b₁"), ("b2", "b₂"),
    )
)


def lesson_notation(text: str) -> str:
    """``"z1 = W1·x + b1"`` → ``"z₁ = W₁·x + b₁"``; ``"∂L/∂z2"`` → ``"∂L/∂z₂"``."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def _flag(flag: UnitFlag) -> UnitFlag:
    return replace(flag, message=lesson_notation(flag.message))


def lesson_step(step: Step) -> Step:
    """``step`` with every text in the lessons' notation (key and value unchanged)."""
    return replace(
        step,
        label=lesson_notation(step.label),
        name=lesson_notation(step.name),
        symbolic=lesson_notation(step.symbolic),
        expression=lesson_notation(step.expression),
        local=lesson_notation(step.local),
        detail=tuple(lesson_notation(line) for line in step.detail),
        flags=tuple(_flag(flag) for flag in step.flags),
    )


def lesson_worked_pass(worked: WorkedPass) -> WorkedPass:
    """``worked`` with its steps and summary in the lessons' notation."""
    return replace(
        worked,
        steps=tuple(lesson_step(s) for s in worked.steps),
        summary=lesson_notation(worked.summary),
        backward=tuple(lesson_step(s) for s in worked.backward),
        collapse=tuple(lesson_step(s) for s in worked.collapse),
    )
