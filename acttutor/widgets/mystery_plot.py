"""The chart of a plot question: one curve, f or f′, and nothing that names the activation."""

from __future__ import annotations

from acttutor.course.models import PlotSpec as QuestionPlot
from acttutor.widgets.activation_plot import ActivationPlot


class MysteryPlot(ActivationPlot):
    """A plot question's chart: f or f′ alone, with no name anywhere that gives it away."""

    def __init__(self, plot: QuestionPlot, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.plot_spec = plot
        """The question's chart: which activation, its parameters, f or f′, the x range."""

    def on_mount(self) -> None:
        """Draw once the widget has a size."""
        self.redraw()

    def redraw(self) -> None:
        """Plot the one curve the question shows."""
        from acttutor.core.activations import get_activation
        from acttutor.core.curves import sample_curve

        spec = self.plot_spec
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        activation = get_activation(spec.activation)
        low, high = spec.x_range
        points = max(2 * max(self.size.width, 40), 120)
        curve = sample_curve(activation, spec.params, (low, high), points=points)
        derivative = spec.of == "derivative"
        ys = curve.derivative if derivative else curve.value
        import numpy as np

        ys = np.nan_to_num(ys, nan=0.0, posinf=1e300, neginf=-1e300)
        plt.plot(curve.x.tolist(), ys.tolist(), marker="braille",
                 color="orange+" if derivative else "cyan+")
        plt.horizontal_line(0.0, color="gray")
        plt.xlim(low, high)
        plt.title("f′(x)" if derivative else "f(x)")
        plt.xlabel("x")
        self.refresh()
