"""``acttutor plot NAME``: f and f′ as a plotext chart on stdout."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from acttutor.commands.common import UsageError, fail, parse_range, resolve
from acttutor.core.i18n import _

#: The x range must lie within ±MAX_X: plotext's tick arithmetic needs finite differences.
MAX_X = 1e15


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``plot`` subcommand."""
    parser = subparsers.add_parser(
        "plot",
        help=_("draw an activation and its derivative in the terminal"),
        description=_("Draw f(x) and f′(x) of an activation as a text chart on stdout."),
        epilog=_("example: {command}").format(
            command="acttutor plot leaky_relu --param negative_slope=0.1 --range -3 3"),
    )
    parser.add_argument("name", help=_("activation name, e.g. sigmoid (see 'acttutor list')"))
    parser.add_argument("--param", "-p", action="append", metavar="K=V",
                        help=_("set a parameter, e.g. --param alpha=1.5 (repeatable)"))
    parser.add_argument("--range", nargs=2, metavar=("A", "B"), dest="x_range",
                        help=_("x range to draw (default: the activation's usual range)"))
    parser.add_argument("--no-derivative", action="store_true", help=_("draw f only"))
    parser.add_argument("--width", type=int, metavar="W", help=_("chart width in columns"))
    parser.add_argument("--height", type=int, metavar="H", help=_("chart height in rows"))
    parser.set_defaults(run=run)


def use_colour(stream: object = None) -> bool:
    """Colour only on a terminal and only when NO_COLOR is unset (https://no-color.org)."""
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def render(args: argparse.Namespace) -> str:
    """The chart as text (with or without ANSI colour)."""
    import numpy as np
    import plotext as plt

    from acttutor.core.activations import format_params
    from acttutor.core.curves import nice_ticks, sample_curve, tick_label

    act, params = resolve(args.name, args.param)
    x_range = parse_range(args.x_range) if args.x_range else None
    if x_range is not None and not (
        max(map(abs, x_range)) <= MAX_X
        and x_range[1] - x_range[0] >= 1e-9 * max(1.0, *map(abs, x_range))
    ):
        raise UsageError(_("--range must lie within ±{limit} and be wider than 1e-9 of its size")
                         .format(limit=f"{MAX_X:g}"))
    size = shutil.get_terminal_size((100, 30))
    width = min(size.columns, 120) if args.width is None else args.width
    height = max(min(size.lines - 2, 30), 12) if args.height is None else args.height
    if not 20 <= width <= 1000 or not 8 <= height <= 500:
        raise UsageError(_("--width must be 20..1000 and --height 8..500"))
    curve = sample_curve(act, params, x_range, points=max(2 * width, 200))
    plt.clear_figure()
    plt.plot_size(width, height)
    low, high = float(curve.x[0]), float(curve.x[-1])
    shown = [curve.value] + ([] if args.no_derivative else [curve.derivative])
    finite = np.concatenate([v[np.isfinite(v)] for v in shown])
    y_low = min(float(finite.min()), 0.0) if finite.size else -1.0
    y_high = max(float(finite.max()), 0.0) if finite.size else 1.0
    if not y_high - y_low > 1e-12 * max(1.0, abs(y_high)):
        y_low, y_high = y_low - 1.0, y_high + 1.0
    plt.xlim(low, high)
    plt.ylim(y_low, y_high)
    x_ticks = nice_ticks(low, high, max(2, width // 12))
    plt.xticks(x_ticks, [tick_label(t) for t in x_ticks])
    y_ticks = nice_ticks(y_low, y_high, max(2, height // 4))
    plt.yticks(y_ticks, [tick_label(t) for t in y_ticks])
    colour = use_colour()
    plt.theme("pro" if colour else "clear")
    plt.plot(curve.x.tolist(), _finite(curve.value), color="blue+", marker="braille")
    if not args.no_derivative:
        plt.plot(curve.x.tolist(), _finite(curve.derivative), color="orange+", marker="·")
    title = act.display if not params else f"{act.display} — {format_params(params)}"
    plt.title(title)
    plt.xlabel("x")
    # The legend goes under the chart, where it covers no curve.
    legend = [plt.colorize("━━", "blue+") + " f(x)"]
    if not args.no_derivative:
        legend.append(plt.colorize("··", "orange+") + " " + _("f′(x), dotted"))
    text = plt.build() + "\n" + "   ".join(legend)
    return text if colour else plt.uncolorize(text)


def _finite(values: object) -> list[float]:
    import numpy as np

    arr = np.asarray(values, dtype=float)
    return np.nan_to_num(arr, nan=0.0, posinf=0.0, neginf=0.0).tolist()


def run(args: argparse.Namespace) -> int:
    """Print the chart; exit status 2 on a usage error."""
    try:
        print(render(args))
    except UsageError as exc:
        return fail("plot", str(exc))
    return 0
