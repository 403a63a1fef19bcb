"""The explorer: two or three activations overlaid on one chart, compared at the probe x."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Header, Select, Static

from acttutor.core.activations import REGISTRY, format_params
from acttutor.core.lab import LabState, Slot
from acttutor.screens.base import BACK, RoomScreen
from acttutor.widgets.lab import (
    PARAM_KEYS,
    PROBE_KEYS,
    RESET_KEY,
    VIEW_KEYS,
    Lab,
    LabActions,
    fmt,
)

DEFAULT_NAMES = ("relu", "gelu", "sigmoid")


class ExplorerScreen(LabActions, RoomScreen):
    """Pick up to three activations, tune each one's parameters, compare them at any x."""

    CSS_PATH = "explorer.tcss"

    BINDINGS = [
        *PROBE_KEYS,
        *PARAM_KEYS,
        RESET_KEY,
        *VIEW_KEYS,
        BACK,
        Binding("1", "activate(0)", "edit 1st", show=False),
        Binding("2", "activate(1)", "edit 2nd", show=False),
        Binding("3", "activate(2)", "edit 3rd", show=False),
        Binding("tab", "app.focus_next", "next control", show=False),
    ]

    def __init__(self, first: str | None = None) -> None:
        super().__init__()
        names = list(DEFAULT_NAMES)
        if first is not None:
            names = [first] + [n for n in DEFAULT_NAMES if n != first][:2]
        self.names: list[str | None] = list(names)
        self._rows: list[tuple[str, ...]] = []

    def compose(self) -> ComposeResult:
        """Pickers on top, chart and readout table below."""
        self.title = "Explorer"
        options = [(act.display, act.name) for act in REGISTRY.values()]
        yield Header()
        with Vertical(id="explorer"):
            with Horizontal(id="pickers"):
                for i, name in enumerate(self.names):
                    yield Select(
                        options, value=name, allow_blank=(i == 2), prompt="(none)",
                        id=f"pick-{i}", classes="picker",
                    )
            with Horizontal(id="explorer-body"):
                yield Lab(self._state(), overlay=True, id="lab")
                with Vertical(id="readings-column"):
                    yield Static("", id="probe-x")
                    yield DataTable(id="readings", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Set up the readings table."""
        table = self.query_one(DataTable)
        table.add_columns("", "activation", "f(x)", "f′(x)", "gradient")
        self._fill_table()
        self.query_one(Lab).focus()

    def _state(self, previous: LabState | None = None) -> LabState:
        names = [n for n in self.names if n]
        if previous is None:
            return LabState.for_activations(names)
        kept = {slot.name: slot for slot in previous.slots}
        slots = tuple(kept.get(name) or Slot.of(name) for name in names)
        active = min(previous.active, len(slots) - 1)
        return replace(previous, slots=slots, active=active, selected_param=0)

    def _update(self, state: LabState) -> None:
        super()._update(state)
        self._fill_table()

    def _fill_table(self) -> None:
        state = self.lab().state
        table = self.query_one(DataTable)
        if state is None:
            table.clear()
            return
        rows: list[tuple[str, ...]] = []
        for i, reading in enumerate(state.readings()):
            defaults = reading.slot.activation.defaults()
            changed = {k: v for k, v in reading.slot.params if defaults.get(k) != v}
            params = format_params(changed)
            label = reading.slot.name + (f" ({params})" if params else "")
            marker = "▸" if i == state.active else str(i + 1)
            note = "vanishes" if reading.saturated else ""
            rows.append((marker, label, fmt(reading.value), fmt(reading.derivative), note))
        # A probe move changes a few cells: update those rather than rebuilding the table.
        if table.row_count == len(rows) and len(self._rows) == len(rows):
            for r, (old, new) in enumerate(zip(self._rows, rows, strict=True)):
                for c, (before, after) in enumerate(zip(old, new, strict=True)):
                    if before != after:
                        table.update_cell_at(Coordinate(r, c), after)
        else:
            table.clear()
            for row in rows:
                table.add_row(*row)
        self._rows = rows
        self.query_one("#probe-x", Static).update(
            Content.assemble(("at x = ", "bold"), (fmt(state.probe_x), "bold $text-primary")),
            layout=False,
        )
        # The title bar changes only when the edited slot does (a change repaints the screen).
        sub_title = f"editing #{state.active + 1}: keys 1-3"
        if self.sub_title != sub_title:
            self.sub_title = sub_title

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        index = int((event.select.id or "pick-0").rsplit("-", 1)[1])
        value = event.value
        self.names[index] = value if isinstance(value, str) else None
        if not any(self.names):
            return
        self._update(self._state(self.lab().state))

    def show_first(self, name: str) -> None:
        """Put activation ``name`` in the first chart slot (the palette's "Plot: …")."""
        self.names[0] = name
        self._update(self._state(self.lab().state))
        self.query_one("#pick-0", Select).value = name

    def action_activate(self, index: int) -> None:
        """Edit the parameters of slot ``index``."""
        state = self.lab().state
        assert state is not None
        if index < len(state.slots):
            self._update(state.with_active(index))
