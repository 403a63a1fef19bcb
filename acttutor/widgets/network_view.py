"""NetworkView: the two-layer network drawn as text, its numbers filled in as the steps reveal them.

Layers are column groups and units are rows::

    input  ▶ hidden layer · ReLU       ▶ output · sigmoid
         x │ unit   W1·x   z1   h      │ unit   W2·h   z2        ŷ
    x₁   2 │ 1         2   −1   0 off  │ 1         6    6   0.9975
    x₂   0 │ 2         2    2   2      │

One column per forward step (``W1·x``, ``z1``, ``h``, ``W2·h``, ``z2``, ``ŷ``; shown in the
lessons' notation, ``W₁·x``, ``z₁``…): a column shows ``·`` until its step is revealed, ``?`` while
the learner is predicting it, and is highlighted while it is the current step. With the backward
pass on, each layer gets a column of its units' gradients ``∂L/∂z₁`` and ``∂L/∂z₂``, filled in
as the backward steps reach them. Inactive units ("off": inactive for this input) and saturated
ones are marked beside their value.
:func:`weights_content` lists the weights and biases to show underneath. Every string is plain
:class:`~textual.content.Content`, so ``[[1, −2], [1, 5]]`` is never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from acttutor.core.i18n import N_, _
from acttutor.core.network import (
    ForwardPass,
    Network,
    UnitFlag,
    format_array,
    format_number,
)
from acttutor.core.notation import lesson_notation

__all__ = [
    "DiagramState",
    "NetworkView",
    "WeightsLine",
    "column_spans",
    "network_diagram",
    "subscript",
    "weights_content",
]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_GAP = "   "
_SEPARATOR = " │ "

#: Style of each kind of cell; ``$`` variables come from the active theme.
STYLE_CURRENT = "bold $text-accent"
STYLE_CURRENT_HEADER = "bold reverse $accent"
STYLE_PENDING = "bold $text-warning"
STYLE_HIDDEN_VALUE = "$foreground 35%"
STYLE_INACTIVE = "bold $text-error"
STYLE_SATURATED = "bold $text-warning"
STYLE_LABEL = "$foreground 60%"

#: The flag beside a unit: off (inactive for this input) or saturated; translated where shown.
_FLAG_TEXT = {"inactive": N_("off"), "saturated": N_("sat.")}
#: The header of the unit-number column of the hidden and output layers.
UNIT_HEADER = N_("unit")


def subscript(number: int) -> str:
    """``12`` → ``₁₂``: unit indexes as the source notes write them."""
    return str(number).translate(_SUBSCRIPTS)


@dataclass(frozen=True)
class DiagramState:
    """What the diagram shows: the network, its forward values and how far the steps got.

    ``revealed`` holds the keys of the steps already shown (``W1x z1 h W2h z2 yhat``, ``dz2``…),
    ``current`` the key of the highlighted step (``None`` when the current step is not a forward
    one), ``pending`` the key the learner is predicting right now. ``flags`` are the unit flags
    to mark, i.e. those of the steps revealed so far (inactive or saturated hidden units, saturated
    outputs).
    """

    network: Network
    forward: ForwardPass
    revealed: frozenset[str] = frozenset()
    current: str | None = None
    pending: str | None = None
    flags: tuple[UnitFlag, ...] = ()
    gradients: Mapping[str, Sequence[float]] = field(default_factory=dict)
    """With the backward pass on: the units' gradients by step key (``dz1``, ``dz2``); their
    columns show once the key is in ``revealed``."""


@dataclass(frozen=True)
class _Column:
    key: str
    header: str
    group: int  # 0 input, 1 hidden, 2 output
    cells: tuple[str, ...]


def _columns(state: DiagramState) -> list[_Column]:
    fp = state.forward

    def texts(values: Iterable[float]) -> tuple[str, ...]:
        return tuple(format_number(float(v)) for v in values)

    columns = [
        _Column("x", "x", 0, texts(fp.x)),
        _Column("W1x", "W1·x", 1, texts(fp.W1x)),
        _Column("z1", "z1", 1, texts(fp.z1)),
        _Column("h", "h", 1, texts(fp.h)),
        _Column("W2h", "W2·h", 2, texts(fp.W2h)),
        _Column("z2", "z2", 2, texts(fp.z2)),
        _Column("yhat", "ŷ", 2, texts(fp.yhat)),
    ]
    for key, group in (("dz1", 1), ("dz2", 2)):
        if key in state.gradients:
            header = f"∂L/∂{key[1:]}"  # in the lessons' notation below
            columns.append(_Column(key, header, group, texts(state.gradients[key])))
    return [replace(col, header=lesson_notation(col.header)) for col in columns]


def _group_titles(net: Network) -> tuple[str, str, str]:
    hidden = _("no activation") if net.hidden == "identity" else net.activation.display
    output = {"sigmoid": "sigmoid", "softmax": "softmax", "identity": "identity"}[net.output]
    return (_("input"), _("hidden layer · {activation}").format(activation=hidden),
            _("output · {activation}").format(activation=output))


def network_diagram(state: DiagramState) -> Content:
    """The diagram for ``state`` as styled plain text (see the module docstring)."""
    return _diagram(state)[0]


def column_spans(state: DiagramState) -> dict[str, tuple[int, int]]:
    """Where each column of the diagram lies: key -> (first cell, cell after the last)."""
    return _diagram(state)[1]


def _diagram(state: DiagramState) -> tuple[Content, dict[str, tuple[int, int]]]:
    net = state.network
    columns = _columns(state)
    widths = {
        col.key: max(len(col.header), *(len(c) for c in col.cells), 1) for col in columns
    }
    flags_by_unit: dict[tuple[str, int], UnitFlag] = {}
    for flag in state.flags:
        # An inactive unit is also "saturated" in spirit; keep the stronger word.
        key = (flag.layer, flag.unit)
        if key not in flags_by_unit or flag.kind == "inactive":
            flags_by_unit[key] = flag
    flag_width = {
        "hidden": max(
            (cell_len(_(_FLAG_TEXT[f.kind])) + 1 for (layer, _unit), f in flags_by_unit.items()
             if layer == "hidden"),
            default=0,
        ),
        "output": max(
            (cell_len(_(_FLAG_TEXT[f.kind])) + 1 for (layer, _unit), f in flags_by_unit.items()
             if layer == "output"),
            default=0,
        ),
    }
    sizes = (net.n_inputs, net.n_hidden, net.n_outputs)
    label_widths = (
        len("x" + subscript(net.n_inputs)),
        max(cell_len(_(UNIT_HEADER)), len(str(net.n_hidden))),
        max(cell_len(_(UNIT_HEADER)), len(str(net.n_outputs))),
    )
    group_cols = [[c for c in columns if c.group == g] for g in range(3)]

    def group_width(group: int) -> int:
        cols = group_cols[group]
        width = label_widths[group] + sum(len(_GAP) + widths[c.key] for c in cols)
        if group == 1:
            width += flag_width["hidden"]
        if group == 2:
            width += flag_width["output"]
        return width

    # Pad a group whose title is longer than its columns, so the separators line up.
    titles = _group_titles(net)
    padding = [max(0, cell_len(titles[g]) - group_width(g)) for g in range(3)]

    def header_cell(col: _Column) -> Content:
        text = col.header.rjust(widths[col.key])
        if col.key == state.current:
            return Content.styled(text, STYLE_CURRENT_HEADER)
        if col.key == state.pending:
            return Content.styled(text, STYLE_PENDING)
        return Content.styled(text, "bold")

    def value_cell(col: _Column, row: int) -> Content:
        width = widths[col.key]
        if row >= len(col.cells):
            return Content(" " * width)
        if col.key == "x" or col.key in state.revealed:
            style = STYLE_CURRENT if col.key == state.current else ""
            return Content.styled(col.cells[row].rjust(width), style)
        if col.key == state.pending:
            return Content.styled("?".rjust(width), STYLE_PENDING)
        return Content.styled("·".rjust(width), STYLE_HIDDEN_VALUE)

    def flag_cell(layer: str, row: int) -> Content:
        width = flag_width[layer]
        if not width:
            return Content("")
        flag = flags_by_unit.get((layer, row))
        if flag is None:
            return Content(" " * width)
        style = STYLE_INACTIVE if flag.kind == "inactive" else STYLE_SATURATED
        return Content(" ") + Content.styled(set_cell_size(_(_FLAG_TEXT[flag.kind]), width - 1),
                                             style)

    def unit_label(group: int, row: int) -> Content:
        width = label_widths[group]
        if row >= sizes[group]:
            return Content(" " * width)
        text = f"x{subscript(row + 1)}" if group == 0 else str(row + 1)
        return Content.styled(text.ljust(width), STYLE_LABEL)

    separator = Content.styled(_SEPARATOR, STYLE_LABEL)
    lines: list[Content] = []

    title_parts = []
    for group in range(3):
        title = set_cell_size(titles[group], group_width(group) + padding[group])
        title_parts.append(Content.styled(title, "bold $primary"))
    arrow = Content.styled(" ▶ ", "$primary")
    lines.append(arrow.join(title_parts).rstrip())

    header_parts = []
    spans: dict[str, tuple[int, int]] = {}
    start = 0
    for group in range(3):
        if group:
            start += len(_SEPARATOR)
        label = "" if group == 0 else _(UNIT_HEADER)
        parts: list[Content] = [
            Content.styled(set_cell_size(label, label_widths[group]), STYLE_LABEL)
        ]
        start += label_widths[group]
        for col in group_cols[group]:
            parts += [Content(_GAP), header_cell(col)]
            start += len(_GAP)
            spans[col.key] = (start, start + widths[col.key])
            start += widths[col.key]
        if group == 1 and flag_width["hidden"]:
            parts.append(Content(" " * flag_width["hidden"]))
            start += flag_width["hidden"]
        if group == 2 and flag_width["output"]:
            parts.append(Content(" " * flag_width["output"]))
            start += flag_width["output"]
        parts.append(Content(" " * padding[group]))
        start += padding[group]
        header_parts.append(Content("").join(parts))
    lines.append(separator.join(header_parts).rstrip())

    for row in range(max(sizes)):
        row_parts = []
        for group in range(3):
            parts = [unit_label(group, row)]
            for col in group_cols[group]:
                parts += [Content(_GAP), value_cell(col, row)]
            if group == 1:
                parts.append(flag_cell("hidden", row))
            if group == 2:
                parts.append(flag_cell("output", row))
            parts.append(Content(" " * padding[group]))
            row_parts.append(Content("").join(parts))
        lines.append(separator.join(row_parts).rstrip())
    return Content("\n").join(lines), spans


def weights_content(net: Network, width: int = 76) -> Content:
    """``W1 = [[1, −2], [1, 5]]   b1 = [−3, 0]   W2 = [[1, 3]]   b2 = [0]``.

    On one line when it fits in ``width`` columns, else one layer per line, so that a line
    break never falls inside a matrix when it can be helped.
    """
    weights = [
        Content.assemble(
            (f"{lesson_notation(name)} = ", STYLE_LABEL), (format_array(getattr(net, name)), "")
        )
        for name in ("W1", "b1", "W2", "b2")
    ]
    gap = Content("   ")
    one_line = gap.join(weights)
    if one_line.cell_length <= width:
        return one_line
    return Content("\n").join([gap.join(weights[:2]), gap.join(weights[2:])])


class NetworkView(Static):
    """The network diagram; call :meth:`show` with a new :class:`DiagramState` to redraw."""

    DEFAULT_CSS = """
    NetworkView {
        height: auto;
        width: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id, classes=classes, markup=False)
        self.state: DiagramState | None = None
        """What is drawn right now."""

    def show(self, state: DiagramState) -> None:
        """Redraw for ``state``; a scrolling parent keeps the current column in view."""
        self.state = state
        content, spans = _diagram(state)
        self.update(content)
        span = spans.get(state.current or "")
        if span is not None:
            self.call_after_refresh(self._reveal, span)

    def _reveal(self, span: tuple[int, int]) -> None:
        parent = self.parent
        if isinstance(parent, Widget) and parent.is_scrollable:
            at = self.virtual_region
            parent.scroll_to_region(
                Region(at.x + span[0], at.y, span[1] - span[0], 1), animate=False, immediate=True
            )


class WeightsLine(Static):
    """The weights and biases under the diagram, re-broken whenever the width changes."""

    DEFAULT_CSS = """
    WeightsLine {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id, classes=classes, markup=False)
        self.network: Network | None = None
        """The network whose weights are shown."""

    def show(self, network: Network) -> None:
        """Show ``network``'s weights."""
        self.network = network
        self._redraw()

    def on_resize(self) -> None:
        """Break the line again for the new width."""
        self._redraw()

    def _redraw(self) -> None:
        if self.network is not None:
            self.update(weights_content(self.network, self.content_size.width or 76))
