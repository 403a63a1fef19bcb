"""The forward-pass room: the source notes' worked 2-layer network, one step at a time, and back.

The network is drawn as text with its numbers filled in as the steps reveal them
(:class:`~acttutor.widgets.network_view.NetworkView`); the current step is shown large with its
label, its formula in symbols and with the numbers in (:class:`StepCard`); the steps so far are
listed beneath (:class:`StepHistory`).

Keys: space or → next step, ← previous, r restart; p predict mode (type each value before it
is revealed); e edit x, the weights, the biases and both activations; b the backward pass
(target and loss chosen on screen; t jumps to the target); n "no activation" — the two layers
collapse into one linear map. Escape closes the editor or leaves an input, then goes back.

All the numbers come from :mod:`acttutor.core.network`; this module only lays them out and
keeps the stepper's state (reactives with ``watch_*`` methods).
"""

from __future__ import annotations

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Footer, Header, Input, Label, Select, Static

from acttutor.core.i18n import N_, _
from acttutor.core.network import (
    COMPATIBLE_LOSSES,
    FORWARD_KEYS,
    LOSS_NAMES,
    Array,
    Network,
    NetworkError,
    Step,
    UnitFlag,
    WorkedPass,
    default_input,
    default_network,
    default_target,
    format_array,
    forward,
    normalize_target,
    parse_vector,
    worked_pass,
)
from acttutor.core.notation import lesson_notation, lesson_worked_pass
from acttutor.screens.base import BACK, RoomScreen
from acttutor.widgets.network_editor import NetworkEditor, nonfinite_entry, vector_text
from acttutor.widgets.network_view import DiagramState, NetworkView, WeightsLine
from acttutor.widgets.predict import PredictBar, feedback_for, judge
from acttutor.widgets.step_view import (
    CollapseView,
    PredictionMark,
    StepCard,
    StepHistory,
    history_content,
    intro_content,
    step_content,
    summary_content,
)

__all__ = ["ForwardScreen"]

_EMPTY = Content("")
_OUTPUT_SYMBOL = {"sigmoid": "σ", "softmax": "softmax", "identity": "identity"}

_STEP_GROUP = Binding.Group("step", compact=True)

#: Actions of the keys that switch a mode on or off; a binding per direction, labelled for it.
_SWITCHES = ("toggle_backward", "toggle_predict", "toggle_linear")

#: The diagram column a backward step is about, highlighted while it is the current step.
_BACKWARD_COLUMN = {
    "loss": "yhat", "dyhat": "yhat", "dz2": "dz2", "dW2": "W2h", "db2": "dz2",
    "dh": "h", "dz1": "dz1", "dW1": "W1x", "db1": "dz1",
}

#: The backward steps whose per-unit gradients the diagram shows in their own columns.
_GRADIENT_COLUMNS = ("dz1", "dz2")

#: The focusable widgets of the backward bar.
_BAR_IDS = frozenset({"fw-target", "fw-loss"})

#: Actions that move through the steps (hidden while editing or in the collapse view).
_STEPPING = frozenset({"next", "previous", "restart", "toggle_predict"})


class _DiagramBox(ScrollableContainer, can_focus=False):
    """Scrolls a wide diagram sideways without ever taking ←/→ from the stepper."""


class _PanelBox(VerticalScroll, can_focus=False):
    """Scrolls a tall panel (editor, collapse view) on a short terminal; the mouse wheel works."""


def default_target_for(net: Network) -> Array:
    """A target that fits ``net``: 1 for each sigmoid/identity output, class 0 for softmax."""
    if net.output == "softmax":
        return normalize_target(net, 0)
    return normalize_target(net, np.ones(net.n_outputs))


class ForwardScreen(RoomScreen):
    """Step through x → h = act1(W1·x + b1) → ŷ = act2(W2·h + b2), forward and backward."""

    CSS_PATH = "forward.tcss"

    AUTO_FOCUS = ""
    """Nothing has the focus at first, so space and the arrows step."""

    BINDINGS = [
        Binding(
            "b", "toggle_backward('on')", N_("backward"),
            tooltip=N_("Add the backward pass: the loss and every gradient"),
        ),
        Binding("b", "toggle_backward('off')", N_("forward only"),
                tooltip=N_("Drop the backward pass")),
        Binding("e", "toggle_edit", N_("edit"),
                tooltip=N_("Edit x, the weights and the activations")),
        Binding("p", "toggle_predict('on')", N_("predict"),
                tooltip=N_("Type each value before it is shown")),
        Binding("p", "toggle_predict('off')", N_("stop predicting")),
        Binding("left", "previous", N_("step"), key_display="←", group=_STEP_GROUP),
        Binding("right", "next", N_("step"), key_display="→", group=_STEP_GROUP),
        Binding("space", "next", N_("next step"), show=False),
        Binding("r", "restart", N_("restart"), tooltip=N_("Back to before the first step")),
        Binding(
            "n", "toggle_linear('on')", N_("no activation"),
            tooltip=N_("No activation: the two layers collapse into one linear map"),
        ),
        Binding("n", "toggle_linear('off')", N_("with activation"),
                tooltip=N_("Back to the network with its activation")),
        Binding("t", "focus_target", N_("target"), show=False,
                tooltip=N_("Type the backward target")),
        Binding("enter", "apply_edit", N_("apply"), priority=True,
                tooltip=N_("Check the fields and use the network")),
        Binding("escape", "back('editor')", N_("close editor"),
                tooltip=N_("Close the editor; the network stays as it was")),
        BACK,
    ]

    position: var[int] = var(0, init=False)
    """How many steps are revealed (0 … number of steps)."""
    predicting: var[bool] = var(False, init=False, bindings=True)
    """Predict mode: the learner types each value before it is revealed."""
    backward: var[bool] = var(False, init=False, bindings=True)
    """The backward steps follow the forward ones."""
    linear: var[bool] = var(False, init=False, bindings=True)
    """The "no activation" collapse view is shown instead of the stepper."""
    editing: var[bool] = var(False, init=False, bindings=True)
    """The network editor is shown instead of the stepper."""

    def __init__(self, network: Network | None = None, x: Array | None = None) -> None:
        super().__init__()
        self.network: Network = network if network is not None else default_network()
        """The network being stepped through."""
        self.x: Array = x if x is not None else default_input()
        """Its input."""
        self.target: Array = (
            default_target() if network is None else default_target_for(self.network)
        )
        """The target of the backward pass."""
        self.loss: str = self.network.natural_loss
        """The loss id of the backward pass."""
        self.worked: WorkedPass = lesson_worked_pass(worked_pass(self.network, self.x))
        """Every step and value for the current network, input and (backward) target."""
        self.marks: dict[int, PredictionMark] = {}
        """Predictions made, by step index."""
        self._feedback: Content = _EMPTY

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Diagram on top; backward bar; then the stepper, the collapse view or the editor."""
        self.title = _("Forward pass")
        yield Header()
        with Vertical(id="forward"):
            with Vertical(id="fw-diagram"):
                with _DiagramBox(id="fw-grid-box"):
                    yield NetworkView(id="fw-network")
                yield WeightsLine(id="fw-weights")
            with Horizontal(id="fw-backward-bar"):
                yield Label(_("target t ="), classes="fw-bar-label")
                yield Input(id="fw-target", compact=True, select_on_focus=False)
                yield Label(_("loss"), classes="fw-bar-label")
                yield Select(self._loss_options(), value=self.loss, allow_blank=False,
                             compact=True, id="fw-loss")
                yield Label(_("t edits the target"), classes="fw-bar-hint")
            yield Static("", id="fw-target-error", markup=False)
            with Vertical(id="fw-stepper"):
                with _PanelBox(id="fw-card-box"):
                    yield StepCard(id="fw-card")
                yield PredictBar(id="fw-predict")
                yield StepHistory(id="fw-history")
            with _PanelBox(id="fw-collapse-box"):
                yield CollapseView(id="fw-collapse")
            with _PanelBox(id="fw-editor-box"):
                yield NetworkEditor(id="fw-editor")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the first state."""
        self._show_target()
        self.query_one("#fw-history", StepHistory).border_title = Content(_("steps so far"))
        self._show()

    # -- derived state ------------------------------------------------------------------------

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps being walked: forward, then backward when the backward pass is on."""
        return self.worked.all_steps if self.backward else self.worked.steps

    @property
    def current_step(self) -> Step | None:
        """The step last revealed (``None`` before the first)."""
        return self.steps[self.position - 1] if self.position else None

    @property
    def score(self) -> tuple[int, int]:
        """(right, answered) predictions since the last restart."""
        return sum(1 for m in self.marks.values() if m.right), len(self.marks)

    def _loss_options(self) -> list[tuple[str, str]]:
        return [(_(LOSS_NAMES[loss]), loss) for loss in COMPATIBLE_LOSSES[self.network.output]]

    # -- drawing ------------------------------------------------------------------------------

    def _show(self) -> None:
        """Redraw everything from the state."""
        steps = self.steps
        position = min(self.position, len(steps))
        shown = steps[:position]
        current = self.current_step
        upcoming = steps[position] if position < len(steps) else None
        flags: list[UnitFlag] = []
        for step in shown:
            flags += [f for f in step.flags if f not in flags]
        pending = (
            upcoming.key
            if self.predicting and upcoming is not None and upcoming.phase == "forward"
            else None
        )
        if self.linear:
            # The diagram shows the same network with no activation, every value in.
            linear_net = self.network.with_hidden("identity")
            self.query_one(NetworkView).show(DiagramState(
                network=linear_net,
                forward=forward(linear_net, self.x),
                revealed=frozenset(FORWARD_KEYS),
            ))
        else:
            self.query_one(NetworkView).show(DiagramState(
                network=self.network,
                forward=self.worked.forward,
                revealed=frozenset(s.key for s in shown),
                gradients={
                    s.key: tuple(s.value) for s in steps if s.key in _GRADIENT_COLUMNS
                } if self.backward else {},
                current=self._current_column(current),
                pending=pending,
                flags=tuple(flags),
            ))
        self.query_one(WeightsLine).show(self.network)
        self.query_one("#fw-diagram").border_title = Content(lesson_notation(self._formula()))
        self._show_card(current, position, len(steps))
        self.query_one(StepHistory).show(history_content(steps, position, self.marks))
        bar = self.query_one(PredictBar)
        bar.ask(upcoming, self.score)
        bar.tell(self._feedback)
        if self.linear:
            self.query_one(CollapseView).show(self.network, np.asarray(self.x))
        self.sub_title = self._mode_text()

    @staticmethod
    def _current_column(step: Step | None) -> str | None:
        if step is None:
            return None
        if step.phase == "forward":
            return step.key
        return _BACKWARD_COLUMN.get(step.key)

    def _show_card(self, current: Step | None, position: int, total: int) -> None:
        card = self.query_one(StepCard)
        if current is None:
            card.show(intro_content(self.steps[0], total, self.predicting))
            return
        if position < total:
            card.show(step_content(current, position, total))
            return
        grads = self.worked.gradients if self.backward else None
        content = Content("\n").join([
            step_content(current, position, total, brief=True),
            summary_content(self.worked.summary, grads, self.score),
        ])
        card.show(content)

    def _formula(self) -> str:
        act = "identity" if self.linear else self.network.activation.name
        out = _OUTPUT_SYMBOL[self.network.output]
        h = "W1·x + b1" if act == "identity" else f"{act}(W1·x + b1)"
        y = "W2·h + b2" if out == "identity" else f"{out}(W2·h + b2)"
        if self.linear:
            one = "W·x + b" if out == "identity" else f"{out}(W·x + b)"
            return " " + _("no activation: {formula}").format(
                formula=f"x → h = {h} → ŷ = {y} = {one}") + " "
        return f" x → h = {h} → ŷ = {y} "

    def _mode_text(self) -> str:
        modes = []
        if self.editing:
            modes.append(_("editing"))
        if self.linear:
            modes.append(_("no activation: one linear map"))
        if self.backward:
            modes.append(_("backward · {loss}").format(loss=_(LOSS_NAMES[self.loss])))
        if self.predicting:
            right, answered = self.score
            modes.append(_("predict {right}/{answered}").format(right=right, answered=answered))
        return " · ".join(modes) if modes else _("space or → steps forward")

    # -- watchers -----------------------------------------------------------------------------

    def watch_position(self, old: int, new: int) -> None:
        """Redraw at the new step; refresh the footer only when ← or → turns on or off."""
        self._show()
        total = len(self.steps)
        if (old == 0) != (new == 0) or (old >= total) != (new >= total):
            # Refreshing on every step would rebuild the footer for nothing.
            self.refresh_bindings()

    def watch_predicting(self, predicting: bool) -> None:
        """Show or hide the prediction line; the input takes the keys while it is up."""
        self.set_class(predicting, "-predicting")
        self._feedback = _EMPTY
        self._show()
        field = self.query_one("#predict-input", Input)
        if predicting and self.position < len(self.steps):
            self.call_after_refresh(field.focus)
        elif self.focused is field:
            self.set_focus(None)

    def watch_backward(self, backward: bool) -> None:
        """Add or drop the backward steps (the position stays, within the new length)."""
        self.set_class(backward, "-backward")
        self._recompute()
        if not backward and self.focused is not None and self.focused.id in _BAR_IDS:
            self.set_focus(None)

    def watch_linear(self, linear: bool) -> None:
        """Swap the stepper for the collapse view."""
        self.set_class(linear, "-linear")
        if linear and self.focused is not None:
            self.set_focus(None)
        self._show()

    def watch_editing(self, editing: bool) -> None:
        """Open the editor on the current network, or close it."""
        self.set_class(editing, "-editing")
        editor = self.query_one(NetworkEditor)
        if editing:
            editor.load(self.network, self.x)
            self.call_after_refresh(editor.field("x").focus)
        else:
            self.set_focus(None)
        self.sub_title = self._mode_text()

    # -- recomputing ----------------------------------------------------------------------------

    def _recompute(self) -> None:
        """Rebuild the worked pass (after an edit or a target/loss change) and redraw."""
        target = self.target if self.backward else None
        self.worked = lesson_worked_pass(worked_pass(self.network, self.x, target, self.loss))
        self.refresh_bindings()
        self.marks = {k: v for k, v in self.marks.items() if k < len(self.steps)}
        if self.position > len(self.steps):
            self.position = len(self.steps)  # the watcher redraws
        else:
            self._show()

    def _show_target(self) -> None:
        """The target in its field, with a placeholder saying what fits this output."""
        field = self.query_one("#fw-target", Input)
        field.value = vector_text(self.target)
        n = self.network.n_outputs
        field.placeholder = {
            "sigmoid": _("a value in [0, 1] per output") if n > 1 else _("a value in [0, 1]"),
            "softmax": _("a class 0…{last}, or {n} probabilities").format(last=n - 1, n=n),
            "identity": _("any number per output") if n > 1 else _("any number"),
        }[self.network.output]
        field.tooltip = _("t puts the cursor here; Enter applies the target")

    def _set_target_error(self, message: str) -> None:
        error = self.query_one("#fw-target-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")
        self.query_one("#fw-target", Input).set_class(bool(message), "-invalid")

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide stepping keys where they mean nothing; grey out next/prev at the ends; label
        each switch with what it does now; Enter and Escape speak for the editor while it is up.
        """
        if action == "apply_edit":
            return self.editing and isinstance(self.focused, Input)
        if action == "back":
            return parameters == (("editor",) if self.editing else ())
        if action in _SWITCHES:
            state = {"toggle_backward": self.backward, "toggle_predict": self.predicting,
                     "toggle_linear": self.linear}[action]
            if parameters != (("off",) if state else ("on",)):
                return False
        if self.editing and action in _STEPPING | {"toggle_backward", "toggle_linear",
                                                   "focus_target", "toggle_edit"}:
            return False
        if self.linear and action in _STEPPING | {"focus_target", "toggle_backward"}:
            return False
        if action == "focus_target" and not self.backward:
            return False
        if action == "next" and self.position >= len(self.steps):
            return None
        if action == "previous" and self.position == 0:
            return None
        return True

    def action_next(self) -> None:
        """Reveal the next step (in predict mode, without a prediction)."""
        if self.position < len(self.steps):
            self._feedback = _EMPTY
            self.position += 1

    def action_previous(self) -> None:
        """Go back one step."""
        if self.position > 0:
            self._feedback = _EMPTY
            self.position -= 1

    def action_restart(self) -> None:
        """Back to before the first step; predictions are cleared."""
        self.marks.clear()
        self._feedback = _EMPTY
        if self.position == 0:
            self._show()
        self.position = 0
        if self.predicting:
            self.query_one("#predict-input", Input).focus()

    def action_toggle_predict(self, _label: str = "") -> None:
        """Predict mode on or off."""
        self.predicting = not self.predicting

    def action_toggle_backward(self, _label: str = "") -> None:
        """The backward pass on or off."""
        self.backward = not self.backward

    def action_toggle_linear(self, _label: str = "") -> None:
        """The "no activation" collapse view on or off."""
        self.linear = not self.linear

    def action_toggle_edit(self) -> None:
        """The network editor open or closed (closing keeps the network as it is)."""
        self.editing = not self.editing

    def action_focus_target(self) -> None:
        """Put the cursor in the backward pass's target field."""
        self.query_one("#fw-target", Input).focus()

    def action_apply_edit(self) -> None:
        """Enter in an editor field: check the fields and use the network."""
        self.query_one(NetworkEditor).apply()

    def action_back(self, _label: str = "") -> None:
        """Close the editor, else leave an input, else go back to the previous screen."""
        if self.editing:
            self.editing = False
        elif isinstance(self.focused, (Input, Select)):
            self.set_focus(None)
        else:
            self.dismiss()

    # -- events ---------------------------------------------------------------------------------

    @on(Input.Submitted, "#predict-input")
    def _predicted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.position >= len(self.steps):
            return
        step = self.steps[self.position]
        text = event.value.strip()
        field = event.input
        if not text:
            self._feedback = Content.assemble(
                (_("Revealed without a prediction (not counted): "), "$text-muted"),
                (f"{step.name} {step.relation} {step.result}", "bold"),
            )
            self.position += 1
            return
        try:
            verdict = judge(step, text)
        except NetworkError as error:
            self._feedback = Content.assemble(
                (_("Not read, not counted: "), "bold $text-warning"), (error.message, "")
            )
            self.query_one(PredictBar).tell(self._feedback)
            return
        self.marks[self.position] = PredictionMark(text, verdict.right)
        self._feedback = feedback_for(step, verdict)
        field.value = ""
        self.position += 1
        if self.position >= len(self.steps):
            self.set_focus(None)

    @on(Input.Submitted, "#fw-target")
    def _target_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        keeps = " — " + _("t stays {value}").format(value=format_array(self.target))
        refused = nonfinite_entry(event.value, "target")
        if refused is not None:
            self._set_target_error(refused + keeps)
            return
        try:
            raw = parse_vector(event.value, "target")
            target = normalize_target(self.network, raw)
        except NetworkError as error:
            self._set_target_error(error.message + keeps)
            return
        self._set_target_error("")
        self.target = target
        event.input.value = vector_text(target)
        self.set_focus(None)
        self._recompute()

    @on(Select.Changed, "#fw-loss")
    def _loss_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        if not isinstance(value, str) or value == self.loss:
            return
        if value not in COMPATIBLE_LOSSES[self.network.output]:
            return
        self.loss = value
        self._recompute()

    @on(NetworkEditor.Applied)
    def _applied(self, event: NetworkEditor.Applied) -> None:
        event.stop()
        old_output = self.network.output
        self.network = event.network
        self.x = event.x
        if self.loss not in COMPATIBLE_LOSSES[self.network.output]:
            self.loss = self.network.natural_loss
        try:
            self.target = normalize_target(self.network, self.target)
        except NetworkError:
            self.target = default_target_for(self.network)
        self._show_target()
        self._set_target_error("")
        if self.network.output != old_output:
            loss_select = self.query_one("#fw-loss", Select)
            with loss_select.prevent(Select.Changed):
                loss_select.set_options(self._loss_options())
                loss_select.value = self.loss
        self.marks.clear()
        self._feedback = _EMPTY
        self.worked = lesson_worked_pass(worked_pass(
            self.network, self.x, self.target if self.backward else None, self.loss
        ))
        self.editing = False
        self.position = 0
        self._show()
        self.refresh_bindings()
        self.notify(_("Applied: {network}").format(network=self.worked.summary),
                    title=_("Network changed"), timeout=4)
