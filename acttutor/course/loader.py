"""Content roots -> a :class:`~acttutor.course.models.Course`, with every problem found at once.

A content root holds ``course.yaml``, ``lessons/<id>.md`` (+ ``<id>.<lang>.md`` translations) and
``quizzes/<bank>.yaml`` (see ``content/README.md``). :func:`load_roots` reads them all, checks
them against the format (types, ids, cross references, translations, parameters) and verifies
``check:`` facts and generated templates with the activation engine. Problems never raise: each
becomes a :class:`~acttutor.course.problems.Problem` with the file and the line of the offending
key or list item. :func:`load_course` is the app's entry point and raises :class:`ContentError`.

This module finds the files, assembles the course and resolves references between banks and
lessons; the reading is done by :mod:`.lessons` (Markdown and front matter), :mod:`.banks`
(questions, by each type's table of fields), :mod:`.texts` (texts in several languages, and
which are untranslated) and :mod:`.fields` (files and the field kinds they share).

yaml and numpy are imported lazily (by :mod:`.yamlmarks` and :mod:`.facts`), when a course loads.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from acttutor.core.i18n import _
from acttutor.core.text import CONTROL_CHARACTERS
from acttutor.course.banks import BankReader
from acttutor.course.fields import (
    FAILED,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    SourceFile,
    describe,
    suggest,
)
from acttutor.course.files import (
    ContentFileError,
    exists,
    folder_problem,
    list_folder,
    read_content_file,
)
from acttutor.course.lessons import (
    MAX_LESSON_BYTES,
    MAX_SECTIONS,
    LessonReader,
    LessonSource,
    lesson_file_name,
)
from acttutor.course.models import Course, LocalText
from acttutor.course.paths import builtin_content_root
from acttutor.course.problems import ContentError, Problem, sort_problems, summarize
from acttutor.course.texts import untranslated
from acttutor.course.yamlmarks import Tagged, YamlSyntaxError, YList, YMap, parse_yaml

__all__ = [
    "ContentError",
    "LoadResult",
    "load_course",
    "load_roots",
    "is_standalone_root",
    "MAX_FILE_BYTES",
    "MAX_LESSON_BYTES",
    "MAX_SECTIONS",
    "FORMAT_VERSION",
]


@dataclass
class LoadResult:
    """What :func:`load_roots` found: the course (None when there are problems) and counts."""

    course: Course | None
    problems: list[Problem]
    lessons: int = 0
    questions: int = 0
    banks: int = 0
    files: int = 0

    @property
    def summary(self) -> str:
        """``N problems in M files`` or ``ok: L lessons, Q questions in B banks``."""
        return summarize(self.problems, self.lessons, self.questions, self.banks)


def load_course(extra_roots: Sequence[Path | str] = ()) -> Course:
    """The built-in course plus the learner's ``extra_roots`` (``--content DIR``).

    Raises :class:`ContentError` carrying every problem when anything is wrong. The built-in
    course's engine-checked facts are not recomputed here (``acttutor check`` and the tests verify
    them); that keeps numpy off the path to the first quiz question.
    """
    builtin = builtin_content_root()
    result = load_roots([builtin, *(Path(r) for r in extra_roots)], skip_facts_of=(builtin,))
    if result.problems or result.course is None:
        raise ContentError(result.problems, result.summary)
    return result.course


def load_roots(
    roots: Sequence[Path | str],
    *,
    skip_facts_of: Sequence[Path] = (),
    require_lang: str | None = None,
) -> LoadResult:
    """Load and check ``roots`` (the first is the main course, the rest add to it).

    ``check:`` facts and generated templates of the roots in ``skip_facts_of`` are not
    recomputed with the engine (everything else is still checked). With ``require_lang``, each
    lesson and text with no translation in that language is a problem too.
    """
    # Loading allocates many small containers and frees none: cyclic garbage collection would
    # rescan them again and again (super-linear on big banks) to find nothing.
    # Measured: a 10,000-question check takes 0.9–1.0 s instead of 2.3 s CPU (budget ≤ 3 s).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Loader([Path(r) for r in roots], skip_facts_of, require_lang).run()
    finally:
        if collecting:
            gc.enable()


def is_standalone_root(root: Path) -> bool:
    """True when ``root/course.yaml`` names a course ``title`` (a whole course, not an add-on)."""
    path = root / "course.yaml"
    try:
        value = parse_yaml(read_content_file(path, root, MAX_FILE_BYTES).decode("utf-8")).value
    except (ContentFileError, UnicodeDecodeError, YamlSyntaxError):
        return exists(path)
    return isinstance(value, YMap) and "title" in value


class _Loader(LessonReader, BankReader):
    """One pass over the roots: finds the files, reads them, assembles the course and
    resolves the references between banks and lessons."""

    def __init__(
        self, roots: list[Path], skip_facts_of: Sequence[Path] = (), require_lang: str | None = None
    ) -> None:
        super().__init__()
        self.require_lang = require_lang
        self.roots = roots
        self.skip_facts_of = {Path(r).resolve() for r in skip_facts_of}
        self.title: LocalText | None = None

    # -- driver

    def run(self) -> LoadResult:
        shown = self._display_names()
        translations: list[LessonSource] = []
        for index, root in enumerate(self.roots):
            prefix = shown[index]
            problem = folder_problem(root)
            if problem == _("no such folder"):
                problem = _("content folder not found (expected a folder with course.yaml, "
                            "lessons/ and quizzes/)")
            if problem:
                self.problems.append(Problem(prefix, 1, problem))
                continue
            translations.extend(self._root(root, prefix, primary=index == 0))
        for source in translations:
            self._translation(source)
        self._resolve_refs()
        self.facts.verify(self.problems)
        if self.require_lang:
            lessons = [(entry.lesson, entry.file) for entry in self.lessons.values()]
            self.problems.extend(untranslated(lessons, self.texts, self.require_lang))
        questions = tuple(q for bank in self.banks for q in bank.questions)
        result = LoadResult(
            course=None,
            problems=sort_problems(self.problems),
            lessons=len(self.lessons),
            questions=len(questions),
            banks=len(self.banks),
            files=self.files,
        )
        if not result.problems:
            result.course = Course(
                title=self.title or LocalText.of("acttutor"),
                lessons=tuple(self.lessons[i].lesson for i in self.lesson_order),
                banks=tuple(self.banks),
                questions=questions,
                roots=tuple(self.roots),
            )
        return result

    def _display_names(self) -> list[str]:
        names = [root.name or str(root) for root in self.roots]
        return [
            name if names.count(name) == 1 else str(root)
            for name, root in zip(names, self.roots, strict=True)
        ]

    def _root(self, root: Path, prefix: str, primary: bool) -> list[LessonSource]:
        """Read one root's course.yaml, English lessons and banks; return its translations."""
        listed = self._course_file(root, prefix, primary)
        english: dict[str, LessonSource] = {}
        translated: list[LessonSource] = []
        for path in self._entries(root, "lessons", prefix):
            if path.name.startswith(".") or path.suffix != ".md":
                continue
            file = SourceFile(path, root, f"{prefix}/lessons/{path.name}", self.problems)
            named = lesson_file_name(path.name)
            if named is None:
                file.error(1, _("a lesson file is named <id>.md, or <id>.<lang>.md for a "
                                "translation (lowercase letters, digits and '-'; lang like ko)"))
                continue
            lesson_id, lang = named
            source = LessonSource(lesson_id, lang, path, file)
            if lang is None or lang == "en":
                if lang == "en":
                    file.error(1, _("English is the default language: name the file "
                                    "{lesson_id}.md").format(lesson_id=lesson_id))
                    continue
                english[lesson_id] = source
            else:
                translated.append(source)
        order: list[str]
        if listed is None:
            order = list(english)
        else:
            order = []
            listed_ids = set()
            course_file = SourceFile(root / "course.yaml", root, f"{prefix}/course.yaml",
                                self.problems)
            for lesson_id, line in listed:
                listed_ids.add(lesson_id)
                if lesson_id in english:
                    order.append(lesson_id)
                else:
                    course_file.error(
                        line,
                        _("lesson '{lesson_id}' is listed but {prefix}/lessons/{lesson_id}.md "
                          "does not exist{suggestion}").format(lesson_id=lesson_id,
                            prefix=prefix, suggestion=suggest(lesson_id, list(english))),
                    )
            for lesson_id, source in english.items():
                if lesson_id not in listed_ids:
                    source.file.error(
                        1, _("lesson '{lesson_id}' is not listed in {prefix}/course.yaml (add "
                             "it to lessons: there)").format(lesson_id=lesson_id, prefix=prefix)
                    )
        for lesson_id in order:
            self._english_lesson(english[lesson_id])
            if lesson_id not in self.lessons:
                self.broken_lessons.add(lesson_id)
        self.facts_on = root.resolve() not in self.skip_facts_of
        for path in self._entries(root, "quizzes", prefix):
            if not path.name.startswith(".") and path.suffix in (".yaml", ".yml"):
                file = SourceFile(path, root, f"{prefix}/quizzes/{path.name}", self.problems)
                if CONTROL_CHARACTERS.search(path.name):
                    file.error(1, _("the file name holds a control character; rename the file"))
                else:
                    self._bank(path, file)
        return translated

    # -- reading

    def _entries(self, root: Path, name: str, prefix: str) -> list[Path]:
        """The entries of ``root/name`` (none when it is absent; a problem when unreadable)."""
        folder = root / name
        if not exists(folder):
            return []
        try:
            problem = folder_problem(folder)
            if problem is None:
                return list_folder(folder)
        except ContentFileError as error:
            problem = str(error)
        self.problems.append(Problem(f"{prefix}/{name}", 1, problem))
        return []

    # -- course.yaml

    def _course_file(
        self, root: Path, prefix: str, primary: bool
    ) -> list[tuple[str, int]] | None:
        """Parse course.yaml; the listed lesson ids with their lines (None: no listing)."""
        path = root / "course.yaml"
        file = SourceFile(path, root, f"{prefix}/course.yaml", self.problems)
        if not exists(path):
            if primary:
                file.error(1, _("file not found: a course needs course.yaml with "
                                "format_version, title and lessons"))
            return None
        text = self._read(file)
        if text is None:
            return [] if primary else None
        node = self._yaml(text, file)
        if node is FAILED:
            return [] if primary else None
        node = self._mapping(file, node, 1, "course.yaml")
        if node is FAILED:
            return [] if primary else None
        required = frozenset({"format_version", "title", "lessons"} if primary else
                             {"format_version"})
        self._keys(file, node, required, frozenset({"format_version", "title", "lessons"}),
                   "course.yaml")
        self._format_version(file, node)
        if "title" in node:
            title = self._text(file, "title", node["title"], node.key_lines["title"])
            if title is not FAILED and (primary or self.title is None):
                self.title = title
        if "lessons" not in node:
            return [] if primary else None
        value, line = node["lessons"], node.key_lines["lessons"]
        if value is None:
            return []
        if not isinstance(value, YList):
            if not isinstance(value, Tagged):
                file.error(line, _("lessons: expected a list of lesson ids, got {got}").format(
                    got=describe(value)))
            return []
        listed: list[tuple[str, int]] = []
        seen: dict[str, int] = {}
        for item, item_line in zip(value, value.item_lines, strict=True):
            lesson_id = self._ident(file, "lessons", item, item_line)
            if lesson_id is FAILED:
                continue
            if lesson_id in seen:
                file.error(item_line, _("lessons: '{lesson_id}' is listed twice (first at line "
                                        "{seen})").format(lesson_id=lesson_id,
                                          seen=seen[lesson_id]))
                continue
            seen[lesson_id] = item_line
            listed.append((lesson_id, item_line))
        return listed

    # -- cross references

    def _resolve_refs(self) -> None:
        sections = {lid: entry.section_lines for lid, entry in self.lessons.items()}
        known = list(self.lessons)
        reported: set[tuple[str, int]] = set()
        for file, lesson, lesson_line, section, section_line in self.refs:
            lesson_sections = sections.get(lesson)
            if lesson_sections is None:
                if lesson in self.broken_lessons:
                    continue
                if (file.shown, lesson_line) not in reported:
                    reported.add((file.shown, lesson_line))
                    file.error(lesson_line, _("lesson: no lesson '{lesson}'{suggestion}").format(
                        lesson=lesson, suggestion=suggest(lesson, known)))
                continue
            if section not in lesson_sections:
                ids = ", ".join(lesson_sections)
                file.error(section_line,
                           _("section: lesson '{lesson}' has no section '{section}'{suggestion} "
                             "(sections: {ids})").format(lesson=lesson, section=section,
                               suggestion=suggest(section, list(lesson_sections)), ids=ids))
