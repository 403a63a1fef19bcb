"""Texts in several languages: reading them, and finding the ones not yet translated.

A human-readable field is plain text (English) or a map ``{en: ..., ko: ...}``; lessons are
translated by ``lessons/<id>.<lang>.md`` files. :class:`TextReader` remembers every text it reads
with its place, so that ``acttutor check --require-lang ko`` can name each text with no Korean
(:func:`untranslated`). A text that is only formulas, numbers, intervals, code or activation names
needs no translation (:func:`is_language_neutral`).
"""

from __future__ import annotations

from typing import Any

from acttutor.course.fields import (
    FAILED,
    FieldReader,
    SourceFile,
    describe,
    is_lang,
    is_number,
)
from acttutor.course.models import LocalText
from acttutor.course.yamlmarks import Tagged, YMap


def read_text(file: SourceFile, key: str, value: Any, line: int) -> LocalText | Any:
    """A human-readable text: plain (English) or ``{en: ..., ko: ...}``; FAILED when invalid."""
    if type(value) is str:
        text = value.strip()
        if text:
            return LocalText({"en": text})
        file.error(line, f"{key}: must not be empty")
        return FAILED
    if isinstance(value, YMap):
        translations: dict[str, str] = {}
        ok = True
        for lang, text in value.items():
            lang_line = value.key_lines[lang]
            if not isinstance(lang, str) or not is_lang(lang):
                file.error(lang_line, f"{key}: {lang!r} is not a 2-letter language code "
                           "(like en or ko)")
                ok = False
            elif type(text) is not str:
                if not isinstance(text, Tagged):
                    file.error(lang_line, f"{key}.{lang}: expected text, got "
                               f"{describe(text)}")
                ok = False
            elif not text.strip():
                file.error(lang_line, f"{key}.{lang}: must not be empty")
                ok = False
            else:
                translations[lang] = text.strip()
        if "en" not in value:
            file.error(line, f"{key}: a translated text needs an 'en' entry")
            return FAILED
        return LocalText(translations) if ok else FAILED
    if not isinstance(value, Tagged):
        extra = " (put it in quotes)" if is_number(value) or isinstance(value, bool) else ""
        file.error(line, f"{key}: expected text or a map like {{en: ..., ko: ...}}, got "
                   f"{describe(value)}{extra}")
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
