"""ActivationPlot: f and f′ of one or more activations on a braille chart, fast enough to redraw
on every key press.

A drawing given as a :class:`PlotSpec` is rendered here, straight to Textual strips, in
plotext's style: a frame with ticks, braille curves in distinct colours, a legend. Plotext builds
a whole figure as ANSI text that then has to be parsed again, which took several frames (tens of
milliseconds) per key press; this renderer keeps three layers so a key press only redoes what it
changed:

- sampled curves, cached by activation, parameters, x range and sample count (a probe move
  never resamples);
- the base chart (frame, ticks, curves, saturation band, legend) as a grid of cells, cached by
  everything but the probe;
- the probe (a mark on the x axis and a dot on each curve) laid over a copy of the base grid.

Only the rows that differ from the frame on screen are repainted.

Subclasses may still draw through plotext's API, ``self.plt``, as with textual-plotext's
``PlotextPlot``; plotext is then imported on first use, so the app does not load it (nor numpy,
see :mod:`acttutor.core.curves`) until a chart is drawn.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult
from textual.color import Color
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from acttutor.core.curves import SATURATION_LEVEL, Curve, sample_curve

if TYPE_CHECKING:
    import numpy as np
    from textual_plotext.plot import Plot

    from acttutor.core.activations import Activation, ParamValue

#: Colours of the curves, in order: f of the first activation, its f′, then the next ones.
VALUE_COLOURS = ("bright_cyan", "bright_magenta", "bright_green")
DERIVATIVE_COLOURS = ("orange1", "bright_yellow", "bright_red")
#: Colour of the saturation band.
GUIDE_COLOUR = "grey50"

#: A parameter change keeps the y limits while the curves span at least this share of them.
KEEP_Y_FILL = 0.5
#: How many sampled curves to keep (a few activations × a few parameter values).
CURVE_CACHE_SIZE = 32

_BRAILLE = 0x2800
#: Braille dot bits by (row in cell 0-3, column in cell 0-1).
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


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


@dataclass(frozen=True)
class _Series:
    """One line on the chart: y over the curve's x, in a colour (an index into the palette)."""

    y: np.ndarray
    colour: int
    label: str


@dataclass
class _Grid:
    """A chart as a grid of cells — code points and palette indexes — and where its canvas is."""

    codes: np.ndarray
    """Code point of every cell (rows × columns)."""
    colours: np.ndarray
    """Palette index of every cell."""
    canvas_left: int
    canvas_top: int
    canvas_width: int
    canvas_height: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    occupied: np.ndarray
    """Canvas cells holding a curve or the legend (canvas rows × canvas columns)."""


# Palette indexes: 0 is the widget's own colour (frame, ticks, labels); curve colours follow.
_FG = 0
_GUIDE = 1


class ActivationPlot(Widget):
    """A chart of activations and their derivatives, redrawn whenever ``spec`` changes.

    Subclasses may instead draw through plotext's API with :attr:`plt`, as with textual-plotext's
    ``PlotextPlot`` (the quiz's mystery plot does); plotext is imported only then.
    """

    DEFAULT_CSS = """
    ActivationPlot {
        width: 1fr;
        height: 1fr;
        min-height: 8;
    }
    """

    # repaint=False: the watcher repaints just the rows that change (a reactive's own repaint
    # would mark the whole chart dirty).
    spec: reactive[PlotSpec | None] = reactive(None, always_update=True, repaint=False)
    """The current drawing; assigning a new spec redraws the chart."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.curves: list[Curve] = []
        """The sampled curves of the last drawing (what the chart shows, for tests and readouts)."""
        self._drawn: PlotSpec | None = None
        self._curve_keys: tuple[tuple[Any, ...], ...] = ()
        self._curve_cache: OrderedDict[tuple[Any, ...], Curve] = OrderedDict()
        self._base_key: tuple[Any, ...] | None = None
        self._base: _Grid | None = None
        self._view: tuple[Any, ...] | None = None
        self._pending: tuple[np.ndarray, np.ndarray] | None = None
        """The frame drawn by the last redraw, not painted yet."""
        self._shown: tuple[np.ndarray, np.ndarray] | None = None
        """The frame the strips in ``_lines`` show."""
        self._lines: list[Strip] = []
        self._lines_style: Style | None = None
        self._palette: list[Style] = []
        self._plot: Plot | None = None

    @property
    def plt(self) -> Plot:
        """Plotext's plotting object, as textual-plotext's ``PlotextPlot.plt`` (created on first
        use). A chart drawn through it is rendered by plotext while no ``spec`` is set."""
        if self._plot is None:
            from textual_plotext.plot import Plot

            self._plot = Plot()
        return self._plot

    def on_mount(self) -> None:
        """Follow theme changes (the plotext path takes its colours from the theme)."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def render(self) -> RenderResult:
        """The plotext rendering of what was drawn through :attr:`plt` (as ``PlotextPlot``)."""
        if self._plot is None:
            return ""
        from rich.text import Text

        width, height = self.size
        self._plot.plotsize(width, height)
        # textual-plotext sets the size twice as well: resizing is unreliable otherwise.
        self._plot._set_size(width, height)
        self._plot.theme(self._plotext_theme())
        return Text.from_ansi(self._plot.build())

    def _plotext_theme(self) -> str:
        """Register (once) and name the plotext theme matching the app's theme."""
        from plotext._dict import themes
        from textual_plotext.plot import _rgbify_theme, _sequence

        name = f"textual-auto-{self.app.theme}"
        if name not in themes:
            variables = self.app.theme_variables
            surface = Color.parse(variables.get("surface", "black")).rgb
            foreground = Color.parse(variables.get("foreground", "white")).rgb
            themes[name] = _rgbify_theme(surface, surface, foreground, "default", _sequence)
        return name

    def on_resize(self) -> None:
        """Resample at the new width so the curve stays sharp."""
        self.redraw()

    def watch_spec(self) -> None:
        """Redraw when the spec changes."""
        self.redraw()

    def redraw(self) -> None:
        """Sample the current spec's curves and repaint the chart."""
        spec = self.spec
        self._drawn = spec
        if spec is None or not spec.curves:
            self.curves = []
            self._curve_keys = ()
        else:
            points = max(2 * max(self.size.width, 40), 120)
            self._curve_keys = tuple(
                (act.name, tuple(sorted(params.items())), spec.x_range, points)
                for act, params in spec.curves
            )
            self.curves = [
                self._sample(key, act, params) for key, (act, params)
                in zip(self._curve_keys, spec.curves, strict=True)
            ]
        self._repaint()

    def _sample(
        self, key: tuple[Any, ...], activation: Activation, params: Mapping[str, ParamValue]
    ) -> Curve:
        """The curve from the cache, sampling it only the first time (probe moves never do).

        ``key`` is (name, sorted parameters, x range, number of points).
        """
        cache = self._curve_cache
        curve = cache.get(key)
        if curve is None:
            curve = sample_curve(activation, params, key[2], points=key[3])
            cache[key] = curve
            if len(cache) > CURVE_CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return curve

    def _repaint(self) -> None:
        """Draw the new frame now and ask Textual to repaint only the rows that changed.

        Repainting a row costs Textual far more than comparing it, and most changes (a probe
        move, a parameter step) leave many rows as they were.
        """
        width, height = self.size
        if self._drawn is None or not self.curves or width <= 0 or height <= 0:
            self._pending = None
            self.refresh()
            return
        codes, colours = self._frame(self._drawn, width, height)
        self._pending = (codes, colours)
        shown = self._shown
        if shown is None or shown[0].shape != codes.shape:
            self.refresh()
            return
        rows = _changed_rows(shown, self._pending)
        if rows:
            self.refresh(*(Region(0, first, width, last - first + 1)
                           for first, last in _runs(rows)))

    def _frame(self, spec: PlotSpec, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
        """The chart's cells (code points and palette indexes) for ``spec`` at this size."""
        base = self._base_grid(spec, width, height)
        codes, colours = base.codes, base.colours
        if base.canvas_width > 0 and spec.probe_x is not None:
            codes, colours = codes.copy(), colours.copy()
            _draw_probe(base, codes, colours, spec, self.curves)
        return codes, colours

    def _base_grid(self, spec: PlotSpec, width: int, height: int) -> _Grid:
        """Frame, ticks, curves, saturation band and legend: everything but the probe."""
        key = (
            self._curve_keys, spec.x_range, spec.show_derivative, spec.mark_saturation,
            spec.title, spec.labels, width, height,
        )
        if key == self._base_key and self._base is not None:
            return self._base
        series: list[_Series] = []
        for i, curve in enumerate(self.curves):
            name = spec.labels[i] if i < len(spec.labels) else curve.activation.name
            series.append(_Series(curve.value, _value_colour(i), name))
            if spec.show_derivative:
                series.append(_Series(curve.derivative, _derivative_colour(i), f"{name}′"))
        saturated: list[tuple[float, float]] = []
        if spec.mark_saturation and spec.show_derivative and len(self.curves) == 1:
            saturated = self.curves[0].saturated_spans()
        xs = self.curves[0].x
        # While only parameters change, the y axis stays put as long as the curves still fit it
        # well: the learner sees the curve move, not the axes, and fewer rows need repainting.
        view = (tuple(k[0] for k in self._curve_keys), spec.x_range, spec.show_derivative,
                width, height)
        keep = self._base.y_range if self._base is not None and view == self._view else None
        self._base = _build_base(xs, series, saturated, spec.x_range, spec.title, width, height,
                                 keep_y=keep)
        self._base_key = key
        self._view = view
        return self._base

    # -- rendering (Textual's line API) ---------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """Bring the chart's rows up to date once per repaint, then let Textual crop and style."""
        if self._drawn is not None and self.curves:
            self._update_lines()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One row of the chart; plotext's renderer when the chart was drawn through ``plt``."""
        if self._drawn is None or not self.curves:
            return super().render_line(y)
        lines = self._lines if self._pending is None and self._lines else self._update_lines()
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width)

    def _update_lines(self) -> list[Strip]:
        """The rows as strips, rebuilding only those whose cells changed since the last paint."""
        spec = self._drawn
        assert spec is not None
        width, height = self.size
        style = self.rich_style
        shown = self._shown
        frame = self._pending
        if frame is None or frame[0].shape != (height, width):
            if shown is not None and shown[0].shape == (height, width):
                frame = shown
            else:
                frame = self._frame(spec, width, height)
        self._pending = None
        if (style != self._lines_style or shown is None or len(self._lines) != height
                or shown[0].shape != frame[0].shape):
            self._palette = _palette(style)
            self._lines = _strips(frame[0], frame[1], self._palette)
        elif frame is not shown:
            rows = _changed_rows(shown, frame)
            if rows:
                new = _strips(frame[0][rows], frame[1][rows], self._palette)
                for row, strip in zip(rows, new, strict=True):
                    self._lines[row] = strip
        self._shown = frame
        self._lines_style = style
        return self._lines


# --------------------------------------------------------------------------- drawing helpers


def _palette(base: Style) -> list[Style]:
    """Styles by palette index: the widget's own, the guide, then the curve colours."""
    colours = [GUIDE_COLOUR, *VALUE_COLOURS, *DERIVATIVE_COLOURS]
    return [base, *(base + Style(color=c) for c in colours)]


def _changed_rows(
    old: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray]
) -> list[int]:
    """Rows whose characters or colours differ between two frames of the same size."""
    import numpy as np

    changed = (old[0] != new[0]).any(axis=1) | (old[1] != new[1]).any(axis=1)
    return np.flatnonzero(changed).tolist()


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _value_colour(i: int) -> int:
    return 2 + i % len(VALUE_COLOURS)


def _derivative_colour(i: int) -> int:
    return 2 + len(VALUE_COLOURS) + i % len(DERIVATIVE_COLOURS)


def _build_base(
    xs: np.ndarray,
    series: Sequence[_Series],
    saturated: Sequence[tuple[float, float]],
    x_range: tuple[float, float],
    title: str,
    width: int,
    height: int,
    keep_y: tuple[float, float] | None = None,
) -> _Grid:
    """The chart without its probe. ``keep_y``: y limits to keep if the curves still fill them."""
    import numpy as np

    codes = np.full((height, width), ord(" "), dtype=np.uint32)
    colours = np.zeros((height, width), dtype=np.uint8)
    top = 1 if title else 0
    if title and width > 0:
        _put_text(codes, colours, 0, max(0, (width - len(title)) // 2), title[:width], _FG)

    finite = [s.y[np.isfinite(s.y)] for s in series]
    finite = [f for f in finite if f.size]
    if finite:
        y_low = float(min(f.min() for f in finite))
        y_high = float(max(f.max() for f in finite))
    else:
        y_low, y_high = -1.0, 1.0
    if not y_high - y_low > 1e-12 * max(1.0, abs(y_high)):
        y_low, y_high = y_low - 1.0, y_high + 1.0
    pad = (y_high - y_low) * 0.04
    canvas_height = height - top - 3  # top frame, bottom frame, x labels
    if keep_y is not None and keep_y[0] <= y_low and y_high <= keep_y[1] \
            and (y_high - y_low) >= KEEP_Y_FILL * (keep_y[1] - keep_y[0]):
        y_low, y_high = keep_y
    else:
        # Round the limits out to a fine round step (about two rows): tidy, little wasted height.
        step = _nice_step(y_high - y_low + 2 * pad, max(4, canvas_height // 2))
        y_low = math.floor((y_low - pad) / step + 1e-9) * step
        y_high = math.ceil((y_high + pad) / step - 1e-9) * step
    y_ticks = _nice_ticks(y_low, y_high, max(2, canvas_height // 4))
    y_labels = [_tick_label(t) for t in y_ticks]
    margin = max((len(label) for label in y_labels), default=1) + 1
    canvas_left = margin + 1
    canvas_width = width - canvas_left - 1
    if canvas_width < 4 or canvas_height < 2 or not x_range[1] > x_range[0]:
        nothing = np.zeros((0, 0), dtype=bool)
        return _Grid(codes, colours, canvas_left, top + 1, 0, 0, x_range, (y_low, y_high),
                     nothing)

    frame_top, frame_bottom, right = top, top + canvas_height + 1, canvas_left + canvas_width
    codes[frame_top, margin + 1:right] = ord("─")
    codes[frame_bottom, margin + 1:right] = ord("─")
    codes[frame_top + 1:frame_bottom, margin] = ord("│")
    codes[frame_top + 1:frame_bottom, right] = ord("│")
    codes[frame_top, margin], codes[frame_top, right] = ord("┌"), ord("┐")
    codes[frame_bottom, margin], codes[frame_bottom, right] = ord("└"), ord("┘")

    grid = _Grid(codes, colours, canvas_left, top + 1, canvas_width, canvas_height, x_range,
                 (y_low, y_high), np.zeros((canvas_height, canvas_width), dtype=bool))

    for tick, label in zip(y_ticks, y_labels, strict=True):
        row = _row_of(grid, tick)
        if row is None:
            continue
        codes[row, margin] = ord("┤")
        _put_text(codes, colours, row, margin - len(label), label, _FG)
    x_ticks = _nice_ticks(x_range[0], x_range[1], max(2, canvas_width // 10))
    last_end = -1
    for tick in x_ticks:
        col = _col_of(grid, tick)
        if col is None:
            continue
        codes[frame_bottom, col] = ord("┬")
        label = _tick_label(tick)
        start = min(max(col - len(label) // 2, 0), width - len(label))
        if start > last_end and start >= 0:
            _put_text(codes, colours, frame_bottom + 1, start, label, _FG)
            last_end = start + len(label)

    # Curves: later series are drawn over earlier ones (a shared cell takes the last colour).
    pixel_w, pixel_h = canvas_width * 2, canvas_height * 4
    bits_all = np.zeros((canvas_height, canvas_width), dtype=np.uint32)
    colour_of = np.zeros((canvas_height, canvas_width), dtype=np.uint8)
    x_low, x_high = x_range
    px = np.rint((xs - x_low) / (x_high - x_low) * (pixel_w - 1)).astype(np.int64)
    for item in series:
        bits = _braille_bits(_rasterise(px, item.y, y_low, y_high, pixel_w, pixel_h),
                             canvas_height, canvas_width)
        bits_all |= bits
        colour_of[bits > 0] = item.colour
    drawn = bits_all > 0
    canvas = (slice(top + 1, top + 1 + canvas_height), slice(canvas_left, right))
    codes[canvas] = np.where(drawn, _BRAILLE + bits_all, codes[canvas])
    colours[canvas] = np.where(drawn, colour_of, colours[canvas])
    grid.occupied |= drawn

    legend: list[tuple[str, int, str]] = [("━━", s.colour, s.label) for s in series]
    if saturated:
        bottom_row = top + canvas_height
        for start_x, stop_x in saturated:
            first, last = _col_of(grid, start_x), _col_of(grid, stop_x)
            if first is None or last is None:
                continue
            free = ~grid.occupied[-1, first - canvas_left:last + 1 - canvas_left]
            codes[bottom_row, first:last + 1][free] = ord("━")
            colours[bottom_row, first:last + 1][free] = _GUIDE
        legend.append(("━━", _GUIDE, f"|f′| < {SATURATION_LEVEL:g}"))
    _draw_legend(grid, legend)
    return grid


def _rasterise(
    px: np.ndarray, y: np.ndarray, y_low: float, y_high: float, pixel_w: int, pixel_h: int
) -> np.ndarray:
    """Pixels of the polyline through (px, y): a vertical run per step joins the samples."""
    import numpy as np

    ok = np.isfinite(y)
    scaled = (y_high - np.where(ok, y, y_low)) / (y_high - y_low) * (pixel_h - 1)
    py = np.clip(np.rint(scaled), 0, pixel_h - 1).astype(np.int64)
    starts = np.zeros((pixel_h + 1, pixel_w), dtype=np.int32)
    pair = ok[:-1] & ok[1:]
    cols = px[:-1][pair]
    low = np.minimum(py[:-1], py[1:])[pair]
    high = np.maximum(py[:-1], py[1:])[pair]
    np.add.at(starts, (low, cols), 1)
    np.add.at(starts, (high + 1, cols), -1)
    runs = np.cumsum(starts, axis=0)[:pixel_h] > 0
    runs[py[ok], px[ok]] = True
    return runs


def _braille_bits(filled: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The braille dot pattern of every cell of a rows×cols canvas from its pixel grid."""
    import numpy as np

    cells = filled.reshape(rows, 4, cols, 2)
    bits = np.zeros((rows, cols), dtype=np.uint32)
    for dy in range(4):
        for dx in range(2):
            bits |= cells[:, dy, :, dx].astype(np.uint32) * _DOT_BITS[dy][dx]
    return bits


def _draw_legend(grid: _Grid, entries: Sequence[tuple[str, int, str]]) -> None:
    """The legend in the canvas corner where it hides the fewest curve cells."""
    width = max((len(mark) + 1 + len(label) for mark, _, label in entries), default=0) + 2
    height = len(entries)
    if width > grid.canvas_width or height > grid.canvas_height:
        return
    corners = [
        (0, 0), (0, grid.canvas_width - width),
        (grid.canvas_height - height, grid.canvas_width - width),
        (grid.canvas_height - height, 0),
    ]

    def hidden(corner: tuple[int, int]) -> int:
        r0, c0 = corner
        return int(grid.occupied[r0:r0 + height, c0:c0 + width].sum())

    r0, c0 = min(corners, key=hidden)
    for i, (mark, colour, label) in enumerate(entries):
        row = grid.canvas_top + r0 + i
        col = grid.canvas_left + c0
        _put_text(grid.codes, grid.colours, row, col, f" {mark} {label}".ljust(width), _FG)
        grid.colours[row, col + 1:col + 1 + len(mark)] = colour
    grid.occupied[r0:r0 + height, c0:c0 + width] = True


def _draw_probe(
    grid: _Grid, codes: np.ndarray, colours: np.ndarray, spec: PlotSpec, curves: Sequence[Curve],
) -> None:
    """A mark on the x axis at the probe's x and a dot where it meets each curve."""
    probe = spec.probe_x
    assert probe is not None
    low, high = spec.x_range
    if not low <= probe <= high:
        return
    col = _col_of(grid, probe)
    if col is None:
        return
    # A mark on the x axis rather than a line across the chart: a line would change every row
    # on every probe step, and each repainted row costs far more than drawing it.
    codes[grid.canvas_top + grid.canvas_height, col] = ord("▲")
    colours[grid.canvas_top + grid.canvas_height, col] = _FG
    for i, curve in enumerate(curves):
        value, derivative = curve.activation.curve([probe], **curve.params)
        dots = [(float(value[0]), _value_colour(i))]
        if spec.show_derivative:
            dots.append((float(derivative[0]), _derivative_colour(i)))
        for y, colour in dots:
            row = _row_of(grid, y)
            if row is not None:
                codes[row, col] = ord("●")
                colours[row, col] = colour


def _col_of(grid: _Grid, x: float) -> int | None:
    """The screen column of x on the canvas, or None outside it."""
    low, high = grid.x_range
    if not math.isfinite(x) or high <= low:
        return None
    col = round((x - low) / (high - low) * (grid.canvas_width * 2 - 1)) // 2
    if 0 <= col < grid.canvas_width:
        return grid.canvas_left + col
    return None


def _row_of(grid: _Grid, y: float) -> int | None:
    """The screen row of y on the canvas, or None outside it."""
    low, high = grid.y_range
    if not math.isfinite(y) or high <= low:
        return None
    row = round((high - y) / (high - low) * (grid.canvas_height * 4 - 1)) // 4
    if 0 <= row < grid.canvas_height:
        return grid.canvas_top + row
    return None


def _put_text(
    codes: np.ndarray, colours: np.ndarray, row: int, col: int, text: str, colour: int
) -> None:
    """Write ``text`` into one row from column ``col`` (clipped to the grid)."""
    width = codes.shape[1]
    first, last = max(col, 0), min(col + len(text), width)
    if first >= last:
        return
    for c in range(first, last):
        codes[row, c] = ord(text[c - col])
    colours[row, first:last] = colour


def _strips(codes: np.ndarray, colours: np.ndarray, palette: Sequence[Style]) -> list[Strip]:
    """Every row as a strip, with one segment per run of one colour."""
    import numpy as np

    height, width = codes.shape
    if width == 0:
        return [Strip([]) for _ in range(height)]
    text = codes.astype("<u4").tobytes().decode("utf-32-le")
    changes = np.ones((height, width), dtype=bool)
    changes[:, 1:] = colours[:, 1:] != colours[:, :-1]
    rows_of_runs, starts = np.nonzero(changes)
    run_colours = colours[rows_of_runs, starts].tolist()
    rows_list, starts_list = rows_of_runs.tolist(), starts.tolist()
    strips: list[Strip] = []
    segments: list[Segment] = []
    for k, row in enumerate(rows_list):
        start = starts_list[k]
        last_in_row = k + 1 == len(rows_list) or rows_list[k + 1] != row
        end = width if last_in_row else starts_list[k + 1]
        offset = row * width
        segments.append(Segment(text[offset + start:offset + end], palette[run_colours[k]]))
        if last_in_row:
            strips.append(Strip(segments, width))
            segments = []
    return strips


def _nice_step(span: float, target: int) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ᵏ) cutting ``span`` into about ``target`` parts."""
    raw = span / max(target, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _nice_ticks(low: float, high: float, target: int) -> list[float]:
    """Round tick values inside [low, high], about ``target`` of them (see :func:`_nice_step`)."""
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return [low] if math.isfinite(low) else []
    step = _nice_step(span, target)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def _tick_label(value: float) -> str:
    """A tick value in the course's number format: ``0.5``, ``−2``, ``1000``."""
    from acttutor.core.numfmt import format_number

    return format_number(value, 3)
