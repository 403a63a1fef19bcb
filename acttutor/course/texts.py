"""Texts in several languages: reading them, and finding the ones not yet translated.

A human-readable field is plain text (English) or a map ``{en: ..., ko: ...}``; lessons are
translated by ``lessons/<id>.<lang>.md`` files. :class:`TextReader` remembers every text it reads
with its place, so that ``acttutor check --require-lang ko`` can name each text with no Korean
(:func:`untranslated`). A text that is only formulas, numbers, intervals, code or activation names
needs no translation (:func:`is_language_neutral`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from acttutor.core.i18n import N_, _
from acttutor.course.fields import (
    FAILED,
    FieldReader,
    SourceFile,
    describe,
    is_lang,
    is_number,
)
from acttutor.course.models import Lesson, LocalText
from acttutor.course.problems import Problem
from acttutor.course.yamlmarks import Tagged, YMap


def read_text(file: SourceFile, key: str, value: Any, line: int) -> LocalText | Any:
    """A human-readable text: plain (English) or ``{en: ..., ko: ...}``; FAILED when invalid."""
    if type(value) is str:
        text = value.strip()
        if text:
            return LocalText({"en": text})
        file.error(line, _("{key}: must not be empty").format(key=key))
        return FAILED
    if isinstance(value, YMap):
        translations: dict[str, str] = {}
        ok = True
        for lang, text in value.items():
            lang_line = value.key_lines[lang]
            if not isinstance(lang, str) or not is_lang(lang):
                file.error(lang_line, _("{key}: {lang!r} is not a 2-letter language code (like "
                                        "en or ko)").format(key=key, lang=lang))
                ok = False
            elif type(text) is not str:
                if not isinstance(text, Tagged):
                    file.error(lang_line, _("{key}.{lang}: expected text, got {got}").format(
                        key=key, lang=lang, got=describe(text)))
                ok = False
            elif not text.strip():
                file.error(lang_line, _("{key}.{lang}: must not be empty").format(
                    key=key, lang=lang))
                ok = False
            else:
                translations[lang] = text.strip()
        if "en" not in value:
            file.error(line, _("{key}: a translated text needs an 'en' entry").format(key=key))
            return FAILED
        return LocalText(translations) if ok else FAILED
    if not isinstance(value, Tagged):
        extra = _(" (put it in quotes)") if is_number(value) or isinstance(value, bool) else ""
        file.error(line, _("{key}: expected text or a map like {{en: ..., ko: ...}}, got "
                           "{got}{extra}").format(key=key, got=describe(value), extra=extra))
    return FAILED



class TextReader(FieldReader):
    """A :class:`FieldReader` that remembers every text it reads, with its file, line and key."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[tuple[SourceFile, int, str, LocalText]] = []

    def _text(self, file: SourceFile, key: str, value: Any, line: int) -> LocalText | Any:
        text = read_text(file, key, value, line)
        if text is not FAILED:
            self.texts.append((file, line, key, text))
        return text


# --------------------------------------------------------------------------- completeness

LANGUAGE_NAMES: Mapping[str, str] = {"en": N_("English"), "ko": N_("Korean")}
"""Names of the languages ``--require-lang`` knows by name (others are shown by their code)."""

MATH_NAMES = frozenset(
    "max min exp log ln lg tanh sinh cosh sech sin cos sigmoid sqrt abs sign sgn erf erfc "
    "clamp clamp_min clamp_max argmax argmin softmax relu inf nan".split()
)
"""Function names of formulas, language-neutral like the activations' own names."""

_CODE_SPAN = re.compile(r"`[^`]*`")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_CALLED = re.compile(r"[^\W\d][\w.]*(?=\()")
_DOTTED = re.compile(r"\w+(?:[._]\w+)+")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
"""Two or more letters in a row (after :func:`_letters_only`): a word when :func:`_is_word`."""


def neutral_names() -> frozenset[str]:
    """The activations' registry and display names and :data:`MATH_NAMES`, lowercased."""
    from acttutor.core.activations import REGISTRY

    names = set(MATH_NAMES)
    for act in REGISTRY.values():
        names.add(act.name.lower())
        names.add(act.display.lower())
    return frozenset(names)


def is_language_neutral(text: str, names: Iterable[str]) -> bool:
    """True when ``text`` needs no translation: only formulas, numbers, intervals, code and names.

    The rule: remove code spans (`...`), the placeholders of generated questions (``{answer}``),
    every name written right before ``(`` (``max(``, ``clamp_min(``), every dotted or underscored
    identifier (``torch.relu``, ``leaky_relu``) and every one of ``names`` (activation names like
    ``Leaky ReLU``, math names like ``tanh``, ``inf``, ``nan``; whole words, any case). The text
    is neutral when no word remains. A word is two or more letters in a row, all lowercase
    (``slope``) or capitalised (``Slope``); single letters (x, e, σ), products of symbols that
    mix cases (``xW``), acronyms (``GLU``), modifier letters (eˣ) and sub- and superscript digits
    (W₂W₁) are not words.
    """
    rest = _PLACEHOLDER.sub(" ", _CODE_SPAN.sub(" ", text))
    rest = _CALLED.sub(" ", rest)
    rest = _DOTTED.sub(" ", rest)
    lowered = rest.lower()
    for name in sorted(names, key=len, reverse=True):
        if name in lowered:
            rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest, flags=re.IGNORECASE)
            lowered = rest.lower()
    return not any(_is_word(run) for run in _LETTERS.findall(_letters_only(rest)))


def _is_word(letters: str) -> bool:
    """True for ``slope`` and ``Slope``; false for ``xW``, ``NaN`` and ``GLU``."""
    return letters.islower() or (letters[0].isupper() and letters[1:].islower())


def _letters_only(text: str) -> str:
    """``text`` with every character that is not a letter made a space; modifier letters
    (the ˣ of eˣ, ⁿ) and sub/superscript digits are symbols, not letters."""
    return "".join(
        ch if ch.isalpha() and unicodedata.category(ch) != "Lm" else " " for ch in text
    )


def language_label(lang: str) -> str:
    """``Korean (ko)``, or just the code for a language without a known name."""
    name = LANGUAGE_NAMES.get(lang)
    return _("{language} ({code})").format(language=_(name), code=lang) if name else lang


def untranslated(
    lessons: Iterable[tuple[Lesson, SourceFile]],
    texts: Iterable[tuple[SourceFile, int, str, LocalText]],
    lang: str,
) -> list[Problem]:
    """A problem for each lesson with no ``<id>.<lang>.md`` and each text with no ``lang``
    translation that is not :func:`language neutral <is_language_neutral>`.

    ``lessons`` are the English lessons (translations merged) with their files; ``texts`` every
    text read, with its place. A lesson's own title and summary are checked against the merged
    lesson (a translation file gives them), and only when the lesson has a translation at all.
    """
    language = language_label(lang)
    names = neutral_names()
    problems: list[Problem] = []
    by_file: dict[str, Lesson] = {}
    for lesson, file in lessons:
        by_file[file.shown] = lesson
        if lang not in lesson.translations and lang != "en":
            message = _("lesson '{id}' has no {language} translation (add "
                        "lessons/{id}.{lang}.md)")
            problems.append(Problem(file.shown, 1, message.format(
                id=lesson.id, language=language, lang=lang)))
    for file, line, key, text in texts:
        owner = by_file.get(file.shown)
        if owner is not None:
            if lang not in owner.translations or key not in ("title", "summary"):
                continue
            text = owner.title if key == "title" else owner.summary
        if lang in text.translations or is_language_neutral(text.en, names):
            continue
        if owner is None:
            message = _("{key} has no {language} translation")
        else:
            message = _("{key} has no {language} translation (add {key}: to "
                        "lessons/{id}.{lang}.md)")
        problems.append(Problem(file.shown, line, message.format(
            key=key, language=language, id=owner.id if owner else "", lang=lang)))
    return problems
