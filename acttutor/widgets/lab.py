"""Lab: the chart of f and f′ with its parameter controls and the x probe readout."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from acttutor.core.activations import format_params
from acttutor.core.lab import LabState, Slot
from acttutor.core.numfmt import format_number
from acttutor.widgets.activation_plot import ActivationPlot, PlotSpec


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
            same_height = width > 0 and content.get_height(self.styles, width) == self.size.height
        self.update(content, layout=not same_height)


class ParamPanel(LabText):
    """The active activation's formula and its parameters, the selected one marked."""

    def show(self, state: LabState) -> None:
        """Render the panel for ``state``."""
        key = (state.slot, state.selected_param)
        if key == self._shown:
            return
        act = state.slot.activation
        parts = [Content.styled(act.display, "bold"), Content("  "), Content(act.formula)]
        lines = [Content("").join(parts)]
        if not act.params:
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
        yield ParamPanel(id="params")
        yield ProbeReadout(id="probe")

    def on_mount(self) -> None:
        """Draw the initial state."""
        self.state = self._initial

    def watch_state(self, state: LabState | None) -> None:
        """Push the state into the chart and the readouts."""
        if state is None:
            return
        shown = state.slots if self.overlay else (state.slot,)
        labels = tuple(_label(slot) for slot in shown)
        self.query_one(ActivationPlot).spec = PlotSpec(
            curves=tuple((slot.activation, slot.param_dict) for slot in shown),
            x_range=state.x_range,
            show_derivative=state.show_derivative,
            probe_x=state.probe_x,
            labels=labels,
        )
        self.query_one(ParamPanel).show(state)
        readout_state = state if self.overlay else _only_active(state)
        self.query_one(ProbeReadout).show(readout_state)


def _label(slot: Slot) -> str:
    """The slot's name, with the parameters that differ from their defaults."""
    defaults = slot.activation.defaults()
    changed = {k: v for k, v in slot.params if defaults.get(k) != v}
    return f"{slot.name}({format_params(changed)})" if changed else slot.name


def _only_active(state: LabState) -> LabState:
    from dataclasses import replace

    return replace(state, slots=(state.slot,), active=0)
