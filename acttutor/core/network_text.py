"""Numbers, vectors and matrices as the network stepper writes and reads them.

Writing: :func:`format_number` gives compact text in the course's one number format
(``6``, ``0.9975``, ``−0.002473``, ``9.537 × 10⁻⁷``: :mod:`acttutor.core.numfmt`);
:func:`format_array` writes ``[2, 0]`` and ``[[1, −2], [1, 5]]``.

Reading: :func:`parse_vector` (``"2, 0"``, ``"2 0"``, ``"[2, 0]"``) and :func:`parse_matrix`
(``"1,-2; 1,5"``, ``"[[1, -2], [1, 5]]"``, one row per line also works). Each entry is read with
the quiz answer syntax of :func:`acttutor.core.numparse.parse_number` (``1/4``, ``e^-1``, ``−3``).
Errors are :class:`~acttutor.core.network_model.NetworkError` naming the field and the entry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

import numpy as np
from numpy.typing import ArrayLike

from acttutor.core import numfmt
from acttutor.core.i18n import _, ngettext
from acttutor.core.network_model import MAX_ABS, MAX_UNITS, Array, NetworkError

__all__ = [
    "MINUS",
    "format_number",
    "format_numbers",
    "format_vector",
    "format_matrix",
    "format_array",
    "is_exact",
    "nonfinite_reason",
    "parse_hidden_params",
    "parse_number_entry",
    "parse_vector",
    "parse_matrix",
]

MINUS = numfmt.MINUS
"""The Unicode minus sign used in every formatted number."""

_SIGNIFICANT = 4
_ROW = re.compile(r"\[([^\[\]]*)\]")


def format_number(value: float, digits: int = _SIGNIFICANT) -> str:
    """Compact text for one number, in the course's one format (:mod:`acttutor.core.numfmt`)."""
    return numfmt.format_number(value, digits)


def format_numbers(values: Iterable[float]) -> list[str]:
    """:func:`format_number` applied to each value."""
    return [format_number(v) for v in values]


def format_vector(values: ArrayLike) -> str:
    """``[2, −3.5]`` for a 1-D array (a scalar prints bare)."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        return format_number(float(array))
    return "[" + ", ".join(format_numbers(array.reshape(-1))) + "]"


def format_matrix(values: ArrayLike) -> str:
    """``[[1, −2], [1, 5]]`` for a 2-D array."""
    array = np.asarray(values, dtype=np.float64)
    return "[" + ", ".join(format_vector(row) for row in array) + "]"


def format_array(values: ArrayLike) -> str:
    """A scalar, vector or matrix, whichever ``values`` is."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim >= 2:
        return format_matrix(array)
    return format_vector(array)


def is_exact(values: ArrayLike) -> bool:
    """True when the formatted text of every entry shows the same number (up to float noise).

    The stepper writes ``=`` before an exact result (0.1 + 0.2 is ``0.3``) and ``≈`` before a
    rounded one, such as σ(6).
    """
    return all(
        numfmt.is_shown_exactly(float(v)) for v in np.asarray(values, dtype=np.float64).reshape(-1)
    )


def _number_parser() -> Callable[[str], float]:
    try:
        from acttutor.core.numparse import parse_number
    except ModuleNotFoundError as error:  # pragma: no cover - numparse ships with the package
        if error.name != "acttutor.core.numparse":
            raise
        return float
    return parse_number


_NONFINITE_WORD = re.compile(r"^[+\-−]?\s*(nan|inf|infinity|∞)$", re.IGNORECASE)


def nonfinite_reason(entry: str) -> str | None:
    """Why ``entry`` is refused when it spells nan or an infinity (``inf``, ``-∞``, …), else None.

    The answer parser would only call such a word unknown; saying *why* teaches more.
    """
    match = _NONFINITE_WORD.match(entry.strip())
    if not match:
        return None
    if match.group(1).lower() == "nan":
        return _("nan is not a number at all: every value computed from it is nan too")
    return _(
        "an infinite entry is refused: the sums after it would be ±∞ or ∞ − ∞ = nan, "
        "and a gradient step could never fix it"
    )


def parse_number_entry(text: str, where: str, field_name: str = "") -> float:
    """Read one entry with the answer syntax; ``where`` names it in errors (``"W1 row 2, …"``).

    Rejects nan, ±inf and magnitudes above :data:`~acttutor.core.network_model.MAX_ABS`.
    """
    raw = text.strip()
    if not raw:
        raise NetworkError(_("{where} is empty; type a number such as 0.5 or -1")
                           .format(where=where), field_name)
    reason = nonfinite_reason(raw)
    if reason is not None:
        raise NetworkError(_("{where} is {value}: {reason}. Type a finite number.").format(
            where=where, value=repr(raw), reason=reason), field_name)
    parse = _number_parser()
    try:
        value = float(parse(raw.replace(MINUS, "-")))
    except ValueError as error:
        message = str(error) or _("not a number")
        if raw not in message:
            message = f"{raw!r}: {message}"
        raise NetworkError(f"{where}: {message}", field_name) from None
    if math.isnan(value):
        raise NetworkError(_("{where} is nan (not a number); type a finite number")
                           .format(where=where), field_name)
    if math.isinf(value):
        raise NetworkError(_("{where} is infinite; type a finite number").format(where=where),
                           field_name)
    if abs(value) > MAX_ABS:
        raise NetworkError(
            _("{where} = {value} is too large; entries must lie between {low} and {high}").format(
                where=where, value=raw, low=f"−{MAX_ABS:,.0f}", high=f"{MAX_ABS:,.0f}"),
            field_name,
        )
    return value


def _count(n: int) -> str:
    return ngettext("{n} entry", "{n} entries", n).format(n=n)


def _split_entries(text: str) -> list[str]:
    # With commas, spaces may sit inside an entry ("1 / 4"); without, they separate entries.
    if "," in text:
        return text.split(",")
    return text.split()


def _strip_brackets(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        return stripped[1:-1]
    return stripped


def parse_vector(text: str, name: str = "vector") -> Array:
    """Read a vector such as ``"2, 0"``, ``"2 0"``, ``"[−3, 1/2]"`` into a float array.

    ``name`` (``"x"``, ``"b1"``, ``"--b1"``...) starts every error message, which also names the
    bad entry counted from 1: ``"b1 entry 2: 'abc' is not a number (...)"``.
    """
    if not isinstance(text, str) or not _strip_brackets(text).strip():
        raise NetworkError(_("{name} is empty; type numbers separated by commas, e.g. 2,0")
                           .format(name=name), name)
    if "[" in _strip_brackets(text) or ";" in text:
        raise NetworkError(
            _("{name} must be a single list of numbers such as 2,0, not a matrix")
            .format(name=name), name
        )
    parts = _split_entries(_strip_brackets(text))
    if len(parts) > MAX_UNITS:
        raise NetworkError(
            _("{name} has {count}; at most {most} are allowed").format(
                name=name, count=_count(len(parts)), most=MAX_UNITS), name
        )
    values = [
        parse_number_entry(part, _("{name} entry {index}").format(name=name, index=i + 1), name)
        for i, part in enumerate(parts)
    ]
    return np.array(values, dtype=np.float64)


def _rows(text: str) -> list[str]:
    stripped = text.strip()
    if stripped.startswith("["):
        inner = stripped
        if stripped.startswith("[[") and stripped.endswith("]]"):
            inner = stripped[1:-1]
        rows = _ROW.findall(inner)
        if rows:
            return rows
        return [_strip_brackets(stripped)]
    # A trailing separator ("1,2;3,4;") is a harmless typo, not an empty row.
    return re.split(r"[;\n]", stripped.rstrip(";\n "))


def parse_matrix(text: str, name: str = "matrix") -> Array:
    """Read a matrix: rows separated by ``;`` or new lines, entries by commas or spaces.

    ``"1,-2; 1,5"`` and ``"[[1, -2], [1, 5]]"`` both give [[1, −2], [1, 5]]; a single row
    ``"1,3"`` gives a 1×2 matrix. Errors name the row and column counted from 1 (``"W1 row 2,
    column 1: ..."``) and ragged rows (``"W1 row 2 has 3 entries but row 1 has 2"``).
    """
    if not isinstance(text, str) or not text.strip():
        raise NetworkError(
            _("{name} is empty; type rows separated by ';' and entries by ',', e.g. 1,-2;1,5")
            .format(name=name),
            name,
        )
    rows = _rows(text)
    if len(rows) > MAX_UNITS:
        raise NetworkError(_("{name} has {count}; at most {most} are allowed").format(
            name=name, count=ngettext("{n} row", "{n} rows", len(rows)).format(n=len(rows)),
            most=MAX_UNITS), name)
    matrix: list[list[float]] = []
    for r, row in enumerate(rows):
        if not row.strip():
            raise NetworkError(_("{name} row {row} is empty").format(name=name, row=r + 1), name)
        parts = _split_entries(row)
        if len(parts) > MAX_UNITS:
            raise NetworkError(
                _("{name} row {row} has {count}; at most {most} are allowed").format(
                    name=name, row=r + 1, most=MAX_UNITS,
                    count=ngettext("{n} column", "{n} columns", len(parts)).format(n=len(parts))),
                name,
            )
        values = [
            parse_number_entry(
                part, _("{name} row {row}, column {column}").format(
                    name=name, row=r + 1, column=c + 1), name)
            for c, part in enumerate(parts)
        ]
        if matrix and len(values) != len(matrix[0]):
            raise NetworkError(
                _("{name} row {row} has {count} but row 1 has {first}; every row needs the "
                  "same number").format(name=name, row=r + 1, count=_count(len(values)),
                                        first=_count(len(matrix[0]))),
                name,
            )
        matrix.append(values)
    return np.array(matrix, dtype=np.float64)


def parse_hidden_params(
    hidden: str, pairs: Iterable[str], where: str = "--hidden-param", field_name: str = ""
) -> dict[str, float | str]:
    """``NAME=VALUE`` pairs for the hidden activation ``hidden``; numeric parameters are read with
    the answer syntax (``1/4`` works), choices stay text. ``where`` names the source in errors.

    Names, ranges and choices are checked by :class:`~acttutor.core.network_model.Network`,
    which names the valid ones; this only splits the pairs and reads the numbers.
    """
    from acttutor.core.activations import ActivationError, format_params, get_activation

    try:
        act = get_activation(hidden)
    except ActivationError:
        act = None  # Network() reports the unknown name with suggestions.
    params: dict[str, float | str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            example = ""
            if act is not None and act.params:
                example = _(", e.g. {example}").format(
                    example=format_params({act.params[0].name: act.params[0].default}))
            raise NetworkError(_("{where} expects NAME=VALUE{example} (got {pair})").format(
                where=where, example=example, pair=repr(pair)), field_name)
        numeric = act is not None and name in act.param_names and not act.param(name).is_choice
        params[name] = (
            parse_number_entry(value, f"{where} {name}", field_name) if numeric else value
        )
    return params
