"""TutorScreen: the base of every screen, with typed access to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from acttutor.app import ActTutorApp


#: Below this width side-by-side layouts stack vertically (the ``-narrow`` class).
NARROW_WIDTH = 100


class TutorScreen(Screen[None]):
    """A full screen of the tutor; gets the ``-narrow`` class on narrow terminals."""

    def on_resize(self, event: events.Resize) -> None:
        """Switch between side-by-side and stacked layouts."""
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    @property
    def tutor(self) -> ActTutorApp:
        """The app, typed."""
        return cast("ActTutorApp", self.app)


class RoomScreen(TutorScreen):
    """A screen opened from home: Escape goes back."""

    BINDINGS = [Binding("escape", "back", "back")]

    def action_back(self) -> None:
        """Return to the previous screen."""
        self.dismiss()
