"""TutorScreen: the base of every screen, with typed access to the app and its keys' labels in
the learner's language."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual import events
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer

from acttutor.core.i18n import N_, _, current_language

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    from acttutor.app import ActTutorApp


#: Below this width side-by-side layouts stack vertically (the ``-narrow`` class) and the
#: Footer drops the padding around its keys.
NARROW_WIDTH = 100

BACK = Binding("escape", "back", N_("back"))
"""Escape goes back; each room lists it after its own keys, so the main keys come first."""

#: The −/+ keys' labels end in their sign ("slope −"): the name before it is translated.
_SIGNS = (" −", " +")


def key_label(description: str) -> str:
    """A key's label (a binding's ``description``) in the current language."""
    if not description:
        return description
    if description.endswith(_SIGNS):
        return _(description[:-2]) + description[-2:]
    return _(description)


@functools.lru_cache(maxsize=1024)
def _translated_binding(binding: Binding, lang: str) -> Binding:
    group = binding.group
    if group is not None:
        group = replace(group, description=key_label(group.description))
    return replace(
        binding, description=key_label(binding.description),
        tooltip=_(binding.tooltip) if binding.tooltip else binding.tooltip, group=group,
    )


class TranslatedBindings(Screen[None]):
    """A screen whose key labels (Footer, the ``?`` panel, tooltips) are in the learner's language.

    ``BINDINGS`` are built when a module is imported, so their descriptions (marked with ``N_``)
    are translated here, where Textual reads them: the public ``active_bindings``.
    """

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's active bindings, their labels and tooltips translated."""
        active = super().active_bindings
        lang = current_language()
        if lang == "en":
            return active
        return {
            key: entry._replace(
                binding=_translated_binding(entry.binding, lang),
                tooltip=_(entry.tooltip) if entry.tooltip else entry.tooltip,
            )
            for key, entry in active.items()
        }


class TutorScreen(TranslatedBindings):
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
