"""The chart of a plot question: one curve, f or f′, and nothing that names the activation."""

from __future__ import annotations

from textual import work

from acttutor.course.models import PlotSpec as QuestionPlot
from acttutor.widgets.activation_plot import ActivationPlot


class MysteryPlot(ActivationPlot):
    """A plot question's chart: f or f′ alone, with no name anywhere that gives it away."""

    def __init__(self, plot: QuestionPlot, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.plot_spec = plot
        """The question's chart: which activation, its parameters, f or f′, the x range."""

    _ready = False
    """True once numpy and plotext are imported (in a worker, see :meth:`on_mount`)."""

    def on_mount(self) -> None:
        """Import what the chart needs in a worker, then draw.

        numpy and plotext take about 0.15 s to import the first time; the question's prompt and
        options are on screen meanwhile, and the curve follows.
        """
        self._load_libraries()

    @work(thread=True, exclusive=True, group="mystery-plot", exit_on_error=False)
    def _load_libraries(self) -> None:
        import numpy  # noqa: F401
        from textual_plotext.plot import Plot  # noqa: F401 (imports plotext)

        import acttutor.core.curves  # noqa: F401

        self.app.call_from_thread(self._libraries_loaded)

    def _libraries_loaded(self) -> None:
        self._ready = True
        if self.is_attached:
            self.redraw()

    def redraw(self) -> None:
        """Plot the one curve the question shows (once the libraries are loaded)."""
        if not self._ready:
            return
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
