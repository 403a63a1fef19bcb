"""Lab: the chart of f and f′ with its parameter controls and the x probe readout.

Shared by the lesson and explorer screens: the widget, the keys that drive it (``LAB_BINDINGS``)
and the screen actions behind those keys (``LabActions``).
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from acttutor.core.activations import REGISTRY
from acttutor.core.lab import LabState, Slot
from acttutor.core.numfmt import format_number
from acttutor.widgets.activation_plot import ActivationPlot, ChartLegend, PlotSpec

#: Short names for the −/+ keys' labels ("slope −"); other parameters go by their own name.
PARAM_LABELS = {
    "negative_slope": "slope", "alpha": "α", "beta": "β", "lambd": "λ",
    "max_val": "max", "min_val": "min", "approximate": "approx.",
}

_PROBE_GROUP = Binding.Group("probe", compact=True)
_LESS_KEYS = "minus,left_square_bracket"
_MORE_KEYS = "plus,equals_sign,right_square_bracket"


def _param_keys() -> list[Binding]:
    """−/+ for each parameter name of the registry, labelled with it; ``check_action`` shows the
    pair of the selected parameter. The unnamed pair (hidden) answers when there is none."""
    names = sorted({param.name for act in REGISTRY.values() for param in act.params})
    keys: list[Binding] = []
    for steps, key, sign in ((-1, _LESS_KEYS, "−"), (1, _MORE_KEYS, "+")):
        keys += [
            Binding(key, f"adjust({steps}, {name!r})", f"{PARAM_LABELS.get(name, name)} {sign}",
                    key_display=sign)
            for name in names
        ]
        keys.append(Binding(key, f"adjust({steps})", f"parameter {sign}", key_display=sign,
                            show=False))
    return keys


PROBE_KEYS = [
    Binding("left", "probe(-1)", "probe", key_display="←", group=_PROBE_GROUP),
    Binding("right", "probe(1)", "probe", key_display="→", group=_PROBE_GROUP),
    Binding("shift+left", "probe(-8)", "x −−", show=False),
    Binding("shift+right", "probe(8)", "x ++", show=False),
]
"""←/→ move the x probe (shift for big steps)."""

PARAM_KEYS = [
    *_param_keys(),
    Binding("p", "next_param('shown')", "next param"),
    Binding("p", "next_param", "next param", show=False),
]
"""−/+ change the selected parameter; p selects the next one (in the Footer when there is one)."""

VIEW_KEYS = [
    Binding("d", "toggle_derivative('hide')", "hide f′", show=False),
    Binding("d", "toggle_derivative('show')", "show f′", show=False),
    Binding("i", "zoom(0.5)", "zoom in", show=False),
    Binding("o", "zoom(2.0)", "zoom out", show=False),
]
"""d shows or hides f′; i/o zoom (listed by ``?``; the Footer has no room for them at 80
columns)."""

RESET_KEY = Binding("0", "reset", "reset")

LAB_BINDINGS = [*PROBE_KEYS, *PARAM_KEYS, RESET_KEY, *VIEW_KEYS]
"""Every key that changes the chart, shared by the lesson and the explorer."""


def _key_labels(state: LabState) -> tuple[tuple[str, ...], str, bool]:
    """What the keys' labels depend on: the parameters, the selected one, whether f′ is shown."""
    names = state.param_names
    return (names, names[state.selected_param] if names else "", state.show_derivative)



def fmt(value: float) -> str:
    """A number for the readout, in the course's one format (:mod:`acttutor.core.numfmt`)."""
    return format_number(value)


class LabText(Static):
    """A Static under the chart that repaints without a screen relayout when it can.

    ``Static.update`` lays the whole screen out again by default (the lesson's Markdown included),
    which cost more than the chart itself on every key press. The panels only need that when
    their wrapped height changes; an unchanged text is not touched at all.
    """

    _shown: object = None

    def show_text(self, key: object, content: Content) -> None:
        """Show ``content`` (``key`` identifies it: the same key means the same text)."""
        if key == self._shown:
            return
        self._shown = key
        width = self.size.width
        if not self.display:
            same_height = True
        else:
            rules = self.styles.get_rules()
            same_height = width > 0 and content.get_height(rules, width) == self.size.height
        self.update(content, layout=not same_height)


class ParamPanel(LabText):
    """The active activation's formula and its parameters, the selected one marked."""

    def show(self, state: LabState) -> None:
        """Render the panel for ``state``."""
        key = (state.slot, state.selected_param, state.note)
        if key == self._shown:
            return
        act = state.slot.activation
        lines = [Content.assemble((act.display, "bold"), ("   ", ""), (act.formula, ""))]
        if state.note:
            # Second, so it stays on screen when a small terminal clips the panel's last lines.
            lines.append(Content.styled(state.note, "$text-warning"))
        if not state.slot.controls:
            lines.append(Content.styled("no parameters to adjust", "dim"))
        for i, (name, value) in enumerate(state.slot.params):
            spec = act.param(name)
            marker = "▸ " if i == state.selected_param else "  "
            symbol = f" ({spec.symbol})" if spec.symbol else ""
            shown = value if isinstance(value, str) else fmt(float(value))
            if spec.is_choice:
                bounds = " | ".join(spec.choices)
            else:
                bounds = f"{fmt(spec.low)} … {fmt(spec.high)}, step {fmt(spec.step)}"
            line = Content.assemble(
                (marker, "bold $accent"),
                (f"{name}{symbol} = ", ""),
                (shown, "bold"),
                (f"   [{bounds}]", "dim"),
            )
            lines.append(line)
        if state.slot.context:
            lines.append(Content.styled(
                "Held fixed while the first logit x₁ = x sweeps the chart:", "dim"
            ))
            first = len(state.slot.params)
            for j, (name, value) in enumerate(zip(state.slot.controls[first:],
                                                  state.slot.context, strict=True)):
                marker = "▸ " if first + j == state.selected_param else "  "
                lines.append(Content.assemble(
                    (marker, "bold $accent"), (f"{name} = ", ""), (fmt(value), "bold"),
                    ("   [−10 … 10, step 0.5]", "dim"),
                ))
        self.show_text(key, Content("\n").join(lines))


class ProbeReadout(LabText):
    """x, f(x) and f′(x) at the probe, with a warning where the gradient vanishes."""

    def show(self, state: LabState) -> None:
        """Render the readout for ``state``."""
        key = (state.slots, state.probe_x)
        if key == self._shown:
            return
        lines = []
        for reading in state.readings():
            label = reading.slot.name if len(state.slots) > 1 else "f"
            pieces: list[tuple[str, str] | str] = [
                (f"x = {fmt(reading.x)}", "bold"),
                f"   {label}(x) = ",
                (fmt(reading.value), "bold $text-primary"),
                f"   {label}′(x) = ",
                (fmt(reading.derivative), "bold $text-warning"),
            ]
            if reading.saturated:
                pieces.append(("   saturated: |f′| < 0.01, the gradient vanishes here", "$error"))
            if reading.slot.context:
                pieces.append((f"   (f = first softmax output, others held at "
                               f"{', '.join(fmt(v) for v in reading.slot.context)})", "dim"))
            lines.append(Content.assemble(*pieces))
        self.show_text(key, Content("\n").join(lines))


class Lab(Vertical):
    """Chart, parameter panel and probe readout kept in step with one LabState."""

    DEFAULT_CSS = """
    Lab { height: 1fr; }
    Lab ActivationPlot { height: 1fr; }
    Lab ParamPanel { height: auto; padding: 0 1; }
    Lab ProbeReadout { height: auto; padding: 0 1; }
    """

    # repaint=False: the Lab itself draws nothing but background; the chart and the panels it
    # feeds repaint themselves, so repainting the whole Lab region on every key is wasted work.
    state: reactive[LabState | None] = reactive(
        None, always_update=True, init=False, repaint=False
    )
    """Assign a new state to redraw everything."""

    overlay = False
    """True to draw every slot at once (explorer); False draws only the active slot (lesson)."""

    def __init__(
        self, state: LabState, *, overlay: bool = False, id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.overlay = overlay
        self._initial = state

    def compose(self) -> ComposeResult:
        """Chart on top, controls below."""
        yield ActivationPlot(id="chart")
        yield ChartLegend(id="legend")
        yield ParamPanel(id="params")
        yield ProbeReadout(id="probe")

    def on_mount(self) -> None:
        """Draw the initial state."""
        self.state = self._initial

    def on_activation_plot_legend_changed(self, event: ActivationPlot.LegendChanged) -> None:
        """Show the chart's legend under it."""
        self.query_one(ChartLegend).show(event.plot.legend)

    def watch_state(self, state: LabState | None) -> None:
        """Push the state into the chart and the readouts."""
        if state is None:
            return
        shown = state.slots if self.overlay else (state.slot,)
        labels = tuple(slot_label(slot) for slot in shown)
        self.query_one(ActivationPlot).spec = PlotSpec(
            curves=tuple((slot.activation, slot.param_dict) for slot in shown),
            x_range=state.x_range,
            show_derivative=state.show_derivative,
            probe_x=state.probe_x,
            labels=labels,
            contexts=tuple(slot.context or None for slot in shown),
        )
        # The legend now, before the next layout, so the chart is not built twice at two heights.
        self.query_one(ChartLegend).show(self.query_one(ActivationPlot).legend)
        self.query_one(ParamPanel).show(state)
        readout_state = state if self.overlay else _only_active(state)
        self.query_one(ProbeReadout).show(readout_state)


def slot_label(slot: Slot) -> str:
    """A legend name: ``Leaky ReLU, a = 0.1``; ``Softmax, first output (x₂ = 1, x₃ = 0.1)``."""
    act = slot.activation
    parts = [act.display]
    for name, value in slot.params:
        symbol = act.param(name).symbol or name
        parts.append(f"{symbol} = {value if isinstance(value, str) else fmt(float(value))}")
    label = ", ".join(parts)
    if slot.context:
        held = ", ".join(f"{n} = {fmt(v)}" for n, v in zip(slot.controls[len(slot.params):],
                                                           slot.context, strict=True))
        label += f", first output ({held})"
    return label


def _only_active(state: LabState) -> LabState:
    return replace(state, slots=(state.slot,), active=0)


class LabActions:
    """Screen actions for the LAB_BINDINGS keys, working on the screen's :class:`Lab`; labels
    the keys for the chart as it is now (``check_action``)."""

    def lab(self) -> Lab:
        """The screen's chart and controls."""
        # A mixin: the Screen it is mixed into provides query_one.
        return self.query_one(Lab)  # type: ignore[attr-defined]

    def _lab_state(self) -> LabState:
        state = self.lab().state
        assert state is not None
        return state

    def _update(self, state: LabState) -> None:
        lab = self.lab()
        before = lab.state
        lab.state = state
        if before is None or _key_labels(before) != _key_labels(state):
            self.refresh_bindings()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show the −/+ pair of the selected parameter, p when there is another parameter, and
        the d key that fits the chart."""
        if action not in ("adjust", "toggle_derivative", "next_param"):
            return True
        labs = self.query(Lab)  # type: ignore[attr-defined]
        state = labs.first().state if labs else None
        if state is None:
            return True
        if action == "toggle_derivative":
            return parameters == (("hide" if state.show_derivative else "show"),)
        if action == "next_param":
            return not parameters or len(state.param_names) > 1
        if len(parameters) == 2:
            names = state.param_names
            return bool(names) and names[state.selected_param] == parameters[1]
        return not state.param_names

    def action_probe(self, steps: int) -> None:
        """Move the x probe."""
        self._update(self._lab_state().move_probe(steps))

    def action_adjust(self, steps: int, _name: str = "") -> None:
        """Change the selected parameter within its range (the panel says why if it cannot)."""
        self._update(self._lab_state().adjust_param(steps))

    def action_next_param(self, _label: str = "") -> None:
        """Select the next parameter."""
        self._update(self._lab_state().select_param(1))

    def action_toggle_derivative(self, _label: str = "") -> None:
        """Show or hide f′."""
        self._update(self._lab_state().toggle_derivative())

    def action_zoom(self, factor: float) -> None:
        """Zoom the x range around the probe."""
        self._update(self._lab_state().zoom(factor))

    def action_reset(self) -> None:
        """Default parameters and window."""
        self._update(self._lab_state().reset_params().reset_view())
