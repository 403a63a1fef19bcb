"""One way to write every number a learner sees: quiz feedback, chart readouts, the forward pass.

:func:`format_number` rounds to a number of significant digits (4 unless asked otherwise) and
writes:

- exact integers in full: ``6``, ``−3``, ``120``;
- other numbers between 0.001 and 10⁴ as decimals without trailing zeros: ``0.9975``, ``−0.002473``;
- smaller and larger ones in the lessons' scientific notation: ``9.537 × 10⁻⁷``, ``1.235 × 10⁴``;
- a value that rounding would turn into a whole number it is not, as that number and the gap:
  σ(17.2) is ``1 − 3.442 × 10⁻⁸``, never ``1``;
- always the Unicode minus sign ``−`` (U+2212), and ``0`` for ``−0``.

:func:`format_decimals` writes a number to a fixed count of decimals (a quiz answer asked "to 3
decimals"), :func:`format_percent` a share as a whole percent that reads ``0%`` or ``100%`` only
when it is exactly that, and :func:`plural` a count with its noun ("1 question", "3 questions").
"""

from __future__ import annotations

import math

from acttutor.core.i18n import ngettext

__all__ = [
    "MINUS",
    "format_number",
    "format_decimals",
    "format_percent",
    "is_shown_exactly",
    "plural",
]

MINUS = "\u2212"
"""The minus sign of every number shown (U+2212, as in the lessons)."""

DEFAULT_DIGITS = 4
"""Significant digits of a number shown to the learner."""

#: Non-integers in [PLAIN_LOW, 10**digits) are written as decimals, others in scientific notation.
PLAIN_LOW = 1e-3
#: Exact integers below this magnitude are written in full.
INTEGER_LIMIT = 1e9

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_number(value: float, digits: int = DEFAULT_DIGITS) -> str:
    """``value`` to ``digits`` significant digits in the course's notation (see the module)."""
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else MINUS + "∞"
    if v == 0:
        return "0"
    digits = max(1, int(digits))
    if v.is_integer() and abs(v) < INTEGER_LIMIT:
        return _signed(str(int(v)))
    mantissa, exponent = _rounded(v, digits)
    if exponent < math.log10(PLAIN_LOW) or exponent >= digits:
        return _scientific(mantissa, exponent)
    decimals = digits - 1 - exponent
    text = f"{v:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if "." not in text:
        # Rounding made a whole number of a value that is not one: show the gap instead.
        whole = round(v)
        gap = v - whole  # exact (Sterbenz): v and whole are within a factor of two
        sign = MINUS if gap < 0 else "+"
        return f"{_signed(str(whole))} {sign} {format_number(abs(gap), digits)}"
    return _signed(text)


def format_decimals(value: float, decimals: int) -> str:
    """``value`` to exactly ``decimals`` decimals (``0.250``), Unicode minus, no ``−0.000``."""
    v = float(value)
    if not math.isfinite(v):
        return format_number(v)
    text = f"{v:.{max(0, int(decimals))}f}"
    if text.startswith("-") and text.strip("-0.") == "":
        text = text[1:]
    return _signed(text)


def format_percent(share: float) -> str:
    """A share in [0, 1] as a whole percent; ``100%`` only for 1 and ``0%`` only for 0."""
    s = min(max(float(share), 0.0), 1.0) if math.isfinite(share) else 0.0
    percent = round(s * 100)
    if percent == 100 and s < 1:
        percent = 99
    elif percent == 0 and s > 0:
        percent = 1
    return f"{percent}%"


def is_shown_exactly(value: float, digits: int = DEFAULT_DIGITS) -> bool:
    """True when :func:`format_number` writes ``value`` without rounding it.

    Float noise (a relative 1e-12) does not count as rounding, so 0.1 + 0.2 is shown exactly as
    ``0.3`` while σ(6) is not; callers write ``=`` before an exact value and ``≈`` before others.
    """
    v = float(value)
    if not math.isfinite(v) or v == 0 or (v.is_integer() and abs(v) < INTEGER_LIMIT):
        return True
    mantissa, exponent = _rounded(v, max(1, int(digits)))
    shown = float(f"{mantissa}e{exponent}")
    return math.isclose(shown, v, rel_tol=1e-12, abs_tol=0.0)


def plural(count: int, one: str, many: str) -> str:
    """``"1 question"``, ``"3 questions"``: the count and its noun, through the interface
    language's ngettext (:func:`acttutor.core.i18n.ngettext`).

    The catalog tool extracts ``plural(n, "question", "questions")`` calls (keyword ``plural``).
    A translation may place the count itself with ``{n}`` (Korean ``문제 {n}개``); otherwise the
    count goes first, as in English.
    """
    noun = ngettext(one, many, count)
    return noun.format(n=count) if "{n}" in noun else str(count) + " " + noun


def _rounded(v: float, digits: int) -> tuple[str, int]:
    """The mantissa text (``"-9.537"``) and exponent of ``v`` rounded to ``digits`` digits."""
    mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
    return mantissa, int(exponent)


def _scientific(mantissa: str, exponent: int) -> str:
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{_signed(mantissa)} × 10{str(exponent).translate(_SUPERSCRIPTS)}"


def _signed(text: str) -> str:
    return MINUS + text[1:] if text.startswith("-") else text
