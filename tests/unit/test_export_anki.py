"""``acttutor export anki``: the written .apkg (a zip holding an SQLite collection) read back."""

from __future__ import annotations

import html
import json
import shutil
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from acttutor.cli import main
from acttutor.course.loader import load_course
from acttutor.course.models import GeneratedQuestion
from acttutor.export.anki import stable_id
from acttutor.export.records import DEFAULT_DRAWS

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "valid"


def read_apkg(path: Path, tmp_path: Path) -> dict[str, object]:
    """Notes, cards, decks and note types of an .apkg, as Anki would import them."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        folder = tmp_path / f"unpacked-{path.stem}"
        archive.extract("collection.anki2", folder)
    conn = sqlite3.connect(folder / "collection.anki2")
    try:
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        notes = conn.execute("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = conn.execute("SELECT id, nid, did FROM cards ORDER BY id").fetchall()
    finally:
        conn.close()
    return {
        "decks": {int(k): v["name"] for k, v in decks.items()},
        "models": {int(k): v for k, v in models.items()},
        "notes": notes,
        "cards": cards,
    }


def note_fields(apkg: dict[str, object], note_type: str) -> list[dict[str, str]]:
    """Every note of one note type as {field name: value}."""
    (model_id, model), = [
        (mid, m) for mid, m in apkg["models"].items() if m["name"] == f"acttutor {note_type}"
    ]
    names = [f["name"] for f in model["flds"]]
    return [dict(zip(names, flds.split("\x1f"), strict=True))
            for _id, _guid, mid, flds, _tags in apkg["notes"] if mid == model_id]


@pytest.fixture(scope="module")
def course():
    return load_course()


def export(tmp_path: Path, name: str, *args: str) -> Path:
    target = tmp_path / name
    assert main(["export", "anki", str(target), *args]) == 0
    return target


def test_one_note_per_question_and_draw_in_one_deck_per_lesson(
    tmp_path: Path, course, capsys
) -> None:
    apkg = read_apkg(export(tmp_path, "course.apkg"), tmp_path)
    generated = sum(isinstance(q, GeneratedQuestion) for q in course.questions)
    expected = len(course.questions) - generated + DEFAULT_DRAWS * generated
    assert len(apkg["notes"]) == expected
    assert len(apkg["cards"]) == expected
    assert f"{expected} notes in {len(course.lessons)} lesson decks" in capsys.readouterr().out

    decks = apkg["decks"]
    assert decks[stable_id("deck", "course")] == "acttutor"
    per_deck = Counter(did for _cid, _nid, did in apkg["cards"])
    for lesson in course.lessons:
        deck_id = stable_id("deck", lesson.id)
        assert decks[deck_id] == f"acttutor::{lesson.title.en}"
        lesson_generated = sum(
            isinstance(q, GeneratedQuestion) for q in course.questions_for(lesson.id)
        )
        assert per_deck[deck_id] == (
            len(course.questions_for(lesson.id)) + (DEFAULT_DRAWS - 1) * lesson_generated
        )
    kinds = {m["name"] for m in apkg["models"].values() if m["name"].startswith("acttutor")}
    assert kinds == {f"acttutor {k}" for k in
                     ("choice", "multi", "truefalse", "numeric", "plot", "generated")}


def test_fields_show_the_question_and_reveal_the_right_answer(tmp_path: Path, course) -> None:
    apkg = read_apkg(export(tmp_path, "relu.apkg", "--lesson", "relu"), tmp_path)
    choices = {n["Id"]: n for n in note_fields(apkg, "choice")}
    question = course.question("relu-range")
    note = choices["relu-range"]
    assert note["Question"] == "What is the output range of ReLU?"
    for choice in question.choices:
        assert f"<li>{html.escape(choice.text.en)}</li>" in note["Options"]
    right = html.escape(question.choices[question.answer].text.en)
    assert note["Answer"].startswith(f"{question.answer + 1}. {right}")
    assert note["Explanation"] == html.escape(question.explanation.en)
    assert note["Lesson"] == "ReLU, the rectified linear unit"
    # Only relu's questions were exported.
    ids = {n["Id"].split("@")[0] for kind in ("choice", "multi", "truefalse", "numeric", "plot",
           "generated") if any(m["name"] == f"acttutor {kind}" for m in apkg["models"].values())
           for n in note_fields(apkg, kind)}
    assert ids == {q.id for q in course.questions_for("relu")}


def test_numeric_plot_truefalse_and_generated_notes(tmp_path: Path, course) -> None:
    apkg = read_apkg(export(tmp_path, "all.apkg", "--generated", "2"), tmp_path)
    numeric = note_fields(apkg, "numeric")[0]
    question = course.question(numeric["Id"])
    from acttutor.course.models import format_number

    assert numeric["Answer"] == format_number(question.answer)
    assert numeric["Tolerance"] == format_number(question.tolerance)

    truefalse = note_fields(apkg, "truefalse")[0]
    assert truefalse["Answer"] == str(course.question(truefalse["Id"]).answer)

    plot = note_fields(apkg, "plot")[0]
    plot_question = course.question(plot["Id"])
    chart = plot["Chart"]
    assert "\x1b" not in chart and "f(x)" in chart or "f′(x)" in chart
    assert len(chart.splitlines()) >= 10
    assert plot_question.plot.activation not in chart  # the chart never names the answer

    generated = note_fields(apkg, "generated")
    per_question = Counter(n["Id"].split("@")[0] for n in generated)
    assert set(per_question.values()) == {2}
    first = generated[0]
    assert "{x}" not in first["Question"] and "{answer}" not in first["Explanation"]


def test_ids_are_the_same_in_every_export(tmp_path: Path) -> None:
    first = read_apkg(export(tmp_path, "one.apkg"), tmp_path)
    second = read_apkg(export(tmp_path, "two.apkg"), tmp_path)
    assert first["decks"] == second["decks"]
    assert set(first["models"]) == set(second["models"])
    assert [row[:3] for row in first["notes"]] == [row[:3] for row in second["notes"]]
    assert first["cards"] == second["cards"]
    assert len({row[0] for row in first["notes"]}) == len(first["notes"])  # no clashes
    assert len({row[1] for row in first["notes"]}) == len(first["notes"])


def test_text_from_content_files_is_escaped_in_cards(tmp_path: Path) -> None:
    content = tmp_path / "my-course"
    shutil.copytree(FIXTURE, content)
    bank = content / "quizzes" / "basics.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace(
            "What is σ′(0)?", '"What is <b>σ′(0)</b> & <script>alert(1)</script>?"'
        ),
        encoding="utf-8",
    )
    apkg = read_apkg(
        export(tmp_path, "mine.apkg", "--content", str(content), "--lesson", "basics"), tmp_path
    )
    (note,) = [n for n in note_fields(apkg, "choice") if n["Id"] == "basics-derivative-at-zero"]
    assert note["Question"] == (
        "What is &lt;b&gt;σ′(0)&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;?"
    )


def test_korean_where_translated(tmp_path: Path) -> None:
    apkg = read_apkg(
        export(tmp_path, "ko.apkg", "--content", str(FIXTURE), "--lesson", "basics",
               "--lang", "ko"),
        tmp_path,
    )
    prompts = {n["Id"]: n["Question"] for n in note_fields(apkg, "choice")}
    assert prompts["basics-range"] == "시그모이드의 출력 범위는?"
    assert prompts["basics-derivative-at-zero"] == "What is σ′(0)?"  # not translated


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deck.txt"], "Anki imports .apkg files"),
        (["deck.apkg", "--lesson", "reluu"], "no lesson 'reluu'. Did you mean relu?"),
        (["deck.apkg", "--generated", "99"], "--generated must be from 0 to 50"),
        (["missing/deck.apkg"], "does not exist"),
        (["deck.apkg", "--lang", "korean"], "--lang must be one of en, ko"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(
    tmp_path: Path, monkeypatch, capsys, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "anki", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert not list(tmp_path.glob("*.apkg"))


def test_wrong_options_carry_their_misconception_apart_from_the_answer(tmp_path: Path) -> None:
    apkg = read_apkg(export(tmp_path, "relu.apkg", "--lesson", "relu"), tmp_path)
    note = {n["Id"]: n for n in note_fields(apkg, "choice")}["relu-range"]
    assert note["Answer"] == "1. [0, ∞)"
    assert note["Notes"].startswith("<b>2. (0, ∞)</b>: 0 is included;")
    multi = note_fields(apkg, "multi")
    assert multi and all(n["Instruction"] == "" for n in multi)  # the prompts say it already
