"""ActivationPlot: f and f′ of one or more activations on a textual-plotext chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from acttutor.core.activations import Activation, ParamValue
from acttutor.core.curves import SATURATION_LEVEL, Curve, sample_curve

#: Colours of the curves, in order: f of the first activation, its f′, then the next ones.
VALUE_COLOURS = ("cyan+", "magenta+", "green+")
DERIVATIVE_COLOURS = ("orange+", "yellow+", "red+")


@dataclass(frozen=True)
class PlotSpec:
    """What to draw: activations with their parameters, over an x range, with a probe."""

    curves: tuple[tuple[Activation, Mapping[str, ParamValue]], ...]
    x_range: tuple[float, float]
    show_derivative: bool = True
    probe_x: float | None = None
    mark_saturation: bool = True
    title: str = ""
    labels: tuple[str, ...] = field(default=())


class ActivationPlot(PlotextPlot):
    """A chart of activations and their derivatives, redrawn whenever ``spec`` changes."""

    DEFAULT_CSS = """
    ActivationPlot {
        min-height: 8;
    }
    """

    spec: reactive[PlotSpec | None] = reactive(None, always_update=True)
    """The current drawing; assigning a new spec redraws the chart."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.curves: list[Curve] = []
        """The sampled curves of the last drawing (what the chart shows, for tests and readouts)."""

    def on_resize(self) -> None:
        """Resample at the new width so the curve stays sharp."""
        self.redraw()

    def watch_spec(self) -> None:
        """Redraw when the spec changes."""
        self.redraw()

    def redraw(self) -> None:
        """Clear the figure and plot the current spec: clear_data → plot → refresh."""
        spec = self.spec
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        if spec is None or not spec.curves:
            self.curves = []
            self.refresh()
            return
        points = max(2 * max(self.size.width, 40), 120)
        self.curves = [
            sample_curve(act, params, spec.x_range, points=points) for act, params in spec.curves
        ]
        low, high = spec.x_range
        for i, curve in enumerate(self.curves):
            name = spec.labels[i] if i < len(spec.labels) else curve.activation.name
            plt.plot(
                curve.x.tolist(), _finite(curve.value), label=f"{name}", marker="braille",
                color=VALUE_COLOURS[i % len(VALUE_COLOURS)],
            )
            if spec.show_derivative:
                plt.plot(
                    curve.x.tolist(), _finite(curve.derivative), label=f"{name}′",
                    marker="braille", color=DERIVATIVE_COLOURS[i % len(DERIVATIVE_COLOURS)],
                )
        if spec.mark_saturation and spec.show_derivative and len(self.curves) == 1:
            self._mark_saturation(self.curves[0])
        if spec.probe_x is not None and low <= spec.probe_x <= high:
            plt.vertical_line(spec.probe_x, color="gray")
            for i, curve in enumerate(self.curves):
                value, derivative = curve.activation.curve([spec.probe_x], **curve.params)
                plt.scatter([spec.probe_x], _finite(value), marker="●",
                            color=VALUE_COLOURS[i % len(VALUE_COLOURS)])
                if spec.show_derivative:
                    plt.scatter([spec.probe_x], _finite(derivative), marker="●",
                                color=DERIVATIVE_COLOURS[i % len(DERIVATIVE_COLOURS)])
        plt.xlim(low, high)
        plt.title(spec.title)
        self.refresh()

    def _mark_saturation(self, curve: Curve) -> None:
        """Shade where |f′| < 0.01 with a band along the bottom of the chart."""
        spans = curve.saturated_spans()
        if not spans:
            return
        import numpy as np

        values = np.concatenate([curve.value, curve.derivative])
        values = values[np.isfinite(values)]
        floor = float(values.min()) if values.size else 0.0
        for i, (start, stop) in enumerate(spans):
            plt_x = [start, stop] if stop > start else [start, start]
            self.plt.plot(
                plt_x, [floor, floor], marker="━", color="gray",
                label=f"|f′| < {SATURATION_LEVEL:g}" if i == 0 else None,
            )


def _finite(values: Sequence[float] | object) -> list[float]:
    import numpy as np

    arr = np.asarray(values, dtype=float)
    return np.nan_to_num(arr, nan=0.0, posinf=1e300, neginf=-1e300).tolist()
