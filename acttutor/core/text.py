"""Text from files made safe to show on a terminal: control characters become visible symbols.

Content files are untrusted. An escape sequence in a lesson (``ESC ] 52 ;`` writes the clipboard,
``ESC [ 2 J`` clears the screen) or a bidi override (text that reads differently from what it is)
must never reach the terminal as it is. :func:`neutralise` replaces every C0 control character
other than newline and tab, DEL, every C1 control character, and the bidi embedding, override and
isolate characters with something visible and inert:

* C0 controls and DEL -> their Unicode *Control Pictures* (ESC -> ``␛``, CR -> ``␍``);
* C1 controls and bidi controls -> an escape written out, ``\\x9b`` or ``\\u202e``.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_CHARACTERS", "neutralise", "control_characters", "describe_control"]

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Every character :func:`neutralise` replaces."""


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


_SYMBOLS = {chr(c): _visible(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0),
                                               *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
            if chr(c) not in "\n\t"}


def neutralise(text: str) -> str:
    """``text`` with every control character (bar newline and tab) and bidi control made
    visible; text without any is returned unchanged (the same object)."""
    if CONTROL_CHARACTERS.search(text) is None:
        return text
    return CONTROL_CHARACTERS.sub(lambda m: _SYMBOLS[m.group()], text)


def control_characters(text: str) -> list[tuple[int, str]]:
    """``(offset, character)`` of every character :func:`neutralise` would replace."""
    return [(m.start(), m.group()) for m in CONTROL_CHARACTERS.finditer(text)]


def describe_control(char: str) -> str:
    """How a message names a control character: ``U+001B (shown as ␛)``."""
    return f"U+{ord(char):04X} (shown as {_SYMBOLS[char]})"
