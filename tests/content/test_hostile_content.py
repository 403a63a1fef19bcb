"""Hostile content: a course folder from someone else cannot control the terminal, run code,
hang the checker or the tutor, or make either echo files from outside the course.

Each class of issue 12 that concerns content has tests here, generated where that is possible
(random control characters in lesson text and YAML strings, random bytes, random YAML shapes):
terminal control (12.1), no code from a cache (12.2), bounded costs (12.3) and files that are
not files (12.4). Everything runs through ``acttutor check DIR`` or ``acttutor --content DIR``
as a learner would type it, and asserts on what is printed.
"""

from __future__ import annotations

import gc
import os
import pickle
import re
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from content_helpers import build_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acttutor.cli import main
from acttutor.core.text import CONTROL_CHARACTERS, neutralise
from acttutor.course.loader import MAX_LESSON_BYTES, MAX_SECTIONS, load_roots
from acttutor.course.paths import builtin_content_root

_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                              *range(0x2066, 0x206A)] if chr(c) not in "\n\t"]


@pytest.fixture(autouse=True)
def _collection_stays_on() -> Iterator[None]:
    """``acttutor --content`` pauses garbage collection for its start-up; restore it."""
    yield
    gc.enable()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _assert_no_raw_controls(*texts: str) -> None:
    for text in texts:
        assert CONTROL_CHARACTERS.search(text) is None, repr(text)


# --------------------------------------------------------------------------- 12.1 terminal control


def test_escape_sequences_everywhere_are_reported_and_never_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_course(tmp_path)
    shapes = root / "lessons" / "shapes.md"
    text = shapes.read_text(encoding="utf-8")
    text = text.replace("title: Shapes", "title: Shapes\x1b]2;pwned\x07")
    text = text.replace("ELU bends", "\x1b]52;c;aGk=\x07ELU \x1b[2J bends \u202eevil")
    shapes.write_text(text, encoding="utf-8")
    bank = root / "quizzes" / "shapes.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        "prompt: Which activation is plotted?", 'prompt: "Which\\e[2J activation?"'),
        encoding="utf-8")
    (root / "quizzes" / "evil\x1b[2J.yaml").write_text("format_version: 1\n", encoding="utf-8")

    status, out, err = _run(capsys, "check", str(root))

    assert status == 1
    _assert_no_raw_controls(out, err)
    lines = out.splitlines()
    assert ("course/lessons/shapes.md:3: control characters U+001B (shown as \u241b), U+0007 "
            "(shown as \u2407) in the text: terminals obey these; remove them") in lines
    assert ("course/lessons/shapes.md:9: control characters U+001B (shown as \u241b), U+0007 "
            "(shown as \u2407), U+202E (shown as \\u202e) in the text: terminals obey these; "
            "remove them") in lines
    assert any(line.startswith("course/quizzes/shapes.yaml:8: control character U+001B")
               for line in lines)
    assert "course/quizzes/evil\u241b[2J.yaml:1: the file name holds a control character" in out


@_SETTINGS
@given(control=st.sampled_from(_CONTROLS), line=st.integers(0, 3), column=st.integers(0, 20))
def test_any_control_character_in_lesson_text_is_named_at_its_line(
    tmp_path_factory: pytest.TempPathFactory, control: str, line: int, column: int
) -> None:
    root = build_course(tmp_path_factory.mktemp("ctl"))
    lesson = root / "lessons" / "shapes.md"
    body = ["## Curves {#curves}", "", "ELU bends smoothly below zero.", "More text here."]
    target = body[line]
    body[line] = target[:column] + control + target[column:]
    lesson.write_bytes(("---\nid: shapes\ntitle: Shapes\nsummary: Telling curves apart.\n"
                        "activations: [elu]\n---\n" + "\n".join(body) + "\n").encode("utf-8"))
    report = load_roots([root])
    found = [p for p in report.problems if "control character" in p.message]
    if control == "\r" and column >= len(target):
        assert found == []  # CR before a newline is a Windows line ending, not a control
        return
    assert [(p.path, p.line) for p in found] == [("course/lessons/shapes.md", 7 + line)]
    assert f"U+{ord(control):04X}" in found[0].message
    _assert_no_raw_controls(*(str(p) for p in report.problems))


@_SETTINGS
@given(controls=st.lists(st.sampled_from(_CONTROLS), min_size=1, max_size=4),
       field=st.sampled_from(["prompt", "explanation", "choice"]))
def test_control_characters_from_yaml_escapes_are_named_at_their_line(
    tmp_path_factory: pytest.TempPathFactory, controls: list[str], field: str
) -> None:
    root = build_course(tmp_path_factory.mktemp("esc"))
    escaped = "".join(f"\\u{ord(c):04x}" for c in controls)
    bank = ("format_version: 1\nbank: evil\nlesson: shapes\nquestions:\n"
            "  - id: evil-1\n    type: choice\n    section: curves\n"
            f"    prompt: \"{'P' + escaped if field == 'prompt' else 'Pick'}\"\n"
            f"    choices: [\"a{escaped if field == 'choice' else ''}\", b]\n"
            "    answer: 1\n"
            f"    explanation: \"{'E' + escaped if field == 'explanation' else 'E'}\"\n")
    (root / "quizzes" / "evil.yaml").write_text(bank, encoding="utf-8")
    report = load_roots([root])
    line = {"prompt": 8, "choice": 9, "explanation": 11}[field]
    found = [p for p in report.problems if "control character" in p.message]
    assert found and {(p.path, p.line) for p in found} == {("course/quizzes/evil.yaml", line)}
    _assert_no_raw_controls(*(str(p) for p in report.problems))


@_SETTINGS
@given(data=st.binary(max_size=300))
def test_random_bytes_never_print_a_control_character(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    root = build_course(tmp_path_factory.mktemp("bytes"))
    (root / "quizzes" / "fuzz.yaml").write_bytes(data)
    (root / "lessons" / "shapes.md").write_bytes(b"---\nid: shapes\n" + data + b"\n---\n" + data)
    _assert_no_raw_controls(*(str(p) for p in load_roots([root]).problems))


def test_invalid_content_given_to_the_tutor_prints_only_neutralised_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "extra\x1b[2J"
    (extra / "quizzes").mkdir(parents=True)
    (extra / "quizzes" / "x.yaml").write_text('format_version: 1\nbank: "b\\e]2;t\\a"\n',
                                              encoding="utf-8")
    status, out, err = _run(capsys, "--content", str(extra), "quiz")
    assert status == 1
    _assert_no_raw_controls(out, err)
    assert "x.yaml:2: control characters U+001B" in err


def test_stats_never_prints_a_control_character_from_an_id_or_title() -> None:
    from acttutor.commands.stats import format_text
    from acttutor.progress.records import LessonStats, Stats

    evil_id, evil_title = "evil\x1b]52;c;aGk=\x07", "Title \x1b[2J\u202e"
    stats = Stats(answers=2, correct=1, per_lesson={evil_id: LessonStats(1, 1),
                                                    "other\x9b31m": LessonStats(1, 0)},
                  due=0, streak_days=1, last_activity=None, lessons_read={}, best_scores={})
    text = format_text(stats, {evil_id: evil_title})
    _assert_no_raw_controls(text)
    assert neutralise(evil_title) in text and "other\\x9b31m" in text


def test_stats_as_json_escapes_every_control_character_and_keeps_the_data(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from acttutor.progress.paths import data_dir
    from acttutor.progress.store import ProgressStore

    lesson = "evil\x9b31m\x7f\u202e\x1b]2;t\x07"
    with ProgressStore.open(data_dir(None)) as store:
        store.record_answer("q-1", lesson, "1", True, 900)
    status, out, _ = _run(capsys, "stats", "--format", "json")
    assert status == 0
    _assert_no_raw_controls(out)
    assert lesson in json.loads(out)["per_lesson"]


# --------------------------------------------------------------------------- 12.2 no cache code


def test_no_pickle_in_the_cache_folder_is_ever_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "pwned"

    class Planted:
        def __reduce__(self) -> tuple[object, ...]:
            return (marker.write_text, ("ran",))

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o777)
    monkeypatch.setenv("ACTTUTOR_CACHE_DIR", str(cache))
    xdg = Path(os.environ["XDG_CACHE_HOME"]) / "acttutor"
    xdg.mkdir(parents=True)
    roots = "\0".join([str(builtin_content_root())]).encode("utf-8", "surrogateescape")
    name = f"course-{zlib.crc32(roots):08x}.pickle"
    for folder in (cache, xdg):
        (folder / name).write_bytes(pickle.dumps(Planted()) + pickle.dumps(Planted()))
    status, _, _ = _run(capsys, "stats")
    assert status == 0
    assert not marker.exists()


# --------------------------------------------------------------------------- 12.3 bounded costs


def _bank(root: Path, questions: str, name: str = "hostile.yaml") -> None:
    (root / "quizzes" / name).write_text(
        "format_version: 1\nbank: hostile\nlesson: shapes\nquestions:\n" + questions,
        encoding="utf-8")


def _alias_bomb(indent: str) -> str:
    lines = [f"{indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"{indent}a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_plot_params_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_course(tmp_path)
    _bank(root, "  - id: bomb\n    type: plot\n    section: curves\n    prompt: P\n"
                "    plot:\n      activation: elu\n      params:\n"
          + _alias_bomb("        ") + "        alpha: *a9\n"
          "    choices: [relu, elu]\n    answer: 2\n    explanation: E\n")
    status, out, _ = _run(capsys, "check", str(root))
    assert status == 1
    assert re.search(r"course/quizzes/hostile\.yaml:1[0-9]: YAML syntax error: aliases here "
                     r"expand to more than 1 MiB", out)


def test_an_alias_bomb_in_lesson_front_matter_is_refused(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    (root / "lessons" / "shapes.md").write_text(
        "---\nid: shapes\ntitle: Shapes\nsummary: S\nactivations: [elu]\nparams:\n  elu:\n"
        + _alias_bomb("    ") + "    alpha: *a9\n---\n## Curves {#curves}\n", encoding="utf-8")
    problems = load_roots([root]).problems
    assert any(p.path == "course/lessons/shapes.md" and "aliases here expand" in p.message
               for p in problems)


@pytest.mark.parametrize(
    ("question", "line", "phrase"),
    [
        ("type: choice\n    choices: [a, b]\n    answer: " + "9" * 400, 11,
         "answer: 999999999999...999999 (400 digits) is out of range"),
        ("type: numeric\n    answer: " + "9" * 400, 10,
         "answer: must be a finite number, got 999999999999...999999 (400 digits)"),
        ("type: numeric\n    answer: 1\n    tolerance: " + "1" * 400, 11,
         "tolerance: must be a finite number"),
        ("type: multi\n    choices: [a, b]\n    answers: [" + "7" * 400 + "]", 11,
         "answers: 777777777777...777777 (400 digits) is out of range"),
        ("type: generated\n    template:\n      activation: elu\n"
         "      x: {min: -1e308, max: 1e308, step: 1e306}", 12,
         "template.x: far more than 10^15 x values is too many"),
        ("type: generated\n    template:\n      activation: elu\n"
         "      x: {min: -1, max: 1, step: 1e-300}", 12, "template.x: far more than 10^15"),
        ("type: generated\n    template:\n      activation: elu\n      decimals: " + "3" * 400
         + "\n      x: {min: -1, max: 1, step: 1}", 12, "template.decimals: expected a whole"),
        ("type: plot\n    plot: {activation: elu, range: [-1.0e+308, 1.0e+308]}\n"
         "    choices: [relu, elu]\n    answer: 2", 10, "range: keep both ends within ±1e+06"),
        ("type: plot\n    plot: {activation: elu, range: [0, " + "9" * 400 + "]}\n"
         "    choices: [relu, elu]\n    answer: 2", 10, "range: expected two numbers"),
        ("type: numeric\n    answer: !!timestamp 99999-01-01", 10,
         "'99999-01-01' is not a valid timestamp"),
        ("type: numeric\n    answer: " + "1" * 5000, 10, "is not a valid int"),
        ("type: choice\n    choices: [a, b]\n    answer: 1\n    check: {activation: softmax, "
         "x: [1, 2], index: " + "1" * 400 + "}", 12, "check.index: expected a 0-based"),
        # 12.6: messages quote the number as the author wrote it (YAML 1.1 reads 010 as 8).
        ("type: choice\n    choices: [a, b]\n    answer: 010", 11, "answer: 010 is out of range"),
        ("type: multi\n    choices: [a, b]\n    answers: [1, 0_1]", 11,
         "answers: 0_1 is listed twice"),
    ],
)
def test_numbers_too_large_for_their_field_are_path_line_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], question: str, line: int, phrase: str
) -> None:
    root = build_course(tmp_path)
    _bank(root, "  - id: big\n    section: curves\n    prompt: P\n    explanation: E\n    "
          + question + "\n")
    status, out, err = _run(capsys, "check", str(root))
    assert status == 1 and err == ""
    assert any(row.startswith(f"course/quizzes/hostile.yaml:{line}: ") and phrase in row
               for row in out.splitlines()), out
    assert all(len(row) < 300 for row in out.splitlines())


def _lesson_with_sections(count: int, words: int = 3) -> str:
    sections = "".join(f"## Part {n} {{#part-{n}}}\n\n" + "word " * words + "\n\n"
                       for n in range(1, count))
    return ("---\nid: shapes\ntitle: Shapes\nsummary: S\nactivations: [elu]\n---\nIntro.\n\n"
            "## Curves {#curves}\n\nText.\n\n" + sections)


def test_a_lesson_with_thousands_of_sections_is_refused_at_the_first_one_over(
    tmp_path: Path,
) -> None:
    root = build_course(tmp_path)
    (root / "lessons" / "shapes.md").write_text(_lesson_with_sections(5000), encoding="utf-8")
    problems = [p for p in load_roots([root]).problems if "sections" in p.message]
    assert len(problems) == 1
    assert problems[0].message == (f"the lesson has 5001 sections; the limit is {MAX_SECTIONS} "
                                   "(split it into two lessons)")
    # The intro is section 0, "curves" 1, part n is section n + 1 at line 13 + 4 (n - 1).
    assert problems[0].line == 13 + 4 * (MAX_SECTIONS - 2)


def test_a_lesson_at_the_section_limit_loads(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    (root / "lessons" / "shapes.md").write_text(_lesson_with_sections(MAX_SECTIONS - 1),
                                               encoding="utf-8")
    result = load_roots([root])
    assert result.problems == [] and result.course is not None
    assert len(result.course.lesson("shapes").sections) == MAX_SECTIONS


def test_a_lesson_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    text = _lesson_with_sections(20, words=3000)
    (root / "lessons" / "shapes.md").write_text(text, encoding="utf-8")
    problems = load_roots([root]).problems
    size = len(text.encode("utf-8")) / 1024
    assert size > MAX_LESSON_BYTES / 1024
    assert [(p.line, p.message) for p in problems if "KiB" in p.message] == [
        (1, f"the lesson is {size:.0f} KiB; the limit is {MAX_LESSON_BYTES // 1024} KiB (split "
            "it into two lessons)")]


# --------------------------------------------------------------------------- 12.4 not files


def _problem_lines(out: str) -> list[str]:
    return [row for row in out.splitlines() if re.match(r"\S+:\d+: ", row)]


@pytest.mark.parametrize("where", ["quizzes/pipe.yaml", "lessons/shapes.md", "course.yaml"])
def test_a_fifo_is_named_and_never_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    root = build_course(tmp_path)
    (root / where).unlink(missing_ok=True)
    os.mkfifo(root / where)
    status, out, err = _run(capsys, "check", str(root))
    assert status == 1
    assert f"course/{where}:1: cannot read the file: a FIFO (named pipe), not a regular file " \
           "(not read)" in out.splitlines()


def test_a_device_is_named_and_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_course(tmp_path)
    device = root / "quizzes" / "zero.yaml"
    try:
        os.mknod(device, 0o600 | 0o020000, os.makedev(1, 5))  # a character device: /dev/zero
    except (PermissionError, OSError):
        pytest.skip("this machine does not let the tests create a device node")
    status, out, _ = _run(capsys, "check", str(root))
    assert status == 1
    assert ("course/quizzes/zero.yaml:1: cannot read the file: a device, not a regular file "
            "(not read)") in out.splitlines()


def test_a_symlink_loop_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = build_course(tmp_path)
    (root / "quizzes" / "a.yaml").symlink_to("b.yaml")
    (root / "quizzes" / "b.yaml").symlink_to("a.yaml")
    status, out, _ = _run(capsys, "check", str(root))
    assert status == 1
    assert _problem_lines(out) == [
        "course/quizzes/a.yaml:1: cannot read the file: a symbolic link loop",
        "course/quizzes/b.yaml:1: cannot read the file: a symbolic link loop",
    ]


def test_a_link_out_of_the_content_folder_is_not_read_or_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LINE: [not yaml\n", encoding="utf-8")
    root = build_course(tmp_path)
    (root / "quizzes" / "leak.yaml").symlink_to(secret)
    (root / "lessons" / "shapes.md").unlink()
    (root / "lessons" / "shapes.md").symlink_to(secret)
    status, out, err = _run(capsys, "check", str(root))
    assert status == 1
    assert "SECRET" not in out + err
    assert ("course/quizzes/leak.yaml:1: cannot read the file: a link to a file outside the "
            "content folder (not read)") in out.splitlines()
    assert any(row.startswith("course/lessons/shapes.md:1: cannot read the file: a link")
               for row in out.splitlines())


def test_a_link_inside_the_content_folder_is_followed(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    (root / "quizzes" / "shapes.yaml").rename(root / "shapes-bank.txt")
    (root / "quizzes" / "shapes.yaml").symlink_to(root / "shapes-bank.txt")
    assert load_roots([root]).problems == []


def test_an_unreadable_folder_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_course(tmp_path)
    quizzes = root / "quizzes"
    quizzes.chmod(0)
    if os.geteuid() == 0:  # root reads every folder: make listing this one fail as it would
        real = os.listdir

        def listdir(path: object = ".") -> list[str]:
            if Path(str(path)) == quizzes:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "listdir", listdir)
    try:
        status, out, _ = _run(capsys, "check", str(root))
    finally:
        quizzes.chmod(0o755)
    assert status == 1
    assert "course/quizzes:1: cannot list the folder: Permission denied" in out.splitlines()


def test_lessons_or_quizzes_that_are_not_folders_are_named(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    shutil.rmtree(root / "quizzes")
    (root / "quizzes").write_text("not a folder\n", encoding="utf-8")
    shutil.rmtree(root / "lessons")
    os.mkfifo(root / "lessons")
    problems = [str(p) for p in load_roots([root]).problems]
    assert "course/quizzes:1: a file, not a folder" in problems
    assert "course/lessons:1: a FIFO (named pipe), not a folder" in problems


@pytest.mark.parametrize("option", ["check", "--content"])
def test_paths_that_cannot_be_folders_get_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    long_name = tmp_path / ("x" * 300)
    for path, reason in ((fifo, "a FIFO (named pipe), not a folder"),
                         (loop, "a symbolic link loop"),
                         (long_name, "the name is too long for the file system")):
        argv = ["check", str(path)] if option == "check" else ["--content", str(path), "quiz"]
        status, out, err = _run(capsys, *argv)
        assert status in (1, 2)
        shown = (out + err).strip().splitlines()
        assert len(shown) <= 2 and any(reason in row for row in shown), shown
        assert "Traceback" not in out + err
