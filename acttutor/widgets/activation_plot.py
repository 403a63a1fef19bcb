"""ActivationPlot: f and f′ of one or more activations, drawn by plotext.

The widget is textual-plotext's ``PlotextPlot`` and draws through its ``plt`` (plotext's public
API: ``plot``, ``xlim``/``ylim``, ``xticks``/``yticks``, ``horizontal_line``, ``build``). What it
adds is what a live chart needs:

- plotext's finished chart is kept as Textual strips, per (curves, parameters, range, size,
  theme), so a key that goes back to an earlier chart, or one that only moves the probe, never
  rebuilds it (:attr:`ActivationPlot.build_count` counts the builds);
- the probe (a mark on the x axis and a dot where it meets each curve) is laid over the cached
  chart, and a probe move repaints only the rows it touches;
- a legend with each curve's display name sits on its own rows under the chart, so it never
  covers a curve;
- round tick values with the screen's minus sign (U+2212), a zero line, one colour per curve, f′
  dotted so it is told apart from f by more than colour, and the band where |f′| < 0.01.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import Static
from textual_plotext import PlotextPlot

from acttutor.core.curves import (
    SATURATION_LEVEL,
    Curve,
    clean_number,
    nice_step,
    nice_ticks,
    sample_curve,
    tick_label,
)

if TYPE_CHECKING:
    from acttutor.core.activations import Activation, ParamValue

RGB = tuple[int, int, int]

#: Curve colours, in drawing order: f of the 1st activation, f′ of the 1st, f of the 2nd, ...
#: Six colours for three activations, none repeated; one set for dark themes, one for light.
CURVE_COLOURS_DARK: tuple[RGB, ...] = (
    (0, 160, 255), (255, 140, 40), (70, 200, 90), (240, 60, 100), (190, 120, 255),
    (235, 215, 40),
)
CURVE_COLOURS_LIGHT: tuple[RGB, ...] = (
    (0, 95, 200), (210, 95, 0), (20, 130, 40), (200, 20, 70), (130, 50, 200), (140, 120, 0),
)
#: Colour of the zero line and the saturation band.
GUIDE_COLOUR: RGB = (128, 128, 128)
#: plotext markers: f as a fine braille line, f′ as a dotted one (told apart without colour).
VALUE_MARKER = "braille"
DERIVATIVE_MARKER = "·"
BAND_MARKER = "━"
#: Legend swatches, matching the markers.
VALUE_SWATCH = "━━"
DERIVATIVE_SWATCH = "··"
BAND_SWATCH = "━━"
#: What the legend adds to a curve's name for its f′.
DERIVATIVE_SUFFIX = ": derivative"
PROBE_AXIS_MARK = "▲"
PROBE_DOT = "●"

#: A parameter change keeps the y limits while the curves span at least this share of them.
KEEP_Y_FILL = 0.5
#: Finished charts kept (a few activations × a few parameter values × sizes).
CHART_CACHE_SIZE = 24
#: Sampled curves kept.
CURVE_CACHE_SIZE = 48


@dataclass(frozen=True)
class PlotSpec:
    """What to draw: activations with their parameters, over an x range, with a probe.

    ``contexts`` holds, per curve, the other logits a vector activation (softmax) is held at.
    """

    curves: tuple[tuple[Activation, Mapping[str, ParamValue]], ...]
    x_range: tuple[float, float]
    show_derivative: bool = True
    show_value: bool = True
    probe_x: float | None = None
    mark_saturation: bool = True
    title: str = ""
    labels: tuple[str, ...] = field(default=())
    show_legend: bool = True
    contexts: tuple[tuple[float, ...] | None, ...] = field(default=())


@dataclass(frozen=True)
class LegendEntry:
    """One legend item: a swatch in the curve's colour and the curve's name."""

    swatch: str
    colour: RGB
    label: str


@dataclass(frozen=True)
class Series:
    """One line given to plotext: its x and y values, colour, marker and legend label."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    colour: RGB
    marker: str


@dataclass(frozen=True)
class ChartLayout:
    """Where plotext put the canvas inside the chart (screen cells) and the axis limits."""

    left: int
    top: int
    width: int
    height: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def column(self, x: float) -> int | None:
        """The screen column of ``x``, or None outside the canvas."""
        low, high = self.x_range
        if not math.isfinite(x) or not high > low or self.width <= 0:
            return None
        col = round((x - low) / (high - low) * (self.width * 2 - 1)) // 2
        return self.left + col if 0 <= col < self.width else None

    def row(self, y: float) -> int | None:
        """The screen row of ``y``, or None outside the canvas."""
        low, high = self.y_range
        if not math.isfinite(y) or not high > low or self.height <= 0:
            return None
        row = round((high - y) / (high - low) * (self.height * 4 - 1)) // 4
        return self.top + row if 0 <= row < self.height else None


@dataclass(frozen=True)
class _Chart:
    """A finished chart: plotext's rows (and the legend's) as strips, and the canvas layout."""

    lines: tuple[Strip, ...]
    layout: ChartLayout | None
    series: tuple[Series, ...]


class ActivationPlot(PlotextPlot):
    """A chart of activations and their derivatives, redrawn whenever ``spec`` changes."""

    DEFAULT_CSS = """
    ActivationPlot {
        width: 1fr;
        height: 1fr;
        min-height: 8;
    }
    """

    # repaint=False: the watcher repaints only what changed (the probe's rows, or everything).
    spec: reactive[PlotSpec | None] = reactive(None, always_update=True, repaint=False)
    """The current drawing; assigning a new spec redraws the chart."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        # plotext's colourless theme: the frame and ticks take the widget's own colours. The
        # legend is a separate widget (see ChartLegend) so plotext gets the whole height.
        self.theme = "clear"
        self.curves: list[Curve] = []
        """The sampled curves of the last drawing (what the chart shows, for readouts)."""
        self.build_count = 0
        """How many times plotext has built a chart in this widget (a probe move adds none)."""
        self._curve_cache: OrderedDict[tuple[Any, ...], Curve] = OrderedDict()
        self._charts: OrderedDict[tuple[Any, ...], _Chart] = OrderedDict()
        self._chart_key: tuple[Any, ...] | None = None
        self._chart: _Chart | None = None
        self._view: tuple[Any, ...] | None = None
        self._y_range: tuple[float, float] | None = None
        self._probe_cells: dict[int, list[tuple[int, str, RGB | None]]] = {}
        self._styled: dict[int, Strip] = {}
        self._base_style: Style | None = None

    # -- what is drawn (public, for readouts and tests) -----------------------------------------

    @property
    def series(self) -> tuple[Series, ...]:
        """The lines handed to plotext for the current chart."""
        return self._chart.series if self._chart is not None else ()

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        """The legend of the current drawing (shown by a :class:`ChartLegend`, if any)."""
        spec = self.spec
        if spec is None or not spec.show_legend or not self.is_mounted:
            return ()
        palette = self._palette()
        entries = []
        for i, curve in enumerate(self.curves):
            name = spec.labels[i] if i < len(spec.labels) else curve.activation.display
            if spec.show_value:
                entries.append(LegendEntry(VALUE_SWATCH, palette[(2 * i) % len(palette)], name))
            if spec.show_derivative:
                entries.append(LegendEntry(DERIVATIVE_SWATCH,
                                           palette[(2 * i + 1) % len(palette)],
                                           f"{name}{DERIVATIVE_SUFFIX}"))
        if _band(spec, self.curves):
            entries.append(LegendEntry(
                BAND_SWATCH, GUIDE_COLOUR,
                f"x axis: |f′| < {SATURATION_LEVEL:g} (gradient vanishes)",
            ))
        return tuple(entries)

    class LegendChanged(Message):
        """The legend changed (new curves, or new colours after a theme change)."""

        def __init__(self, plot: ActivationPlot) -> None:
            super().__init__()
            self.plot = plot

        @property
        def control(self) -> ActivationPlot:
            """The chart whose legend changed."""
            return self.plot

    @property
    def chart_layout(self) -> ChartLayout | None:
        """Where the canvas is on the current chart (None before the first paint)."""
        return self._chart.layout if self._chart is not None else None

    # -- updates ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Follow the app's theme (the cached charts are keyed by it)."""
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._theme_changed())

    def _theme_changed(self) -> None:
        self.refresh()
        self.post_message(self.LegendChanged(self))

    def on_resize(self) -> None:
        """Resample at the new width so the curve stays sharp."""
        self.watch_spec()

    def watch_spec(self) -> None:
        """Sample the curves; repaint the probe's rows alone when the chart itself is unchanged."""
        spec = self.spec
        if spec is None or not spec.curves:
            self.curves = []
            self.refresh()
            return
        points = max(2 * max(self.size.width, 40), 120)
        self.curves = [
            self._sample(act, params, spec.x_range, points, _context(spec, i))
            for i, (act, params) in enumerate(spec.curves)
        ]
        if self._chart is not None and self._key(spec) == self._chart_key:
            self._move_probe()
        else:
            self.refresh()
            self.post_message(self.LegendChanged(self))

    def _sample(
        self, activation: Activation, params: Mapping[str, ParamValue],
        x_range: tuple[float, float], points: int, context: tuple[float, ...] | None,
    ) -> Curve:
        key = (activation.name, tuple(sorted(params.items())), x_range, points, context)
        cache = self._curve_cache
        curve = cache.get(key)
        if curve is None:
            curve = sample_curve(activation, params, x_range, points=points, context=context)
            cache[key] = curve
            if len(cache) > CURVE_CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return curve

    def _key(self, spec: PlotSpec) -> tuple[Any, ...]:
        """Everything the finished chart depends on (not the probe)."""
        curves = tuple(
            (act.name, tuple(sorted(params.items())), _context(spec, i))
            for i, (act, params) in enumerate(spec.curves)
        )
        return (
            curves, spec.x_range, spec.show_value, spec.show_derivative, spec.mark_saturation,
            spec.title, spec.labels, spec.show_legend, tuple(self.size), self.app.theme,
            self._y_limits(spec),
        )

    def _y_limits(self, spec: PlotSpec) -> tuple[float, float]:
        """Round y limits around what is drawn; kept while only parameters change and fit."""
        import numpy as np

        arrays = []
        for curve in self.curves:
            if spec.show_value:
                arrays.append(curve.value)
            if spec.show_derivative:
                arrays.append(curve.derivative)
        finite = [a[np.isfinite(a)] for a in arrays]
        finite = [a for a in finite if a.size]
        low = float(min((a.min() for a in finite), default=-1.0))
        high = float(max((a.max() for a in finite), default=1.0))
        low, high = min(low, 0.0), max(high, 0.0)
        if not high - low > 1e-12 * max(1.0, abs(high)):
            low, high = low - 1.0, high + 1.0
        view = (tuple(c.activation.name for c in self.curves), spec.x_range, spec.show_value,
                spec.show_derivative, tuple(self.size))
        kept = self._y_range if view == self._view else None
        self._view = view
        if kept is not None and kept[0] <= low and high <= kept[1] \
                and high - low >= KEEP_Y_FILL * (kept[1] - kept[0]):
            return kept
        # Limits on a fine round step (about one per row): tidy, and little height wasted.
        rows = max(self.size.height - 4, 2)
        step = nice_step(high - low, max(4, rows))
        low = clean_number(math.floor(low / step + 1e-9) * step)
        high = clean_number(math.ceil(high / step - 1e-9) * step)
        self._y_range = (low, high)
        return self._y_range

    def _move_probe(self) -> None:
        """Lay the probe over the cached chart and repaint the rows it left and reached."""
        old = set(self._probe_cells)
        self._probe_cells = self._probe_overlay()
        rows = old | set(self._probe_cells)
        for row in rows:
            self._styled.pop(row, None)
        width = self.size.width
        if rows:
            self.refresh(*(Region(0, row, width, 1) for row in sorted(rows)))

    def _probe_overlay(self) -> dict[int, list[tuple[int, str, RGB | None]]]:
        """The probe's cells by row: (column, character, colour or None for the frame's)."""
        spec, chart = self.spec, self._chart
        cells: dict[int, list[tuple[int, str, RGB | None]]] = {}
        if spec is None or chart is None or chart.layout is None or spec.probe_x is None:
            return cells
        layout = chart.layout
        col = layout.column(spec.probe_x)
        if col is None:
            return cells
        cells.setdefault(layout.top + layout.height, []).append((col, PROBE_AXIS_MARK, None))
        palette = self._palette()
        from acttutor.core.curves import curve_at

        for i, curve in enumerate(self.curves):
            value, derivative = curve_at(curve, spec.probe_x)
            shown = []
            if spec.show_value:
                shown.append((value, palette[(2 * i) % len(palette)]))
            if spec.show_derivative:
                shown.append((derivative, palette[(2 * i + 1) % len(palette)]))
            for y, colour in shown:
                row = layout.row(y)
                if row is not None:
                    cells.setdefault(row, []).append((col, PROBE_DOT, colour))
        return cells

    # -- building the chart with plotext -------------------------------------------------------

    def _palette(self) -> tuple[RGB, ...]:
        dark = self.app.current_theme.dark
        return CURVE_COLOURS_DARK if dark else CURVE_COLOURS_LIGHT

    def _ensure_chart(self) -> _Chart | None:
        """The finished chart for the current spec and size, from the cache or built now."""
        spec = self.spec
        width, height = self.size
        if spec is None or not spec.curves or width <= 0 or height <= 0:
            self._chart, self._chart_key = None, None
            return None
        key = self._key(spec)
        if key == self._chart_key and self._chart is not None:
            return self._chart
        chart = self._charts.get(key)
        if chart is None:
            chart = self._build(spec, key[-1], width, height)
            self._charts[key] = chart
            if len(self._charts) > CHART_CACHE_SIZE:
                self._charts.popitem(last=False)
        else:
            self._charts.move_to_end(key)
        self._chart, self._chart_key = chart, key
        self._styled.clear()
        self._probe_cells = self._probe_overlay()
        return chart

    def _build(
        self, spec: PlotSpec, y_range: tuple[float, float], width: int, height: int
    ) -> _Chart:
        """Draw the chart with plotext and keep its rows as strips."""
        import numpy as np

        self.build_count += 1
        palette = self._palette()
        series: list[Series] = []
        low, high = y_range
        span = high - low
        for i, curve in enumerate(self.curves):
            name = spec.labels[i] if i < len(spec.labels) else curve.activation.display
            xs = tuple(curve.x.tolist())
            for kind, ys, marker, label in (
                ("value", curve.value, VALUE_MARKER, name),
                ("derivative", curve.derivative, DERIVATIVE_MARKER, f"{name}{DERIVATIVE_SUFFIX}"),
            ):
                if (kind == "value" and not spec.show_value) or \
                        (kind == "derivative" and not spec.show_derivative):
                    continue
                colour = palette[(2 * i + (kind == "derivative")) % len(palette)]
                # Off-chart and non-finite samples are clipped just outside the canvas.
                clean = np.clip(np.nan_to_num(ys, nan=high + span, posinf=high + span,
                                              neginf=low - span), low - span, high + span)
                series.append(Series(label, xs, tuple(clean.tolist()), colour, marker))
        band = _band(spec, self.curves)

        plot_height = height
        plt = self.plt
        plt.clear_figure()
        if spec.title:
            plt.title(spec.title)
        x_low, x_high = spec.x_range
        plt.xlim(x_low, x_high)
        plt.ylim(low, high)
        canvas_rows = plot_height - 3 - (1 if spec.title else 0)
        y_ticks = nice_ticks(low, high, max(2, canvas_rows // 2))
        plt.yticks(y_ticks, [tick_label(t) for t in y_ticks])
        x_ticks = nice_ticks(x_low, x_high, max(2, width // 10))
        plt.xticks(x_ticks, [tick_label(t) for t in x_ticks])
        if low < 0 < high:
            plt.horizontal_line(0.0, color=GUIDE_COLOUR)
        for item in series:
            plt.plot(list(item.x), list(item.y), marker=item.marker, color=item.colour)
        # textual-plotext's own render: sizes the figure to the widget, applies the theme, builds.
        text = super().render()
        assert isinstance(text, Text)
        console = self.app.console
        rows = text.split("\n", allow_blank=True)[:plot_height]
        # simplify(): one segment per run of one colour, so laying the probe over a row is cheap.
        lines = [Strip(list(row.render(console)), row.cell_len).adjust_cell_length(width)
                 .simplify() for row in rows]
        lines += [Strip.blank(width)] * (plot_height - len(lines))
        layout = _find_canvas([row.plain for row in rows], spec.x_range, y_range)
        if layout is not None and band:
            lines[layout.top + layout.height] = _mark_band(
                lines[layout.top + layout.height], layout, band)
        return _Chart(tuple(lines), layout, tuple(series))

    # -- rendering (Textual's line API) ---------------------------------------------------------

    def render(self) -> RenderResult:
        """The chart as text (what :meth:`render_line` paints, probe included)."""
        if self._ensure_chart() is None:
            return ""
        return Text("\n".join(self._line(y).text for y in range(self.size.height)))

    def render_lines(self, crop: Region) -> list[Strip]:
        """Bring the cached chart up to date once per repaint, then let Textual crop and style."""
        self._ensure_chart()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One row of the cached chart, with the probe laid over it."""
        if self._chart is None:
            return Strip.blank(self.size.width, self.rich_style)
        style = self.rich_style
        if style != self._base_style:
            self._styled.clear()
            self._base_style = style
        strip = self._styled.get(y)
        if strip is None:
            strip = self._line(y).apply_style(style)
            self._styled[y] = strip
        return strip

    def _line(self, y: int) -> Strip:
        chart = self._chart
        if chart is None or not 0 <= y < len(chart.lines):
            return Strip.blank(self.size.width)
        strip = chart.lines[y]
        for col, char, colour in self._probe_cells.get(y, ()):
            style = Style(color=f"rgb{colour}" if colour else None, bold=True)
            left, _, right = strip.divide([col, col + 1, strip.cell_length])
            strip = Strip([*left, Segment(char, style), *right], strip.cell_length)
        return strip


def _context(spec: PlotSpec, i: int) -> tuple[float, ...] | None:
    return spec.contexts[i] if i < len(spec.contexts) else None


def _band(spec: PlotSpec, curves: Sequence[Curve]) -> list[tuple[float, float]]:
    """Spans of x where |f′| < 0.01, marked when one activation is drawn with its f′."""
    if spec.mark_saturation and spec.show_derivative and len(curves) == 1:
        return curves[0].saturated_spans()
    return []


class ChartLegend(Static):
    """The legend of an :class:`ActivationPlot`, on its own rows so it never covers a curve."""

    DEFAULT_CSS = """
    ChartLegend { height: auto; padding: 0 1; }
    """

    def show(self, entries: Sequence[LegendEntry]) -> None:
        """Show ``entries``: a key for the two line styles, then each activation's swatches
        (f, then f′, in their colours) and its name, wrapped to fit."""
        groups: dict[str, list[LegendEntry]] = {}
        for entry in entries:
            groups.setdefault(entry.label.removesuffix(DERIVATIVE_SUFFIX), []).append(entry)
        pieces: list[Content] = []
        if entries and any(e.swatch == VALUE_SWATCH for e in entries) \
                and any(e.swatch == DERIVATIVE_SWATCH for e in entries):
            pieces.append(Content.assemble(
                (VALUE_SWATCH, "bold"), " f  ", (DERIVATIVE_SWATCH, "bold"), " f′:"))
        for label, group in groups.items():
            swatches = [(e.swatch, "bold #{:02x}{:02x}{:02x}".format(*e.colour)) for e in group]
            pieces.append(Content.assemble(*swatches, f" {label}"))
        content = Content("   ").join(pieces)
        if content.plain == self._shown_plain and entries == self._shown_entries:
            return
        width = self.size.width
        rules = self.styles.get_rules()
        same_height = width > 0 and content.get_height(rules, width) == self.size.height
        self._shown_plain, self._shown_entries = content.plain, tuple(entries)
        self.update(content, layout=not same_height)

    _shown_plain = ""
    _shown_entries: tuple[LegendEntry, ...] = ()


def _mark_band(
    axis: Strip, layout: ChartLayout, band: Sequence[tuple[float, float]]
) -> Strip:
    """The x axis drawn heavy (━) under the spans where |f′| < 0.01."""
    style = Style(color=f"rgb{GUIDE_COLOUR}", bold=True)
    for start, stop in band:
        first, last = layout.column(start), layout.column(stop)
        if first is None or last is None:
            continue
        pieces = axis.divide([first, last + 1, axis.cell_length])
        if len(pieces) < 3:
            continue
        heavy = Strip([Segment(BAND_MARKER * (last + 1 - first), style)], last + 1 - first)
        axis = Strip.join([pieces[0], heavy, pieces[2]])
    return axis


def _find_canvas(
    rows: Sequence[str], x_range: tuple[float, float], y_range: tuple[float, float]
) -> ChartLayout | None:
    """Where plotext drew its frame: the canvas is what the box ┌…┘ encloses."""
    top = next((i for i, row in enumerate(rows) if "┌" in row), None)
    bottom = next((i for i, row in enumerate(rows) if "└" in row), None)
    if top is None or bottom is None or bottom <= top + 1:
        return None
    left = rows[bottom].index("└")
    right = rows[bottom].rfind("┘")
    if right <= left + 1:
        return None
    return ChartLayout(left + 1, top + 1, right - left - 1, bottom - top - 1, x_range, y_range)
