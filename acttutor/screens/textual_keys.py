"""The labels of Textual's own keys (the App's, the Screen's and those of the widgets the tutor
uses), listed for the catalog: the ``?`` panel and the Footer show them through
:func:`acttutor.screens.base.key_label`. A test checks the list against Textual's bindings."""

from __future__ import annotations

from acttutor.core.i18n import N_

TEXTUAL_KEY_LABELS = (
    N_("Quit"), N_("Quit the app and return to the command prompt."),
    N_("Focus Next"), N_("Focus Previous"), N_("Copy selected text"),
    N_("palette"), N_("Open the command palette"),
    N_("Down"), N_("Last"), N_("Select"), N_("First"), N_("Page Down"), N_("Page Up"), N_("Up"),
    N_("Move cursor left"), N_("Move cursor left and select"), N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Move cursor right and select"), N_("Move cursor right a word"),
    N_("Move cursor right a word and select"), N_("Delete character left"), N_("Select all"),
    N_("Go to start"), N_("Go to end"), N_("Select line start"), N_("Select line end"),
    N_("Delete character right"), N_("Submit"), N_("Delete left to start of word"),
    N_("Delete all to the left"), N_("Delete right to start of word"),
    N_("Delete all to the right"), N_("Cut selected text"), N_("Paste text from the clipboard"),
    N_("Show menu"), N_("Dismiss menu"),
    N_("Cursor up"), N_("Cursor down"), N_("Cursor right"), N_("Cursor left"),
    N_("Page up"), N_("Page down"), N_("Top"), N_("Bottom"), N_("Home"), N_("End"),
    N_("Scroll Up"), N_("Scroll Down"), N_("Scroll Left"), N_("Scroll Right"),
    N_("Scroll Home"), N_("Scroll End"), N_("Page Left"), N_("Page Right"),
)
