"""Learners of a served tutor (``acttutor serve``): a checked name and the folder it keeps.

Every learner's progress is a store of its own under ``<data dir>/learners/<folder>/``. The
folder is the name itself, normalised (Unicode NFC, spaces collapsed, case folded), so "Ana"
and "ana" share one history; the rules below keep it a single, safe path component on every
system while allowing names in any script (letters, marks and digits of any language).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from acttutor.core.i18n import _

MAX_NAME_LENGTH = 40
"""Longest accepted name, in characters."""

LEARNERS_FOLDER = "learners"
"""The folder of the data directory that holds one folder per learner."""

_ALLOWED_PUNCTUATION = frozenset(" -_.'")
_WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)


class LearnerNameError(ValueError):
    """A name that cannot be used; the message says why and what to type instead."""


@dataclass(frozen=True)
class Learner:
    """A learner of a served tutor: the name as typed (tidied) and the folder of their store."""

    name: str
    data_dir: Path


def tidy_name(text: str) -> str:
    """The name as it will be shown: NFC, outer spaces removed, inner runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def check_name(text: str) -> str:
    """The tidied name, or LearnerNameError saying what is wrong with it."""
    name = tidy_name(text)
    if not name:
        raise LearnerNameError(_("Type your name (letters, digits, spaces, - _ . ')."))
    if len(name) > MAX_NAME_LENGTH:
        raise LearnerNameError(
            _("Keep the name to {count} characters or fewer.").format(count=MAX_NAME_LENGTH)
        )
    for char in name:
        if char in _ALLOWED_PUNCTUATION:
            continue
        if unicodedata.category(char)[0] not in "LMN":
            shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            raise LearnerNameError(
                _("A name can hold letters, digits, spaces and - _ . ' only, not {char}.").format(
                    char=shown
                )
            )
    if name.startswith(".") or name.endswith("."):
        raise LearnerNameError(_("A name cannot start or end with a dot."))
    if name.casefold().split(".")[0] in _WINDOWS_DEVICE_NAMES:
        raise LearnerNameError(
            _("{name} is reserved by some systems; add a letter to it.").format(name=repr(name))
        )
    return name


def folder_name(name: str) -> str:
    """The learner's folder for a checked name: case folded, so case never splits a history."""
    return unicodedata.normalize("NFC", check_name(name).casefold())


def learner(learners_dir: Path, text: str) -> Learner:
    """The learner called ``text`` whose store lives under ``learners_dir``; LearnerNameError
    when the name cannot be used."""
    name = check_name(text)
    return Learner(name, learners_dir / folder_name(name))
