"""A notice shown instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Covers everything until the terminal is large enough again."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: auto; max-width: 100%; text-align: center; }
    """

    BINDINGS = [("q", "app.quit", "Quit")]

    def __init__(self, minimum: tuple[int, int], size: tuple[int, int]) -> None:
        super().__init__()
        self.minimum = minimum
        self._terminal_size = size

    def compose(self) -> ComposeResult:
        """One centred message."""
        with Middle(), Center():
            yield Static(self._message(*self._terminal_size), id="too-small-text")

    def show_size(self, width: int, height: int) -> None:
        """Say how big the terminal is and how big it must be."""
        self._terminal_size = (width, height)
        self.query_one("#too-small-text", Static).update(self._message(width, height))

    def _message(self, width: int, height: int) -> Content:
        min_w, min_h = self.minimum
        return Content(
            f"Terminal too small: {width}×{height}.\n"
            f"acttutor needs at least {min_w}×{min_h}.\n"
            "Enlarge the window, or press q to quit."
        )
