"""Argument helpers shared by the subcommands: parameter pairs, numbers, usage errors."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from acttutor.core.i18n import _

if TYPE_CHECKING:
    from acttutor.core.activations import Activation, ParamValue


class UsageError(Exception):
    """A mistake on the command line: printed as one line, exit status 2."""


def fail(command: str, message: str) -> int:
    """Print ``acttutor COMMAND: error: MESSAGE`` (in the current language) on stderr and return
    exit status 2."""
    prefix = f"acttutor {command}" if command else "acttutor"
    print(_("{prefix}: error: {message}").format(prefix=prefix, message=message), file=sys.stderr)
    return 2


def parse_param_pairs(pairs: Sequence[str] | None) -> dict[str, str]:
    """``["alpha=1.5"]`` -> ``{"alpha": "1.5"}``; UsageError when a pair is malformed."""
    params: dict[str, str] = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(_("--param expects NAME=VALUE, e.g. --param alpha=1.5 (got {pair})")
                             .format(pair=repr(pair)))
        params[name.strip()] = value.strip()
    return params


def resolve(name: str, pairs: Sequence[str] | None) -> tuple[Activation, dict[str, ParamValue]]:
    """The activation and its checked parameters, or UsageError with the engine's message."""
    from acttutor.core.activations import ActivationError, get_activation

    try:
        act = get_activation(name)
        return act, act.resolve_params(parse_param_pairs(pairs))
    except ActivationError as exc:
        raise UsageError(str(exc)) from None


def parse_float(text: str, what: str, *, allow_nonfinite: bool = False) -> float:
    """A float from the command line: Unicode minus allowed; nan/inf only when asked for."""
    cleaned = text.strip().replace("\u2212", "-")
    try:
        value = float(cleaned)
    except ValueError:
        raise UsageError(_("{what} must be a number, not {text}")
                         .format(what=what, text=repr(text))) from None
    if not allow_nonfinite and not math.isfinite(value):
        raise UsageError(_("{what} must be a finite number, not {text}")
                         .format(what=what, text=repr(text)))
    return value


def parse_range(values: Sequence[str], what: str = "--range") -> tuple[float, float]:
    """Two finite numbers A < B."""
    low, high = (parse_float(v, what) for v in values)
    if not low < high:
        raise UsageError(_("{what} needs A < B (got {low} and {high})")
                         .format(what=what, low=f"{low:g}", high=f"{high:g}"))
    return low, high
