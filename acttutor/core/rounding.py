"""Which typed numbers answer "give d decimals" for an exact value (pure, stdlib only).

A learner rounds the way they were taught: half away from zero (school rounding, −0.3125 →
−0.313) or half to even (banker's rounding, IEEE and Python's ``round``, −0.3125 → −0.312). Both
are right, and so is the exact value itself. Nothing else is: an answer is accepted only when it
rounds to one of those keys, so for σ(2) = 0.880797… asked to 3 decimals 0.881 and 0.8808 are
right and 0.880 is not.

Exact values come from float64 arithmetic, so a value within a few ulps of a tie (0.37499999…
for 3/8) counts as the tie.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

__all__ = ["half_unit", "rounding_keys", "accepts", "round_half_away", "asked_decimals"]

_TIE_SLACK = 1e-9
"""How close (in units of the last decimal, plus a few ulps of the value) a float64 value must be
to a tie to count as one."""


def half_unit(decimals: int) -> float:
    """Half a unit of the last decimal asked for: 0.0005 for 3 decimals."""
    return 0.5 * 10.0 ** (-decimals)


def _snap(exact: float, decimals: int) -> Decimal:
    """``exact`` as a decimal, moved onto a tie when float noise put it a hair beside one."""
    scaled = exact * 10.0**decimals
    tie = math.floor(scaled) + 0.5
    if abs(scaled - tie) <= _TIE_SLACK + 4e-15 * abs(scaled):
        return Decimal(tie).scaleb(-decimals)
    return Decimal(repr(exact))


def round_half_away(exact: float, decimals: int) -> float:
    """``exact`` rounded half away from zero (school rounding) to ``decimals``."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(_snap(exact, decimals).quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


def rounding_keys(exact: float, decimals: int) -> tuple[float, ...]:
    """The roundings of ``exact`` to ``decimals``: half away from zero first, then the others
    that differ (only at or a hair beside a tie). −0.3125 at 3 decimals gives (−0.313, −0.312)."""
    if not math.isfinite(exact):
        return (exact,)
    quantum = Decimal(1).scaleb(-decimals)
    keys: list[float] = []
    # The tie the float stands for (0.044715 written, 0.04471499… stored) and the stored binary
    # value itself: a learner may round either, so the roundings of both are keys.
    for value in (_snap(exact, decimals), Decimal(exact)):
        for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN):
            key = float(value.quantize(quantum, rounding=mode)) + 0.0
            if key not in keys:
                keys.append(key)
    return tuple(keys)


def accepts(value: float, exact: float, decimals: int) -> bool:
    """True when ``value`` answers "``exact`` to ``decimals`` decimals".

    Accepted: every number that rounds (either way) to a rounding key of ``exact`` — the keys
    themselves, the exact value and anything more precise that rounds to a key.
    """
    if not math.isfinite(value) or not math.isfinite(exact):
        return False
    half = half_unit(decimals)
    slack = half * 1e-9 + 1e-15 * max(1.0, abs(exact))
    if abs(value - exact) <= slack:
        return True
    return any(abs(value - key) <= half + slack for key in rounding_keys(exact, decimals))


def asked_decimals(tolerance: float) -> int | None:
    """The d for which ``tolerance`` is half a unit of the d-th decimal (0.005 → 2), or None
    when it is not such a half unit (a free tolerance such as 0.001 or 0.01)."""
    if not math.isfinite(tolerance) or tolerance <= 0:
        return None
    decimals = round(-math.log10(2 * tolerance))
    if 0 <= decimals <= 12 and math.isclose(tolerance, half_unit(decimals), rel_tol=1e-6):
        return decimals
    return None
