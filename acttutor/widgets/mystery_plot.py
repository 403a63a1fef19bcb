"""The chart of a plot question: one curve, f or f′, and nothing that names the activation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.containers import Container

from acttutor.course.models import PlotSpec as QuestionPlot

if TYPE_CHECKING:
    from acttutor.widgets.activation_plot import ActivationPlot


class MysteryPlot(Container):
    """A plot question's chart: f or f′ alone, titled ``f(x)`` or ``f′(x)``, with no legend.

    The chart itself (an :class:`~acttutor.widgets.activation_plot.ActivationPlot`, drawn by
    plotext) is mounted once numpy and plotext are imported in a worker, so the question's prompt
    and options paint at once and the curve follows.
    """

    DEFAULT_CSS = """
    MysteryPlot { width: 1fr; height: 1fr; }
    """

    def __init__(self, plot: QuestionPlot, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.plot_spec = plot
        """The question's chart: which activation, its parameters, f or f′, the x range."""
        self.chart: ActivationPlot | None = None
        """The chart, once mounted."""

    def on_mount(self) -> None:
        """Import what the chart needs in a worker, then draw."""
        self._load_libraries()

    @work(thread=True, exclusive=True, group="mystery-plot", exit_on_error=False)
    def _load_libraries(self) -> None:
        import numpy  # noqa: F401

        import acttutor.core.curves  # noqa: F401
        import acttutor.widgets.activation_plot  # noqa: F401 (imports plotext)

        self.app.call_from_thread(self._libraries_loaded)

    def _libraries_loaded(self) -> None:
        if not self.is_attached:
            return
        from acttutor.core.activations import get_activation
        from acttutor.widgets.activation_plot import ActivationPlot, PlotSpec

        question = self.plot_spec
        derivative = question.of == "derivative"
        chart = ActivationPlot()
        self.chart = chart
        self.mount(chart)
        chart.spec = PlotSpec(
            curves=((get_activation(question.activation), dict(question.params)),),
            x_range=question.x_range,
            show_value=not derivative,
            show_derivative=derivative,
            mark_saturation=False,
            title="f′(x)" if derivative else "f(x)",
            show_legend=False,
        )
