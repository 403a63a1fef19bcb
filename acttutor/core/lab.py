"""The state of an interactive chart: which activations, their parameters, the x window and probe.

Pure logic shared by the lesson and explorer screens: every change returns a new, valid state, so a
key press can never push a parameter out of its range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from acttutor.core.activations import Activation, ParamValue, get_activation
from acttutor.core.i18n import _

#: Zoom limits: the half-width of the x window stays within these.
MIN_HALF_WIDTH = 0.25
MAX_HALF_WIDTH = 1000.0
#: The probe moves by this fraction of the window per step.
PROBE_STEP_FRACTION = 1 / 40
#: The other logits of a vector activation (softmax) move by this step within ±LOGIT_LIMIT.
LOGIT_STEP = 0.5
LOGIT_LIMIT = 10.0
#: Names of the other logits a vector activation's chart holds fixed (the first sweeps x).
LOGIT_NAMES = ("x₂", "x₃", "x₄", "x₅")


@dataclass(frozen=True)
class Slot:
    """One activation on the chart with its parameters."""

    name: str
    params: tuple[tuple[str, ParamValue], ...]
    context: tuple[float, ...] = ()
    """For a vector activation: the other logits, held fixed while x sweeps the first."""

    @property
    def activation(self) -> Activation:
        """The registry entry."""
        return get_activation(self.name)

    @property
    def param_dict(self) -> dict[str, ParamValue]:
        """The parameters as a dict."""
        return dict(self.params)

    @classmethod
    def of(
        cls, name: str, overrides: Mapping[str, object] | None = None,
        context: Sequence[float] | None = None,
    ) -> Slot:
        """A slot for ``name`` with defaults updated by ``overrides`` (checked)."""
        from acttutor.core.curves import vector_context

        act = get_activation(name)
        held = vector_context(act, context) or ()
        return cls(act.name, tuple(act.resolve_params(overrides or {}).items()), held)

    @property
    def controls(self) -> tuple[str, ...]:
        """What the parameter keys change: the parameters, then the other logits."""
        names = tuple(name for name, _ in self.params)
        return names + LOGIT_NAMES[:len(self.context)]


@dataclass(frozen=True)
class Reading:
    """f(x) and f′(x) of one slot at the probe."""

    slot: Slot
    x: float
    value: float
    derivative: float

    @property
    def saturated(self) -> bool:
        """True where |f′| < 0.01: the gradient has all but vanished."""
        from acttutor.core.curves import SATURATION_LEVEL

        return abs(self.derivative) < SATURATION_LEVEL


@dataclass(frozen=True)
class LabState:
    """Everything a chart needs; transitions return new states."""

    slots: tuple[Slot, ...]
    active: int = 0
    selected_param: int = 0
    x_range: tuple[float, float] = (-6.0, 6.0)
    probe_x: float = 0.0
    show_derivative: bool = True
    note: str = ""
    """Why the last key changed nothing (a parameter at its limit, nothing else to select)."""
    start: tuple[Slot, ...] = ()
    """The slots as the lesson opened them: their values are stops for the parameter keys."""

    @classmethod
    def for_activations(
        cls, names: Sequence[str], params: Mapping[str, Mapping[str, object]] | None = None
    ) -> LabState:
        """A state showing ``names`` (parameters from ``params``), windowed for the first one."""
        params = params or {}
        slots = tuple(Slot.of(name, params.get(name)) for name in names)
        low, high = slots[0].activation.plot_range
        return cls(slots=slots, x_range=(low, high), probe_x=_nice((low + high) / 2 + 1.0),
                   start=slots)

    # -- reading ------------------------------------------------------------------------------

    @property
    def slot(self) -> Slot:
        """The slot whose parameters the keys change."""
        return self.slots[self.active]

    @property
    def param_names(self) -> tuple[str, ...]:
        """Parameter names of the active slot."""
        return tuple(name for name, _ in self.slot.params)

    @property
    def probe_step(self) -> float:
        """How far one probe step moves x."""
        low, high = self.x_range
        return _nice((high - low) * PROBE_STEP_FRACTION)

    def readings(self) -> list[Reading]:
        """f(x) and f′(x) of every slot at the probe."""
        from acttutor.core.curves import curve_values

        out = []
        for slot in self.slots:
            value, derivative = curve_values(
                slot.activation, [self.probe_x], slot.param_dict, slot.context or None
            )
            out.append(Reading(slot, self.probe_x, float(value[0]), float(derivative[0])))
        return out

    # -- transitions --------------------------------------------------------------------------

    def with_active(self, index: int) -> LabState:
        """Make slot ``index`` the one whose parameters are edited."""
        index %= len(self.slots)
        return replace(self, active=index, selected_param=0, note="")

    def select_param(self, delta: int = 1) -> LabState:
        """Select the next (or previous) parameter of the active slot."""
        controls = self.slot.controls
        display = self.slot.activation.display
        if not controls:
            return replace(self, note=_("{activation} has no parameters to select.").format(
                activation=display))
        if len(controls) == 1:
            return replace(self, note=_(
                "{activation} has one parameter, {name}: nothing else to select."
            ).format(activation=display, name=controls[0]))
        return replace(self, selected_param=(self.selected_param + delta) % len(controls),
                       note="")

    def adjust_param(self, steps: int) -> LabState:
        """Change the selected parameter by ``steps`` steps, clamped to its valid range.

        Numbers move along the parameter's step grid, stopping also at its default and at the
        value the lesson opened with (so leaky ReLU's slope reaches 0.01 with a step of 0.05). A
        choice parameter (gelu's ``approximate``) cycles through its choices. A change that would
        break a cross-parameter rule (hardtanh's min_val < max_val) leaves the values unchanged;
        ``note`` then says why, as it does at a range's end.
        """
        slot = self.slot
        controls = slot.controls
        if not controls:
            return replace(self, note=_("{activation} has no parameters to adjust.").format(
                activation=slot.activation.display))
        index = self.selected_param
        if index >= len(slot.params):
            return self._adjust_logit(index - len(slot.params), steps)
        act = slot.activation
        name, current = slot.params[index]
        spec = act.param(name)
        if spec.is_choice:
            choices = spec.choices
            new: ParamValue = choices[(choices.index(str(current)) + steps) % len(choices)]
            return self.set_param(name, new)
        stops = {float(spec.default)}
        stops.update(float(v) for s in self.start if s.name == slot.name
                     for n, v in s.params if n == name and not isinstance(v, str))
        value = float(current)
        for _step in range(abs(steps)):
            value = _next_stop(value, 1 if steps > 0 else -1, spec.step, stops)
        value = min(max(_nice(value), spec.low), spec.high)
        if value == float(current):
            return replace(self, note=_limit_note(_label(name, spec.symbol), steps, value))
        return self.set_param(name, value)

    def _adjust_logit(self, which: int, steps: int) -> LabState:
        slot = self.slot
        context = list(slot.context)
        current = context[which]
        value = min(max(_nice(current + steps * LOGIT_STEP), -LOGIT_LIMIT), LOGIT_LIMIT)
        if value == current:
            return replace(self, note=_limit_note(LOGIT_NAMES[which], steps, value))
        context[which] = value
        return self._with_slot(replace(slot, context=tuple(context)))

    def set_param(self, name: str, value: object) -> LabState:
        """Set one parameter of the active slot; unchanged (with a note) if the engine refuses."""
        from acttutor.core.activations import ActivationError

        merged = {**self.slot.param_dict, name: value}
        try:
            slot = Slot.of(self.slot.name, merged, self.slot.context or None)
        except ActivationError as exc:
            return replace(self, note=_("{problem}: nothing changed.").format(problem=exc))
        return self._with_slot(slot)

    def reset_params(self) -> LabState:
        """The active slot's parameters back to their defaults."""
        return self._with_slot(Slot.of(self.slot.name))

    def with_slot_activation(self, index: int, name: str) -> LabState:
        """Put activation ``name`` (default parameters) in slot ``index``."""
        slots = list(self.slots)
        slots[index] = Slot.of(name)
        return replace(self, slots=tuple(slots), selected_param=0, note="")

    def move_probe(self, steps: int) -> LabState:
        """Move the probe by ``steps`` probe steps, staying inside the window."""
        low, high = self.x_range
        x = _nice(self.probe_x + steps * self.probe_step)
        return replace(self, probe_x=min(max(x, low), high), note="")

    def set_probe(self, x: float) -> LabState:
        """Put the probe at ``x``, widening the window if x lies outside it."""
        if not math.isfinite(x):
            return self
        low, high = self.x_range
        if not low <= x <= high:
            half = max((high - low) / 2, abs(x) * 1.25)
            half = min(half, MAX_HALF_WIDTH)
            low, high = -half, half
            x = min(max(x, low), high)
        return replace(self, probe_x=x, x_range=(low, high), note="")

    def zoom(self, factor: float) -> LabState:
        """Scale the window around the probe by ``factor`` (< 1 zooms in)."""
        low, high = self.x_range
        half = min(max((high - low) / 2 * factor, MIN_HALF_WIDTH), MAX_HALF_WIDTH)
        centre = self.probe_x
        new_range = (_nice(centre - half), _nice(centre + half))
        return replace(self, x_range=new_range, note="")

    def reset_view(self) -> LabState:
        """The first activation's usual window, probe in its middle."""
        low, high = self.slots[0].activation.plot_range
        return replace(self, x_range=(low, high), probe_x=_nice((low + high) / 2), note="")

    def toggle_derivative(self) -> LabState:
        """Show or hide f′."""
        return replace(self, show_derivative=not self.show_derivative, note="")

    def _with_slot(self, slot: Slot) -> LabState:
        slots = list(self.slots)
        slots[self.active] = slot
        return replace(self, slots=tuple(slots), note="")


def _nice(x: float) -> float:
    """Round away binary noise (0.1 + 0.2) so values read cleanly."""
    return round(x, 10)


def _next_stop(value: float, direction: int, step: float, stops: set[float]) -> float:
    """The next value from ``value`` in ``direction``: a multiple of ``step`` or a nearer stop."""
    if direction > 0:
        grid = (math.floor(value / step + 1e-9) + 1) * step
        return min([grid, *(s for s in stops if value < s < grid)])
    grid = (math.ceil(value / step - 1e-9) - 1) * step
    return max([grid, *(s for s in stops if grid < s < value)])


def _label(name: str, symbol: str) -> str:
    return f"{name} ({symbol})" if symbol else name


def _show(value: float) -> str:
    """A number for a note: short, with the screen's minus sign."""
    text = f"{value:g}"
    return text.replace("-", "\u2212")


def _limit_note(name: str, steps: int, value: float) -> str:
    """The note when a parameter is already at the end of its range."""
    if steps > 0:
        text = _("{name} is at its upper limit, {value}: nothing changed.")
    else:
        text = _("{name} is at its lower limit, {value}: nothing changed.")
    return text.format(name=name, value=_show(value))
