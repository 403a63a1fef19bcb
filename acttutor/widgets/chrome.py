"""The one-line title bar and key bar every screen of the tutor draws.

They do what Textual's ``Header`` and ``Footer`` do here, each as a single widget: the Footer
builds a widget per key and the Header a clock and icon, which together took a tenth of the
time to the first painted question. ``KeyBar`` follows the screen's active bindings exactly as
the Footer does (same filtering, one entry per action, the palette key on the right) and a
click on a key presses it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from textual.app import RenderResult
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class TitleBar(Widget):
    """``title — sub_title`` of the screen (the app's when the screen sets none), centred."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        width: 100%;
        background: $panel;
        text-align: center;
        text-style: bold;
    }
    """

    def on_mount(self) -> None:
        """Follow the screen's title and sub-title."""
        self.watch(self.screen, "title", self._changed, init=False)
        self.watch(self.screen, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        """The title line."""
        screen, app = self.screen, self.app
        title = screen.title or app.title
        sub_title = screen.sub_title or ("" if screen.title else app.sub_title)
        if not sub_title:
            return Content(title)
        return Content.assemble(title, (f" — {sub_title}", "not bold $text-muted"))


class KeyBar(Widget):
    """The keys the screen offers right now: ``key label`` pairs, the palette key on the right."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 100%;
        background: $panel;
    }
    """

    def on_mount(self) -> None:
        """Redraw whenever the screen's bindings change (focus, check_action, phase)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop following the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> RenderResult:
        """Keys on the left, the command palette key on the right."""
        keys, palette = self.entries()
        right = _entry(*palette) if palette is not None else Content("")
        room = self.size.width - right.cell_length - 1
        left = _joined(_entry(*entry) for entry in keys)
        if left.cell_length > room:
            # Too many keys for the line: drop the padding around each key before cutting.
            left = _joined(_entry(*entry, compact=True) for entry in keys)
            if left.cell_length > room:
                left = left.truncate(max(room, 0), ellipsis=True)
        return Content.assemble(left, " " * max(room - left.cell_length, 0) + " ", right)

    def entries(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, shown key, label, enabled) per action, and the palette's, as the Footer picks
        them: bindings marked ``show``, the first key of each action."""
        screen, app = self.screen, self.app
        active = screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        seen: set[str] = set()
        keys: list[tuple[str, str, str, bool]] = []
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if not binding.show or binding.action in seen or key == palette_key:
                continue
            seen.add(binding.action)
            keys.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        palette = None
        if palette_key is not None and palette_key in active:
            _node, binding, enabled, _tooltip = active[palette_key]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return keys, palette


@functools.lru_cache(maxsize=256)
def _entry(key: str, shown: str, label: str, enabled: bool, *, compact: bool = False) -> Content:
    """`` key label`` with the key highlighted; clicking it presses the key."""
    action = f"app.simulate_key({key!r})"
    key_style = f"bold $accent @click={action}" if enabled else "dim"
    pad = "" if compact else " "
    return Content.assemble(
        (f"{pad}{shown} ", key_style),
        (f"{label} ", f"@click={action}" if enabled else "dim"),
    )


def _joined(parts: Iterable[Content]) -> Content:
    return Content("").join(parts)
