"""Choosing the interface language and looking strings up in it."""

from __future__ import annotations

import pytest

from acttutor.core import i18n


@pytest.mark.parametrize(
    ("requested", "environ", "expected"),
    [
        ("ko", {"LANG": "en_US.UTF-8"}, "ko"),
        (None, {"ACTTUTOR_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
        (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "ko_KR.eucKR", "LANG": "en_US"}, "ko"),
        (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {}, "en"),
        ("xx", {"LANG": "ko_KR.UTF-8"}, "en"),
    ],
)
def test_language_follows_option_then_variable_then_locale(requested, environ, expected):
    assert i18n.resolve_language(requested, environ) == expected


def test_locale_names_parse_to_their_language():
    assert i18n.language_from_locale("ko_KR.UTF-8") == "ko"
    assert i18n.language_from_locale("de_DE@euro") == "de"
    assert i18n.language_from_locale("POSIX") is None
    assert i18n.language_from_locale("") is None


def test_english_needs_no_catalog():
    i18n.use_language("en")
    assert i18n._("question") == "question"
    assert i18n.ngettext("{n} question", "{n} questions", 1) == "{n} question"
    assert i18n.ngettext("{n} question", "{n} questions", 2) == "{n} questions"
    assert i18n.current_language() == "en"


def test_the_korean_catalog_is_found_with_its_one_plural_form():
    i18n.use_language("ko")
    assert i18n.current_language() == "ko"
    assert i18n.ngettext("{n} question", "{n} questions", 1) == "문제 {n}개"
    assert i18n.ngettext("{n} question", "{n} questions", 2) == "문제 {n}개"
    assert i18n._("usage: ") == "사용법: "
    i18n.use_language("en")
    assert i18n._("usage: ") == "usage: "


def test_plural_nouns_take_the_count_where_the_translation_puts_it():
    from acttutor.core.numfmt import plural

    assert plural(1, "question", "questions") == "1 question"
    assert plural(3, "question", "questions") == "3 questions"
    i18n.use_language("ko")
    assert plural(3, "question", "questions") == "문제 3개"
    assert plural(2, "day", "days") == "2일"
