"""``acttutor table NAME``: values and derivatives as text, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import NotRequired, TypedDict

from acttutor.commands.common import UsageError, fail, parse_float, parse_range, resolve
from acttutor.core.i18n import _

MAX_POINTS = 1_000_000
#: Longest vector for softmax, log_softmax and softmin: the Jacobian is n×n.
MAX_VECTOR = 1_000


class TablePoint(TypedDict):
    """One row: x, f(x) and f′(x)."""

    x: float
    value: float
    derivative: float


class Table(TypedDict):
    """The table as a JSON-ready dict; ``jacobian`` only for vector functions."""

    activation: str
    params: dict[str, float | str]
    points: list[TablePoint]
    jacobian: NotRequired[list[list[float]]]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``table`` subcommand."""
    parser = subparsers.add_parser(
        "table",
        help=_("print f(x) and f′(x) at chosen points"),
        description=_(
            "Print f(x) and f′(x). For softmax, log_softmax and softmin the x values form one "
            "vector; 'derivative' is then the Jacobian's diagonal (JSON adds the full Jacobian)."
        ),
        epilog=_("example: {command}").format(
            command="acttutor table sigmoid --x 0 6 --format csv"),
    )
    parser.add_argument("name", help=_("activation name, e.g. sigmoid (see 'acttutor list')"))
    parser.add_argument("--param", "-p", action="append", metavar="K=V",
                        help=_("set a parameter, e.g. --param beta=2 (repeatable)"))
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--x", nargs="+", metavar="X",
                       help=_("x values (nan, inf, -inf allowed)"))
    where.add_argument("--range", nargs=2, metavar=("A", "B"), dest="x_range",
                       help=_("evenly spaced x from A to B (with --num)"))
    parser.add_argument("--num", metavar="N",
                        help=_("number of points for --range (default 11)"))
    parser.add_argument("--format", choices=("text", "csv", "json"), default="text",
                        help=_("output format (default: text)"))
    parser.set_defaults(run=run)


def _xs(args: argparse.Namespace) -> list[float]:
    if args.x is not None:
        if args.num is not None:
            raise UsageError(_("--num goes with --range, not with --x"))
        return [parse_float(v, "x", allow_nonfinite=True) for v in args.x]
    low, high = parse_range(args.x_range)
    num = 11 if args.num is None else parse_float(args.num, "--num")
    if num != int(num) or not 1 <= num <= MAX_POINTS:
        raise UsageError(_("--num must be a whole number from 1 to {most}")
                         .format(most=f"{MAX_POINTS:,}"))
    import numpy as np

    return [float(x) for x in np.linspace(low, high, int(num))]


def build(args: argparse.Namespace) -> Table:
    """The table as a JSON-ready dict."""
    import numpy as np

    act, params = resolve(args.name, args.param)
    xs = np.array(_xs(args), dtype=np.float64)
    if act.kind == "vector" and xs.size > MAX_VECTOR:
        raise UsageError(
            _("{name} takes at most {most} values (its Jacobian is n×n), not {count}").format(
                name=act.name, most=f"{MAX_VECTOR:,}", count=f"{xs.size:,}")
        )
    values = act.value(xs, **params)
    derivatives = act.derivative(xs, **params)
    table: Table = {
        "activation": act.name,
        "params": dict(params),
        "points": [
            {"x": float(x), "value": float(v), "derivative": float(d)}
            for x, v, d in zip(xs, values, derivatives, strict=True)
        ],
    }
    if act.kind == "vector":
        table["jacobian"] = act.jacobian(xs, **params).tolist()
    return table


def _json_number(value: float) -> object:
    # JSON has no nan/inf; scripts get them as strings rather than invalid JSON.
    return value if value == value and abs(value) != float("inf") else repr(value)


def format_table(table: Table, fmt: str) -> str:
    """Render the dict as text, CSV (header ``x,value,derivative``) or JSON."""
    points = table["points"]
    if fmt == "json":
        clean: dict[str, object] = dict(table)
        clean["points"] = [
            {
                "x": _json_number(p["x"]),
                "value": _json_number(p["value"]),
                "derivative": _json_number(p["derivative"]),
            }
            for p in points
        ]
        if "jacobian" in table:
            clean["jacobian"] = [[_json_number(v) for v in row] for row in table["jacobian"]]
        return json.dumps(clean, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["x", "value", "derivative"])
        for p in points:
            writer.writerow([repr(p["x"]), repr(p["value"]), repr(p["derivative"])])
        return out.getvalue().rstrip("\n")
    from rich.cells import cell_len

    rows = [("x", "f(x)", "f′(x)")]
    from acttutor.core.numfmt import format_number

    rows += [
        (format_number(p["x"], 6), format_number(p["value"], 10),
         format_number(p["derivative"], 10))
        for p in points
    ]
    widths = [max(cell_len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(" " * (w - cell_len(cell)) + cell for cell, w in zip(r, widths, strict=True))
             for r in rows]
    params = table["params"]
    head = f"{table['activation']}" + (
        "  (" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")" if params else ""
    )
    lines.insert(0, head)
    lines.insert(2, "  ".join("─" * w for w in widths))
    if "jacobian" in table:
        lines.append(_("Jacobian ∂fᵢ/∂xⱼ:"))
        for row in table["jacobian"]:
            cells = [format_number(v, 6) for v in row]
            lines.append("  " + "  ".join(" " * (13 - cell_len(c)) + c for c in cells))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the table; exit status 2 on a usage error."""
    try:
        print(format_table(build(args), args.format))
    except UsageError as exc:
        return fail("table", str(exc))
    return 0
