"""TutorScreen: the base of every screen, with typed access to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer

if TYPE_CHECKING:
    from acttutor.app import ActTutorApp


#: Below this width side-by-side layouts stack vertically (the ``-narrow`` class) and the
#: Footer drops the padding around its keys.
NARROW_WIDTH = 100

BACK = Binding("escape", "back", "back")
"""Escape goes back; each room lists it after its own keys, so the main keys come first."""


class TutorScreen(Screen[None]):
    """A full screen of the tutor; gets the ``-narrow`` class on narrow terminals."""

    def on_resize(self, event: events.Resize) -> None:
        """Switch between side-by-side and stacked layouts; a narrow Footer drops the padding
        around its keys and leaves the palette key (ctrl+p still opens it) to ``?``."""
        narrow = event.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        try:
            footer = self.query_one(Footer)
        except NoMatches:
            return
        footer.compact = narrow
        footer.show_command_palette = not narrow

    @property
    def tutor(self) -> ActTutorApp:
        """The app, typed."""
        return cast("ActTutorApp", self.app)


class RoomScreen(TutorScreen):
    """A screen opened from home: Escape (:data:`BACK`, in each room's ``BINDINGS``) goes back."""

    SUB_TITLE = ""
    """The Header shows the room's title alone (not the app's sub-title) unless it sets one."""

    def action_back(self) -> None:
        """Return to the previous screen."""
        self.dismiss()
