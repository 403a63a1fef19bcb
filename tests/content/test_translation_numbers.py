"""Every translation states the same numbers as its English text (issue 15.1).

For each ``<id>.ko.md`` of the built-in course, the numbers of the title, the summary and each
section equal, as a multiset, those of the English part with the same id: worked examples are
identical. For every ``{en: ..., ko: ...}`` text of the quiz banks the two hold the same distinct
numbers: a short text said another way may repeat a number or say it once ("unit 1 ... it" /
"유닛 1 ... 유닛 1"), but no number is lost, changed or added. A number is a run of digits with an
optional decimal part, a run of superscript or subscript digits, or a vulgar fraction like ½;
signs and the order of the numbers may differ (Korean puts words in another order).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator

import pytest

from acttutor.course.loader import load_roots
from acttutor.course.models import Choice, Course, LocalText
from acttutor.course.paths import builtin_content_root

NUMBER = re.compile(r"\d+(?:\.\d+)?|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[₀₁₂₃₄₅₆₇₈₉]+|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")


def numbers(text: str | None) -> Counter[str]:
    """The multiset of the numbers written in ``text``."""
    return Counter(NUMBER.findall(text or ""))


def _course() -> Course:
    result = load_roots([builtin_content_root()], skip_facts_of=(builtin_content_root(),))
    assert result.course is not None, result.summary
    return result.course


COURSE = _course()


def test_numbers_are_counted_in_every_form() -> None:
    assert numbers("σ′(0) = 0.25, e² and W₁₂, ½ of 10") == Counter(
        ["0", "0.25", "²", "₁₂", "½", "10"])
    assert numbers("영 중심이 아닙니다") == Counter()


def _lesson_pairs(lang: str) -> Iterator[tuple[str, str, str | None]]:
    """(where, English text, translated text) for each part of each translated lesson."""
    for lesson in COURSE.lessons:
        translation = lesson.translations.get(lang)
        if translation is None:
            continue
        name = translation.path.name
        yield f"{name}: title", lesson.title.en, translation.title
        if translation.summary is not None:
            yield f"{name}: summary", lesson.summary.en, translation.summary
        translated = {section.id: section for section in translation.sections}
        for section in lesson.sections:
            other = translated.get(section.id)
            if other is not None:
                yield (f"{name}:{other.line}: section '{section.id}'",
                       f"{section.title}\n{section.body}", f"{other.title}\n{other.body}")


def _texts(value: object, where: str) -> Iterator[tuple[str, LocalText]]:
    """Every LocalText inside a question, with the field it is in."""
    if isinstance(value, LocalText):
        yield where, value
    elif isinstance(value, Choice):
        yield from _texts(value.text, where)
        yield from _texts(value.feedback, f"{where} feedback")
    elif isinstance(value, (tuple, list)):
        for number, item in enumerate(value, 1):
            yield from _texts(item, f"{where} {number}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}.{str(key).lower()}")


def _bank_pairs(lang: str) -> Iterator[tuple[str, str, str | None]]:
    for question in COURSE.questions:
        for spec in dataclasses.fields(question):
            for where, text in _texts(getattr(question, spec.name), spec.name):
                if lang in text.translations:
                    yield (f"{question.path.name}:{question.line}: {question.id} {where}",
                           text.en, text.translations[lang])


def test_the_course_has_korean_to_compare() -> None:
    assert sum(1 for _ in _lesson_pairs("ko")) >= 20
    assert sum(1 for _ in _bank_pairs("ko")) >= 100


def _distinct(counts: Counter[str]) -> Counter[str]:
    return Counter(set(counts))


@pytest.mark.parametrize(("pairs", "compared"),
                         [(_lesson_pairs, Counter), (_bank_pairs, _distinct)],
                         ids=["lessons", "banks"])
def test_korean_states_the_numbers_of_the_english(pairs, compared) -> None:
    mismatches = []
    for where, english, korean in pairs("ko"):
        want, got = compared(numbers(english)), compared(numbers(korean))
        if want != got:
            missing = ", ".join((want - got).elements()) or "-"
            extra = ", ".join((got - want).elements()) or "-"
            mismatches.append(f"{where}: missing {missing}; extra {extra}")
    assert not mismatches, "\n".join(mismatches)
