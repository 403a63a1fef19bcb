"""Figure 4: check and load time of the built-in course and of generated courses of 1,000, 10,000
and 50,000 questions.

Generated courses are written into a temporary folder as standalone content roots (a
``course.yaml`` with a title, 10 lessons of 3 sections, and quiz banks of at most 2,500 questions,
each bank well under the 4 MiB file limit). The questions cycle through every type — choice (with
a ``check:`` fact), multi, truefalse, numeric (with a ``check:`` fact), plot and generated — so the
checker's fact verification scales with them.

Two operations are timed, in this process, after one untimed warm-up load of the built-in course
(imports and first-use caches are not part of the figure):

- check: :func:`acttutor.course.checker.check_roots` — what ``acttutor check DIR`` runs, every rule
  and every ``check:`` fact, without printing;
- load: reading the files into the course — :func:`acttutor.course.loader.load_course` for the
  built-in course (what every start of the app runs: there is no course cache),
  :func:`acttutor.course.loader.load_roots` for a generated root.

Times are CPU seconds of this process (``time.process_time``): on a shared machine wall time
would also count other processes' work, which swings the figures by 2-3×. Each time is the
median of ``repeats`` runs (three times as many for the built-in course and
the 1,000-question course). Growth must be about linear: the ratios
10k/1k and 50k/10k are printed (pure linear growth gives 10 and 5; the budget allows 25 % on top),
and 10,000 questions must be checked within three seconds.

A third figure opens a lesson at the format's limits (200 sections, close to 256 KiB) and a
built-in lesson in a headless app at 120×40, from home to the lesson screen painted, then pages
down ten times: the limits must keep a lesson at the limit within a small factor of a built-in
one (5,000 sections once took 8 s and 1.2 GB to open).

Run alone with ``uv run python -m benchmarks.content_scale``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import Figure, median, ms

SIZES = (1_000, 10_000, 50_000)
LESSONS = 10
SECTIONS = ("basics", "slopes", "limits")
BANK_SIZE = 2_500
MAX_BANK_BYTES = 4 * 1024 * 1024
CHECK_10K_BUDGET = 3.0
LINEAR_SLACK = 1.25


@dataclass(frozen=True)
class ScaleTimes:
    """Median seconds to check and to load each course, keyed by question count (0 = built-in)."""

    check: dict[int, float]
    load: dict[int, float]
    builtin_questions: int
    lesson_open: dict[str, tuple[float, float]]
    """Lesson id -> (seconds to open it from home, seconds for ten page-downs)."""


def _lesson(index: int) -> str:
    sections = "\n".join(
        f"## Part {name} {{#{name}}}\n\nSome text about {name} of lesson {index}.\n"
        for name in SECTIONS
    )
    return (
        f"---\nid: lesson-{index}\ntitle: Generated lesson {index}\n"
        f"summary: A generated lesson for the content-scale benchmark.\n"
        f"activations: [relu, elu]\n---\nIntro of lesson {index}.\n\n{sections}"
    )


def _question(n: int) -> str:
    """Question number ``n`` as YAML, of the type n selects (all six types in turn)."""
    qid = f"q-{n}"
    section = SECTIONS[n % len(SECTIONS)]
    head = f"  - id: {qid}\n    section: {section}\n"
    kind = n % 6
    x = n % 7 - 3
    if kind == 0:
        value = max(0, x)
        wrong = [value + 1, value + 2, value - 1]
        return (
            f"{head}    type: choice\n    prompt: What is relu({x}) in question {n}?\n"
            f"    choices:\n      - \"{value}\"\n"
            + "".join(f"      - text: \"{w}\"\n        feedback: Not relu of {x}.\n"
                      for w in wrong)
            + f"    answer: 1\n    check: {{activation: relu, params: {{}}, x: {x}, "
            f"of: value}}\n    explanation: relu keeps positive inputs and zeroes the rest.\n"
        )
    if kind == 1:
        return (
            f"{head}    type: multi\n    prompt: Select all that apply ({n}). Which are "
            f"smooth?\n    choices:\n      - ELU with alpha 1\n      - GELU\n"
            f"      - text: ReLU\n        feedback: ReLU has a kink at 0.\n"
            f"      - text: Step\n        feedback: The step jumps at 0.\n"
            f"    answers: [1, 2]\n    explanation: ELU (alpha 1) and GELU have no kink.\n"
        )
    if kind == 2:
        return (
            f"{head}    type: truefalse\n    prompt: ReLU is zero for every negative input "
            f"(statement {n}).\n    answer: true\n    feedback:\n      false: It is zero "
            f"there.\n    explanation: max(0, x) is 0 for x < 0.\n"
        )
    if kind == 3:
        return (
            f"{head}    type: numeric\n    prompt: What is the derivative of relu at x = "
            f"{x + 0.5} (question {n})?\n    answer: {1 if x + 0.5 > 0 else 0}\n"
            f"    tolerance: 0.001\n    check: {{activation: relu, params: {{}}, "
            f"x: {x + 0.5}, of: derivative}}\n    explanation: The slope is 1 for positive "
            f"inputs and 0 for negative ones.\n"
        )
    if kind == 4:
        return (
            f"{head}    type: plot\n    prompt: Which activation is drawn here ({n})?\n"
            f"    plot: {{activation: elu, params: {{alpha: 1}}, of: value, range: [-4, 3]}}\n"
            f"    choices: [relu, elu, tanh, sigmoid]\n    answer: 2\n"
            f"    explanation: A straight right half and a smooth left half toward -1.\n"
        )
    return (
        f"{head}    type: generated\n    prompt: \"Compute {{f}}({{x}}) for {{name}}{{params}}. "
        f"Give {{decimals}} decimals.\"\n    template:\n      activation: elu\n"
        f"      of: value\n      x: {{min: -3, max: 3, step: 0.5}}\n"
        f"      params: {{alpha: 1}}\n      decimals: 3\n"
        f"    explanation: \"{{f}}({{x}}) = {{answer}} (question {n}).\"\n"
    )


def generate_root(folder: Path, questions: int) -> Path:
    """Write a standalone content root with ``questions`` questions into ``folder``."""
    (folder / "lessons").mkdir(parents=True)
    (folder / "quizzes").mkdir()
    lesson_ids = [f"lesson-{i}" for i in range(LESSONS)]
    (folder / "course.yaml").write_text(
        "format_version: 1\ntitle: Generated course\nlessons:\n"
        + "".join(f"  - {lid}\n" for lid in lesson_ids),
        encoding="utf-8",
    )
    for i in range(LESSONS):
        (folder / "lessons" / f"lesson-{i}.md").write_text(_lesson(i), encoding="utf-8")
    for bank, start in enumerate(range(0, questions, BANK_SIZE)):
        stop = min(start + BANK_SIZE, questions)
        text = (
            f"format_version: 1\nbank: bank-{bank}\nlesson: {lesson_ids[bank % LESSONS]}\n"
            "questions:\n" + "".join(_question(n) for n in range(start, stop))
        )
        data = text.encode("utf-8")
        if len(data) > MAX_BANK_BYTES:
            raise RuntimeError(f"generated bank {bank} is {len(data)} bytes, over 4 MiB")
        (folder / "quizzes" / f"bank-{bank}.yaml").write_bytes(data)
    return folder


def _median_time(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return median(times)


def measure(repeats: int = 3, sizes: tuple[int, ...] = SIZES) -> ScaleTimes:
    """Check and load times of the built-in course and of each generated size."""
    from acttutor.course.checker import check_roots
    from acttutor.course.loader import load_course, load_roots
    from acttutor.course.paths import builtin_content_root

    builtin = load_course()  # warm-up: imports, first-use caches
    check: dict[int, float] = {}
    load: dict[int, float] = {}
    check[0] = _median_time(lambda: check_roots([builtin_content_root()]), 3 * repeats)
    load[0] = _median_time(load_course, 3 * repeats)
    with tempfile.TemporaryDirectory(prefix="acttutor-bench-") as tmp:
        for size in sizes:
            root = generate_root(Path(tmp) / f"course-{size}", size)
            report = check_roots([root])
            if not report.ok or report.questions != size:
                shown = "\n".join(report.lines()[:5])
                raise RuntimeError(f"generated course of {size} questions is not valid:\n{shown}")
            # Small sizes are quick and noisy: more runs keep the 10k/1k ratio steady.
            count = 3 * repeats if size <= 1_000 else repeats
            check[size] = _median_time(lambda root=root: check_roots([root]), count)
            load[size] = _median_time(lambda root=root: load_roots([root]), count)
        lesson_open = _open_lessons(Path(tmp) / "limit", repeats)
    return ScaleTimes(check, load, len(builtin.questions), lesson_open)


def write_lesson_at_limit(root: Path) -> int:
    """A content root holding lesson ``at-limit`` (MAX_SECTIONS sections, near the size limit);
    returns its size in bytes."""
    from acttutor.course.loader import MAX_LESSON_BYTES, MAX_SECTIONS

    (root / "lessons").mkdir(parents=True)
    words = (MAX_LESSON_BYTES - 4096) // MAX_SECTIONS // 5
    body = "".join(f"## Part {n} {{#part-{n}}}\n\n" + "word " * words + "\n\n"
                   for n in range(1, MAX_SECTIONS))
    text = ("---\nid: at-limit\ntitle: At the limit\nsummary: S\nactivations: [elu]\n---\n"
            "Intro.\n\n" + body)
    (root / "lessons" / "at-limit.md").write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def _open_lessons(root: Path, repeats: int) -> dict[str, tuple[float, float]]:
    import asyncio

    from acttutor.app import StartHome, make_app
    from acttutor.course.loader import load_course
    from acttutor.screens.lesson import LessonScreen

    write_lesson_at_limit(root)
    course = load_course([root])

    async def once(lesson_id: str) -> tuple[float, float]:
        app = make_app(course=course, start=StartHome())
        async with app.run_test(size=(120, 40)) as pilot:
            while app.store is None:
                await pilot.pause(0.01)
            await pilot.pause()
            start = time.process_time()
            app.open_lesson(lesson_id)
            while not isinstance(app.screen, LessonScreen):
                await pilot.pause()
            await pilot.pause()
            opened = time.process_time() - start
            start = time.process_time()
            for _ in range(10):
                await pilot.press("pagedown")
            await pilot.pause()
            return opened, time.process_time() - start

    out: dict[str, tuple[float, float]] = {}
    for lesson_id in ("relu", "at-limit"):
        runs = [asyncio.run(once(lesson_id)) for _ in range(repeats)]
        out[lesson_id] = (median([r[0] for r in runs]), median([r[1] for r in runs]))
    return out


def figures(times: ScaleTimes) -> list[Figure]:
    """Figure 4 as three rows: built-in course, generated check, generated load (+ budgets)."""
    out = [Figure(
        f"content: built-in course ({times.builtin_questions} q)",
        f"check {ms(times.check[0])}, load {ms(times.load[0])}",
        "(reference)",
        True,
    )]
    for name, series in (("check", times.check), ("load", times.load)):
        sizes = sorted(s for s in series if s)
        shown = ", ".join(f"{s // 1000}k {ms(series[s])}" for s in sizes)
        ratios = []
        linear = True
        for small, large in zip(sizes, sizes[1:], strict=False):
            ratio = series[large] / series[small]
            ratios.append(f"{large // 1000}k/{small // 1000}k {ratio:.1f}")
            linear = linear and ratio <= LINEAR_SLACK * large / small
        budget = "ratios ≤ 1.25× linear"
        passed = linear
        if name == "check" and 10_000 in series:
            budget += ", 10k ≤ 3 s"
            passed = passed and series[10_000] <= CHECK_10K_BUDGET
        out.append(Figure(
            f"content {name}: generated courses",
            f"{shown}; {', '.join(ratios)}",
            budget,
            passed,
        ))
    builtin_open, builtin_pages = times.lesson_open["relu"]
    limit_open, limit_pages = times.lesson_open["at-limit"]
    out.append(Figure(
        "lesson at the limits (200 sections, ~250 KiB) vs relu: open / 10 page-downs",
        f"{ms(limit_open)} / {ms(limit_pages)} vs {ms(builtin_open)} / {ms(builtin_pages)}",
        "(reference)",
        True,
    ))
    return out


if __name__ == "__main__":
    for figure in figures(measure()):
        print(figure)
