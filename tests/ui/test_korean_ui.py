"""The tutor in Korean (issue 15): a learner walks every screen without meeting an English
sentence, the keys and the palette speak Korean, and Hangul rows line up with English ones."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from rich.cells import cell_len
from textual.command import CommandPalette

from acttutor.app import make_app
from acttutor.core.activations import REGISTRY
from acttutor.core.i18n import use_language
from acttutor.course.models import Course, LocalText, Question
from acttutor.course.quiz import QuizItem, answer_decimals
from acttutor.progress import ProgressStore
from acttutor.screens.base import key_label
from acttutor.screens.explorer import ExplorerScreen
from acttutor.screens.forward import ForwardScreen
from acttutor.screens.home import HomeScreen
from acttutor.screens.lesson import LessonScreen
from acttutor.screens.quiz import QuizScreen
from acttutor.screens.results import ResultsScreen
from acttutor.screens.stats import StatsScreen

TYPES = ("choice", "multi", "truefalse", "numeric", "plot", "generated")

#: English words that may stand on a Korean screen: activation names and their display words,
#: the parameters, function names in formulas, key names and the program's own name.
ALLOWED_WORDS = frozenset(
    {name.lower() for name in REGISTRY}
    | {word.lower() for act in REGISTRY.values() for word in re.findall(r"[A-Za-z]+", act.display)}
    | {param.name.lower() for act in REGISTRY.values() for param in act.params}
    | {"max", "min", "exp", "log", "enter", "esc", "escape", "space", "tab", "acttutor"}
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: An English term in parentheses right after Korean ("기울기 소실(vanishing gradient)"): the
#: Korean lessons give the term a learner meets in papers and code that way.
_GLOSS = re.compile(r"(?<=[가-힣])\([^()가-힣]*\)")


def english_runs(text: str) -> list[str]:
    """Runs of two or more English words (not allowed ones, not one-letter symbols) in ``text``,
    separated only by spaces: what would make a Korean screen speak English."""
    runs = []
    for line in text.splitlines():
        line = _GLOSS.sub(" ", line)
        run: list[str] = []  # words separated by spaces only
        english = 0  # of which not allowed
        last_end = 0
        for match in _WORD.finditer(line):
            word = match.group()
            if run and line[last_end:match.start()].strip(" "):
                if english >= 2:
                    runs.append(" ".join(run))
                run, english = [], 0
            run.append(word)
            english += len(word) > 1 and word.lower().strip("'’-") not in ALLOWED_WORDS
            last_end = match.end()
        if english >= 2:
            runs.append(" ".join(run))
    return runs


def test_english_runs_finds_sentences_and_spares_names() -> None:
    assert english_runs("정답입니다! back for review") == ["back for review"]
    assert english_runs("Leaky ReLU, α = 0.1   x = 2   f′(x) = 1") == []
    assert english_runs("기울기 소실(vanishing gradient)을 봅니다 · Enter 적용") == []
    assert english_runs("q quit  ? keys") == []  # one word at a time is a label, not a sentence
    assert english_runs("q 종료  ? 키  Press space to go") == ["Press space to go"]


def screen_text(app) -> str:
    """Everything the app's screen shows, as lines of text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_korean(app, where: str) -> None:
    """The screen shows no English sentence."""
    text = screen_text(app)
    runs = english_runs(text)
    assert not runs, f"{where}: English on a Korean screen: {runs}\n{text}"
    assert re.search(r"[가-힣]", text), f"{where}: no Korean at all\n{text}"


def one_of_each_type(course: Course) -> Course:
    """The built-in course with one question of every type, from different lessons."""
    picked: list[Question] = []
    for qtype in TYPES:
        lessons = {q.lesson for q in picked}
        picked.append(next(
            q for q in course.questions if q.type == qtype and q.lesson not in lessons
        ))
    return Course(course.title, course.lessons, course.banks, tuple(picked))


def keys_for(item: QuizItem, right: bool) -> list[str]:
    """The key presses that answer ``item`` rightly or wrongly, ending with Enter."""
    q = item.question
    if q.type in ("choice", "plot"):
        wrong = next(i for i in range(len(q.choices)) if i != q.answer)
        return [str((q.answer if right else wrong) + 1), "enter"]
    if q.type == "multi":
        picks = set(q.answers)
        if not right:
            picks.add(next(i for i in range(len(q.choices)) if i not in q.answers))
        return [str(i + 1) for i in sorted(picks)] + ["enter"]
    if q.type == "truefalse":
        return ["t" if q.answer == right else "f", "enter"]
    target = item.instance if item.instance is not None else q
    value = target.answer if right else target.answer + 100 * target.tolerance + 1
    return [*f"{value:.{answer_decimals(item) + 1}f}", "enter"]


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_every_screen_of_a_walk_through_the_tutor_is_korean(course, store) -> None:
    app = make_app(course=one_of_each_type(course), store=store, lang="ko")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert_korean(app, "home")
        await pilot.press("enter")  # the first lesson
        await settle(pilot)
        assert isinstance(app.screen, LessonScreen)
        assert_korean(app, "lesson")
        await pilot.press("right", "right", "p", "plus")
        await settle(pilot)
        assert_korean(app, "lesson, probe moved")
        await pilot.press("question_mark")
        await settle(pilot)
        assert_korean(app, "lesson, keys panel")
        await pilot.press("question_mark", "escape")
        await settle(pilot)
        await pilot.press("t")  # a quiz: one question of every type
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        asked = set()
        for number in range(len(TYPES)):
            assert screen.phase == "asking"
            assert_korean(app, f"question {number + 1} ({screen.item.type})")
            asked.add(screen.item.type)
            await pilot.press(*keys_for(screen.item, right=number % 2 == 0))
            await settle(pilot)
            assert screen.phase == "feedback"
            assert_korean(app, f"feedback {number + 1} ({screen.item.type})")
            await pilot.press("enter")
            await settle(pilot)
        assert asked == set(TYPES)
        assert isinstance(app.screen, ResultsScreen)
        assert_korean(app, "results")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert_korean(app, "stats")
        await pilot.press("escape", "f")
        await settle(pilot)
        assert isinstance(app.screen, ForwardScreen)
        assert_korean(app, "forward pass")
        await pilot.press("right", "right", "right", "b")
        await settle(pilot)
        assert_korean(app, "forward pass, backward")
        await pilot.press("n")
        await settle(pilot)
        assert_korean(app, "forward pass, no activation")
        await pilot.press("n", "e")
        await settle(pilot)
        assert_korean(app, "forward pass, editor")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExplorerScreen)
        assert_korean(app, "explorer")
        await pilot.resize_terminal(50, 14)
        await settle(pilot)
        assert_korean(app, "too small")


async def test_the_footer_and_the_palette_speak_korean(course, store, footer_keys) -> None:
    app = make_app(course=course, store=store, lang="ko")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        labels = {key.shown: key.label for key in footer_keys(app.screen)}
        assert labels["e"] == "탐색기" and labels["f"] == "순전파" and labels["t"] == "퀴즈"
        assert app.sub_title == "직접 해 보는 활성화 함수"
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert not english_runs(screen_text(app)), screen_text(app)  # every command, unfiltered
        await pilot.press(*"Softmax")
        await settle(pilot)
        assert "로짓 벡터를 클래스별 확률로 바꿉니다." in screen_text(app)  # the plot's help
        await pilot.press(*["backspace"] * 7, *"퀴즈")
        await settle(pilot)
        text = screen_text(app)
        assert "퀴즈 시작" in text and "코스 전체에서 열 문제" in text
        assert not english_runs(text), text


async def test_english_key_labels_stay_english(course, store, footer_keys) -> None:
    app = make_app(course=course, store=store, lang="en")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        labels = {key.shown: key.label for key in footer_keys(app.screen)}
        assert labels["f"] == "forward pass"


def status_columns(app, statuses: tuple[str, ...]) -> dict[str, int]:
    """Lesson row -> the terminal cell where its status starts."""
    columns = {}
    for line in screen_text(app).splitlines():
        match = re.search(r"\b(\d+)\. ", line)
        found = re.search("|".join(statuses), line)  # the leftmost, longest status
        if match and found:
            columns[match.group(1)] = cell_len(line[:found.start()])
    return columns


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_korean_and_english_titles_line_up_on_home(course, tmp_path, size) -> None:
    # Every other lesson untranslated: English and Hangul titles in one list.
    lessons = tuple(
        replace(lesson, title=LocalText.of(lesson.title.en)) if i % 2 else lesson
        for i, lesson in enumerate(course.lessons)
    )
    mixed = Course(course.title, lessons, course.banks, course.questions)
    store = ProgressStore.open(tmp_path / "data")
    store.mark_lesson_read(course.lessons[1].id)
    try:
        app = make_app(course=mixed, store=store, lang="ko")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            outline = app.screen.query_one("#outline")
            columns: dict[str, int] = {}
            for index in range(len(lessons)):  # scroll every row into view once
                outline.highlighted = index
                await pilot.pause()
                columns.update(status_columns(app, ("안 읽음", "읽음")))
    finally:
        store.close()
    assert len(columns) == len(lessons)
    assert len(set(columns.values())) == 1, columns


async def test_results_bars_line_up_under_korean_titles(course, store) -> None:
    app = make_app(course=one_of_each_type(course), store=store, lang="ko")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        for _number in range(len(TYPES)):
            await pilot.press(*keys_for(screen.item, right=True))
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        bars = [line for line in screen_text(app).splitlines() if "█" in line or "░" in line]
    starts = {cell_len(line[:re.search("[█░]", line).start()]) for line in bars}
    assert len(bars) == len(TYPES) and len(starts) == 1, bars


def test_every_label_of_textuals_own_keys_is_in_the_catalog() -> None:
    # A Textual upgrade that adds a key to these classes must add its label to the list.
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import ScrollableContainer, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import DataTable, Input, OptionList, Select
    from textual.widgets._select import SelectOverlay

    from acttutor.screens.textual_keys import TEXTUAL_KEY_LABELS

    texts = set()
    for cls in (App, Screen, OptionList, Input, Select, SelectOverlay, DataTable,
                ScrollableContainer, VerticalScroll):
        for binding in cls.BINDINGS:
            binding = binding if isinstance(binding, Binding) else Binding(*binding)
            texts |= {text for text in (binding.description, binding.tooltip) if text}
    assert texts <= set(TEXTUAL_KEY_LABELS), texts - set(TEXTUAL_KEY_LABELS)
    use_language("ko")
    try:
        assert all(key_label(text) != text for text in texts)
    finally:
        use_language("en")


def test_no_word_is_both_a_label_and_the_noun_of_a_count() -> None:
    # gettext keeps one entry per English text: "step" as a key label and as the noun of
    # "3 steps" would share a translation (the Footer said "{n}단계"). A context tells them apart.
    import pathlib

    from tools.i18n import PACKAGE, extract_template

    counted = {m.id[0] for m in extract_template() if isinstance(m.id, tuple)}
    plain = re.compile(r'\b(?:_|N_)\(\s*"((?:[^"\\]|\\.)*)"\s*\)')
    both = [
        (path.name, found)
        for path in pathlib.Path(PACKAGE).rglob("*.py")
        for found in plain.findall(path.read_text(encoding="utf-8"))
        if found in counted
    ]
    assert not both
