"""Sampled curves of an activation and its derivative, ready for a chart (CLI or app).

numpy and the activation engine are imported when a curve is sampled, not with this module, so
importing a chart widget costs nothing until it draws.
"""

from __future__ import annotations

from collections.abc import Mapping
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

    def saturated_spans(self, level: float = SATURATION_LEVEL) -> list[tuple[float, float]]:
        """Intervals of x where |f′| < level (where the gradient vanishes)."""
        return saturated_spans(self.x, self.derivative, level)


def sample_curve(
    activation: Activation,
    params: Mapping[str, ParamValue] | None = None,
    x_range: tuple[float, float] | None = None,
    points: int = 401,
) -> Curve:
    """Sample ``activation`` with ``params`` on ``points`` x values spanning ``x_range``."""
    import numpy as np

    resolved = activation.resolve_params(params or {})
    low, high = x_range or activation.plot_range
    x = np.linspace(low, high, points)
    value, derivative = activation.curve(x, **resolved)
    return Curve(activation, resolved, x, value, derivative)


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
