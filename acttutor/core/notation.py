"""The lessons' notation for the worked network, as the forward pass shows it to a learner.

The stepper's steps name things with plain ASCII ids (``W1``, ``b1``, ``z1``, ``z2``, ``L``), which
stay the keys of ``acttutor forward --format json``. The lessons write the same network as

    a = W₁x + b₁,   h = relu(a),   z = W₂h + b₂,   ŷ = σ(z),   loss J,   δ = ∂J/∂z

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

#: (pattern, replacement) in order: the softmax Jacobian first, so its J is not the loss's.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Jᵀ·∂L/∂ŷ"), "(∂ŷ/∂z)ᵀ·∂J/∂ŷ"),
    (re.compile(r"∂L/"), "∂J/"),
    (re.compile(_ID.format("L")), "J"),
    (re.compile(_ID.format("z1")), "a"),
    (re.compile(_ID.format("z2")), "z"),
    (re.compile(_ID.format("W1")), "W₁"),
    (re.compile(_ID.format("W2")), "W₂"),
    (re.compile(_ID.format("b1")), "b₁"),
    (re.compile(_ID.format("b2")), "b₂"),
)


def lesson_notation(text: str) -> str:
    """``"z1 = W1·x + b1"`` → ``"a = W₁·x + b₁"``; ``"∂L/∂z2"`` → ``"∂J/∂z"``."""
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
