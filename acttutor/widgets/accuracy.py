"""Accuracy as a coloured bar, shared by the results and stats screens."""

from __future__ import annotations

from textual.content import Content

#: Width of a full accuracy bar, in cells (10 % per cell at the least).
BAR_WIDTH = 20


def accuracy_style(accuracy: float) -> str:
    """Theme colour for an accuracy: success from 80%, warning from 50%, error below."""
    if accuracy >= 0.8:
        return "$text-success"
    if accuracy >= 0.5:
        return "$text-warning"
    return "$text-error"


def accuracy_bar(accuracy: float, width: int = BAR_WIDTH) -> Content:
    """A horizontal bar for an accuracy in [0, 1], coloured by :func:`accuracy_style`."""
    full = round(max(0.0, min(1.0, accuracy)) * width)
    return Content.assemble(("█" * full, accuracy_style(accuracy)), ("░" * (width - full), "dim"))
