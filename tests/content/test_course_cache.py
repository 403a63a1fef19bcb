"""The compiled course cache: same files give the cached course; any change, damage or failure
falls back to loading the files, and nothing the learner sees changes."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

import acttutor.course.loader as loader
from acttutor.course.cache import ENV_VAR, cache_dir, fingerprint, load_course_cached
from acttutor.course.paths import builtin_content_root
from acttutor.course.problems import ContentError

AN_HOUR_AGO = time.time() - 3600


def learner_root(tmp_path: Path, title: str = "Zeta") -> Path:
    """A small learner course on top of the built-in one, its files dated an hour ago."""
    root = tmp_path / "mine"
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "quizzes").mkdir(exist_ok=True)
    (root / "lessons" / "zeta.md").write_text(
        f"---\nid: zeta\ntitle: {title}\nsummary: s\nactivations: [relu]\n---\n"
        "## Part {#part}\nText.\n",
        encoding="utf-8",
    )
    (root / "quizzes" / "mine.yaml").write_text(
        "format_version: 1\nbank: mine\nlesson: zeta\nquestions:\n"
        "  - {id: mine-1, type: truefalse, section: part, prompt: P, answer: true, "
        "explanation: E}\n",
        encoding="utf-8",
    )
    settle(root)
    return root


def settle(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def forbid_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the course was loaded from its files, not from the cache")

    monkeypatch.setattr(loader, "load_course", refuse)


def test_the_second_start_reads_the_cache_and_gets_the_same_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = learner_root(tmp_path)
    folder = tmp_path / "cache"
    first = load_course_cached([root], folder=folder)
    assert len(list(folder.glob("course-*.pickle"))) == 1
    forbid_loading(monkeypatch)
    second = load_course_cached([root], folder=folder)
    assert second == first
    assert [lesson.id for lesson in second.lessons][-1] == "zeta"
    assert second.question("mine-1").prompt.get() == "P"


def test_an_edited_content_file_is_loaded_again(tmp_path: Path) -> None:
    root = learner_root(tmp_path)
    folder = tmp_path / "cache"
    assert load_course_cached([root], folder=folder).lesson("zeta").title.get() == "Zeta"
    learner_root(tmp_path, title="Zeta, edited")
    assert load_course_cached([root], folder=folder).lesson("zeta").title.get() == "Zeta, edited"


def test_a_new_file_changes_the_fingerprint(tmp_path: Path) -> None:
    root = learner_root(tmp_path)
    before = fingerprint([builtin_content_root(), root])
    (root / "quizzes" / "more.yaml").write_text("format_version: 1\n", encoding="utf-8")
    assert fingerprint([builtin_content_root(), root]) != before


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    root = learner_root(tmp_path)
    folder = tmp_path / "cache"
    expected = load_course_cached([root], folder=folder)
    (cache_file,) = folder.glob("course-*.pickle")
    for damage in (b"", b"not a pickle at all", cache_file.read_bytes()[:1000]):
        cache_file.write_bytes(damage)
        assert load_course_cached([root], folder=folder) == expected
        with cache_file.open("rb") as file:
            assert pickle.load(file) == fingerprint([builtin_content_root(), root.resolve()])


def test_a_cache_folder_that_cannot_be_written_just_means_no_cache(tmp_path: Path) -> None:
    root = learner_root(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    course = load_course_cached([root], folder=blocked / "cache")
    assert course.lesson("zeta").title.get() == "Zeta"
    assert blocked.read_text(encoding="utf-8") == "in the way"


def test_content_with_problems_raises_and_is_never_cached(tmp_path: Path) -> None:
    root = learner_root(tmp_path)
    (root / "quizzes" / "mine.yaml").write_text("format_version: 1\nbank: [\n", encoding="utf-8")
    settle(root)
    folder = tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(ContentError):
            load_course_cached([root], folder=folder)
    assert not list(folder.glob("course-*.pickle"))


def test_files_saved_a_moment_ago_are_not_cached_yet(tmp_path: Path) -> None:
    root = learner_root(tmp_path)
    (root / "lessons" / "zeta.md").touch()
    folder = tmp_path / "cache"
    load_course_cached([root], folder=folder)
    assert not list(folder.glob("course-*.pickle"))


def test_the_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere"))
    assert cache_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv(ENV_VAR)
    assert cache_dir() == Path(os.environ["XDG_CACHE_HOME"]) / "acttutor"
