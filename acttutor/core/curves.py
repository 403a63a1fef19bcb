"""Sampled curves of an activation and its derivative, ready for a chart (CLI or app).

numpy and the activation engine are imported when a curve is sampled, not with this module, so
importing a chart widget costs nothing until it draws.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from acttutor.core.activations import Activation, ParamValue

#: |f′| below this counts as saturated: the gradient has all but vanished there.
SATURATION_LEVEL = 0.01


@dataclass(frozen=True)
class Curve:
    """f and f′ sampled on an even grid of x."""

    activation: Activation
    params: Mapping[str, ParamValue]
    x: np.ndarray
    value: np.ndarray
    derivative: np.ndarray
    context: tuple[float, ...] | None = None
    """For a vector activation (softmax): the other logits, held fixed while x sweeps the first."""

    def saturated_spans(self, level: float = SATURATION_LEVEL) -> list[tuple[float, float]]:
        """Intervals of x where |f′| < level (where the gradient vanishes)."""
        return saturated_spans(self.x, self.derivative, level)


def sample_curve(
    activation: Activation,
    params: Mapping[str, ParamValue] | None = None,
    x_range: tuple[float, float] | None = None,
    points: int = 401,
    context: Sequence[float] | None = None,
) -> Curve:
    """Sample ``activation`` with ``params`` on ``points`` x values spanning ``x_range``.

    ``context``: for a vector activation, the other logits (the first sweeps x); the engine's
    usual ones when None.
    """
    import numpy as np

    resolved = activation.resolve_params(params or {})
    low, high = x_range or activation.plot_range
    x = np.linspace(low, high, points)
    held = vector_context(activation, context)
    value, derivative = curve_values(activation, x, resolved, held)
    return Curve(activation, resolved, x, value, derivative, held)


def vector_context(
    activation: Activation, context: Sequence[float] | None = None
) -> tuple[float, ...] | None:
    """The other logits a vector activation's curve holds fixed (None for elementwise ones)."""
    from acttutor.core.activations import VECTOR_CONTEXT

    if activation.kind != "vector":
        return None
    return tuple(float(v) for v in (VECTOR_CONTEXT if context is None else context))


def curve_values(
    activation: Activation,
    x: object,
    params: Mapping[str, ParamValue],
    context: Sequence[float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(f, f′) along x; a vector activation's first output with the other logits at ``context``.

    For a vector activation f′ is ∂f₁/∂x₁, the Jacobian's first diagonal entry.
    """
    import numpy as np

    if activation.kind != "vector" or context is None:
        return activation.curve(x, **params)
    arr = np.asarray(x, dtype=np.float64)
    logits = np.empty((arr.size, 1 + len(context)))
    logits[:, 0] = arr.ravel()
    logits[:, 1:] = context
    values = activation.value(logits, **params)[:, 0].reshape(arr.shape)
    diagonal = activation.derivative(logits, **params)[:, 0].reshape(arr.shape)
    return values, diagonal


def curve_at(curve: Curve, x: float) -> tuple[float, float]:
    """f(x) and f′(x) of ``curve``'s activation (same parameters and context) at one x."""
    value, derivative = curve_values(curve.activation, [x], curve.params, curve.context)
    return float(value[0]), float(derivative[0])


def saturated_spans(
    x: np.ndarray, derivative: np.ndarray, level: float = SATURATION_LEVEL
) -> list[tuple[float, float]]:
    """Maximal runs of consecutive samples with |f′| < level, as (first x, last x) pairs."""
    import numpy as np

    flat = np.abs(np.nan_to_num(derivative, nan=np.inf)) < level
    spans: list[tuple[float, float]] = []
    start: int | None = None
    for i, inside in enumerate(flat):
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            spans.append((float(x[start]), float(x[i - 1])))
            start = None
    if start is not None:
        spans.append((float(x[start]), float(x[-1])))
    return spans


def nice_step(span: float, target: int) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ᵏ) cutting ``span`` into about ``target`` parts."""
    if not (math.isfinite(span) and span > 0):
        return 1.0
    raw = span / max(target, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))


def nice_ticks(low: float, high: float, target: int) -> list[float]:
    """Round tick values inside [low, high], about ``target`` of them (see :func:`nice_step`)."""
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return [low] if math.isfinite(low) else []
    step = nice_step(span, target)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [clean_number(k * step) for k in range(first, last + 1)]


def clean_number(value: float) -> float:
    """Drop binary noise (0.30000000000000004 → 0.3) and negative zero."""
    cleaned = float(f"{value:.12g}")
    return 0.0 if cleaned == 0 else cleaned


def tick_label(value: float) -> str:
    """A tick value in the course's number format (:mod:`acttutor.core.numfmt`): ``0.5``,
    ``−2``, ``1000``, ``1 × 10⁻⁴``."""
    from acttutor.core.numfmt import format_number

    return format_number(value, 3)
