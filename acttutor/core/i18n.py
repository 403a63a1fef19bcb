"""The interface's language: which one a learner gets, and its strings from gettext catalogs.

The catalogs are standard gettext files under ``acttutor/locale/<lang>/LC_MESSAGES/acttutor.mo``,
compiled from the ``.po`` beside them (``uv run python -m tools.i18n compile``; a test keeps the
two in step). English is the source language and needs no catalog.

Strings are looked up when they are shown, not when a module is imported, so one process can
build an English and a Korean tutor in turn (the tests do): call :func:`use_language` first.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from pathlib import Path

#: Languages with a complete interface catalog; the first is the source language.
LANGUAGES = ("en", "ko")

#: Where the compiled catalogs live.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

DOMAIN = "acttutor"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def language_from_locale(value: str) -> str | None:
    """The two-letter language of a POSIX locale name (``ko_KR.UTF-8`` -> ``ko``), if any."""
    name = value.strip().split(".", 1)[0].split("@", 1)[0]
    if not name or name in ("C", "POSIX"):
        return None
    code = name.split("_", 1)[0].split("-", 1)[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def resolve_language(requested: str | None, environ: Mapping[str, str]) -> str:
    """The interface language: ``--lang``, else ``ACTTUTOR_LANG``, else the locale, else English.

    The locale variables are read in POSIX order of precedence (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``): the first one that is set decides. A language without a catalog gives English.
    """
    if requested:
        return requested if requested in LANGUAGES else "en"
    chosen = environ.get("ACTTUTOR_LANG", "").strip().lower()
    if chosen:
        return chosen if chosen in LANGUAGES else "en"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            code = language_from_locale(value)
            return code if code in LANGUAGES else "en"
    return "en"


def use_language(lang: str) -> None:
    """Make ``lang`` the language of every string looked up from now on."""
    global _translation, _language
    if lang == "en" or lang not in LANGUAGES:
        _translation, _language = _gettext.NullTranslations(), "en"
        return
    _translation = _gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True
    )
    _language = lang


def current_language() -> str:
    """The language set by the last :func:`use_language` (English at first)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language ("1 question",
    "2 questions")."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English text by ``context``."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet (translated where shown)."""
    return message
