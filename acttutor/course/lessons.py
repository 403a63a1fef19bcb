"""Lessons: Markdown with YAML front matter, split into sections, and their translations.

``lessons/<id>.md`` starts with front matter (id, title, summary, activations, optional params
and concepts) between ``---`` lines; the body is an intro and one section per ``##`` heading
(its id from ``{#id}`` or the heading's slug). ``lessons/<id>.<lang>.md`` translates it: the same
section ids, a plain title and summary in that language. :class:`LessonReader` reads both kinds
and merges each translation into its English lesson.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acttutor.core.i18n import _
from acttutor.course.fields import FAILED, SourceFile, describe, is_id, is_lang
from acttutor.course.models import Lesson, LessonTranslation, LocalText, Section
from acttutor.course.texts import TextReader
from acttutor.course.yamlmarks import YMap

if TYPE_CHECKING:
    from acttutor.core.activations import Activation

MAX_LESSON_BYTES = 256 * 1024
"""A lesson file (front matter, intro and sections) is at most 256 KiB."""
MAX_SECTIONS = 200
"""A lesson has at most 200 sections, the intro included."""

_LESSON_FILE = re.compile(r"([^.]+)(?:\.([^.]+))?\.md\Z")
_HEADING = re.compile(r"##[ \t]+(.*?)[ \t]*(?:#+[ \t]*)?\Z")
_ANCHOR = re.compile(r"(.*?)[ \t]*\{#([^}]*)\}\Z")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HTML_TAGS = (
    "a|abbr|b|big|blockquote|br|center|code|del|details|div|em|font|h[1-6]|hr|i|iframe|img|"
    "ins|kbd|li|mark|ol|p|pre|s|script|small|span|strong|style|sub|summary|sup|table|tbody|"
    "td|th|thead|tr|u|ul"
)
_HTML = re.compile(rf"<!--|</?(?:{_HTML_TAGS})(?:\s[^>]*)?/?>", re.IGNORECASE)
_CODE_SPAN = re.compile(r"`+[^`]*`+")


def lesson_file_name(name: str) -> tuple[str, str | None] | None:
    """``(id, lang)`` of a lesson file name (``relu.md``, ``relu.ko.md``), or None when the name
    is not one."""
    m = _LESSON_FILE.match(name)
    if m is None or not is_id(m.group(1)) or (
        m.group(2) is not None and not is_lang(m.group(2))
    ):
        return None
    return m.group(1), m.group(2)


def _slug(title: str) -> str:
    return _SLUG_JUNK.sub("-", title.lower()).strip("-")

@dataclass
class LessonSource:
    """A lesson file found in a root: its id, its language (None for English) and where it is."""

    lesson_id: str
    lang: str | None
    path: Path
    file: SourceFile


@dataclass
class EnglishLesson:
    """An English lesson read so far (translations are merged into ``lesson``)."""

    lesson: Lesson
    file: SourceFile
    activations_line: int
    section_lines: dict[str, int] = field(default_factory=dict)




class LessonReader(TextReader):
    """Reads English lessons and their translations into :attr:`lessons`."""

    def __init__(self) -> None:
        super().__init__()
        self.lessons: dict[str, EnglishLesson] = {}
        # Lessons whose file exists but failed: references to them are not reported again.
        self.broken_lessons: set[str] = set()
        self.lesson_order: list[str] = []

    def _split_markdown(self, file: SourceFile) -> tuple[Any, list[str], int] | None:
        """(front matter value, body lines, line number of the first body line)."""
        text = self._read(file)
        if text is None:
            return None
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_LESSON_BYTES:
            file.error(1, _("the lesson is {size:.0f} KiB; the limit is {limit} KiB (split it "
                            "into two lessons)").format(size=size / 1024,
                                                        limit=MAX_LESSON_BYTES // 1024))
            return None
        lines = text.split("\n")
        if lines[0].rstrip() != "---":
            file.error(1, _("a lesson starts with front matter: a '---' line, then id, title, "
                            "summary, activations, then another '---' line"))
            return None
        end = next((k for k in range(1, len(lines)) if lines[k].rstrip() in ("---", "...")), 0)
        if not end:
            file.error(1, _("the front matter is not closed: add a '---' line after it"))
            return None
        node = self._yaml("\n".join(lines[1:end]), file, offset=1)
        if node is FAILED:
            return None
        if node is None:
            file.error(1, _("the front matter is empty: it needs id, title, summary and "
                            "activations"))
            return None
        node = self._mapping(file, node, 2, _("the front matter"))
        if node is FAILED:
            return None
        return node, lines[end + 1 :], end + 2

    def _sections(
        self, file: SourceFile, body: list[str], first_line: int
    ) -> tuple[tuple[Section, ...], dict[str, int]]:
        """The intro plus one section per ``##`` heading; reports bad and duplicate ids."""
        sections: list[Section] = []
        lines_of: dict[str, int] = {}
        current_id, current_title, current_line = "intro", "", first_line
        chunk: list[str] = []
        fence: str | None = None

        def close() -> None:
            text = "\n".join(chunk).strip("\n")
            if current_id in lines_of:
                file.error(current_line, _("section id '{current_id}' is used twice in this "
                                           "lesson (first at line {first}); give one a "
                                           "{{#other-id}}").format(
                    current_id=current_id, first=lines_of[current_id]))
            else:
                lines_of[current_id] = current_line
                sections.append(Section(current_id, current_title, text, current_line))

        for offset, line in enumerate(body):
            number = first_line + offset
            fence_match = _FENCE.match(line)
            if fence_match:
                marker = fence_match.group(1)
                if fence is None:
                    fence = marker
                elif marker[0] == fence[0] and len(marker) >= len(fence) and (
                    not line.strip()[len(marker):].strip()
                ):
                    fence = None
                chunk.append(line)
                continue
            if fence is None:
                if line.startswith("## ") or line.startswith("##\t"):
                    heading = _HEADING.match(line.rstrip())
                    title = heading.group(1) if heading else line[3:].strip()
                    close()
                    chunk = []
                    anchor = _ANCHOR.match(title) if title.endswith("}") else None
                    if anchor:
                        title, section_id = anchor.group(1).strip(), anchor.group(2).strip()
                        if not is_id(section_id):
                            file.error(number, _("section id '{section_id}' must be lowercase "
                                                 "letters, digits and '-'").format(
                                                     section_id=section_id))
                            section_id = f"\0{number}"
                    else:
                        section_id = _slug(title)
                        if not section_id:
                            file.error(number, _("the heading {title!r} gives no section id; "
                                                 "add one like {{#my-section}}").format(
                                title=title))
                            section_id = f"\0{number}"
                    current_id, current_title, current_line = section_id, title, number
                    continue
                html = _HTML.search(_CODE_SPAN.sub("", line))
                if html:
                    file.error(number, _("raw HTML ({html!r}) is not shown; write Markdown "
                                         "instead").format(html=html.group()))
            chunk.append(line)
        close()
        if len(sections) > MAX_SECTIONS:
            file.error(sections[MAX_SECTIONS].line, _("the lesson has {count} sections; the "
                                                      "limit is {limit} (split it into "
                                                      "two lessons)").format(
                count=len(sections), limit=MAX_SECTIONS))
        return tuple(s for s in sections if not s.id.startswith("\0")), lines_of

    def _lesson_front(
        self, file: SourceFile, node: YMap, translation: bool
    ) -> dict[str, Any] | None:
        required = frozenset({"id", "title"} if translation else
                             {"id", "title", "summary", "activations"})
        allowed = frozenset({"id", "title", "summary", "activations", "params", "concepts"})
        ok = self._keys(file, node, required, allowed, _("front matter"))
        out: dict[str, Any] = {}
        kl = node.key_lines
        if "id" in node:
            out["id"] = self._ident(file, "id", node["id"], kl["id"])
        for key in ("title", "summary"):
            if key in node:
                if translation:
                    value = node[key]
                    if type(value) is str and value.strip():
                        out[key] = value.strip()
                    else:
                        file.error(kl[key], _("{key}: in a translation, {key} is plain text in "
                                              "that language, got {got}").format(
                            key=key, got=describe(value)))
                        out[key] = FAILED
                else:
                    out[key] = self._text(file, key, node[key], kl[key])
        acts: list[Activation] = []
        if "activations" in node:
            value, line = node["activations"], kl["activations"]
            names = self._string_list(file, "activations", value, line)
            if names is not FAILED and not names:
                file.error(line, _("activations: list at least one activation to plot"))
                names = FAILED
            if names is not FAILED:
                for name, item_line in zip(names, value.item_lines, strict=True):
                    act = self._activation(file, "activations", name, item_line)
                    if act is FAILED:
                        names = FAILED
                    else:
                        acts.append(act)
            out["activations"] = names
        if "params" in node:
            out["params"] = self._lesson_params(file, node["params"], kl["params"], acts,
                                                 "activations" in node)
        if "concepts" in node:
            out["concepts"] = self._string_list(file, "concepts", node["concepts"],
                                                kl["concepts"])
        if not ok or any(v is FAILED for v in out.values()):
            return None
        return out

    def _lesson_params(
        self, file: SourceFile, value: Any, line: int, acts: list[Activation], listed: bool
    ) -> dict[str, dict[str, float | str]] | Any:
        if value is None:
            return {}
        if not isinstance(value, YMap):
            return file.reject(value, line, _("params: expected a mapping of activation -> "
                                              "parameters, got {got}"))
        by_name = {act.name: act for act in acts}
        out: dict[str, dict[str, float | str]] = {}
        ok = True
        for name, params in value.items():
            name_line = value.key_lines[name]
            act = by_name.get(name) if isinstance(name, str) else None
            if act is None:
                if listed:
                    file.error(name_line, _("params: '{name}' is not one of this lesson's "
                                            "activations ({activations})").format(
                        name=name, activations=", ".join(by_name) or _("none")))
                ok = False
                continue
            given = self._params(file, act, params, name_line, key=f"params.{name}")
            if given is FAILED:
                ok = False
            else:
                out[name] = given
        return out if ok else FAILED

    def _english_lesson(self, source: LessonSource) -> None:
        file = source.file
        split = self._split_markdown(file)
        if split is None:
            return
        node, body, body_line = split
        front = self._lesson_front(file, node, translation=False)
        sections, section_lines = self._sections(file, body, body_line)
        if front is None:
            return
        lesson_id = front["id"]
        if lesson_id != source.lesson_id:
            file.error(node.key_lines["id"], _("id '{lesson_id}' does not match the file name "
                                               "(expected id: {file_id}, or rename the "
                                               "file)").format(
                lesson_id=lesson_id, file_id=source.lesson_id))
            return
        previous = self.lessons.get(lesson_id)
        if previous is not None:
            file.error(node.key_lines["id"], _("duplicate lesson id '{lesson_id}' (also in "
                                               "{shown})").format(
                lesson_id=lesson_id, shown=previous.file.shown))
            return
        lesson = Lesson(
            id=lesson_id,
            title=front["title"],
            summary=front["summary"],
            activations=front["activations"],
            params=front.get("params", {}),
            concepts=front.get("concepts", ()),
            body="\n".join(body).strip("\n"),
            sections=sections,
            path=source.path,
            translations={},
        )
        self.lessons[lesson_id] = EnglishLesson(lesson, file, node.key_lines.get(
            "activations", 1), section_lines)
        self.lesson_order.append(lesson_id)

    def _translation(self, source: LessonSource) -> None:
        file = source.file
        lang = source.lang or ""
        english = self.lessons.get(source.lesson_id)
        split = self._split_markdown(file)
        if split is None:
            return
        node, body, body_line = split
        front = self._lesson_front(file, node, translation=True)
        sections, section_lines = self._sections(file, body, body_line)
        if front is None:
            return
        if english is None:
            if source.lesson_id not in self.broken_lessons:
                file.error(1, _("translation of a lesson that does not exist: "
                                "lessons/{lesson_id}.md is missing").format(
                    lesson_id=source.lesson_id))
            return
        if front["id"] != english.lesson.id:
            file.error(node.key_lines["id"], _("id '{id}' differs from its English twin's id "
                                               "'{english_id}' ({shown})").format(
                id=front["id"], english_id=english.lesson.id, shown=english.file.shown))
            return
        ok = True
        if "activations" in front and front["activations"] != english.lesson.activations:
            file.error(node.key_lines["activations"], _("activations differ from the English "
                                                        "lesson's; leave them out of a "
                                                        "translation"))
            ok = False
        if "params" in front and front["params"] != dict(english.lesson.params):
            file.error(node.key_lines["params"], _("params differ from the English lesson's; "
                                                   "leave them out of a translation"))
            ok = False
        english_ids = [s.id for s in english.lesson.sections]
        ids = {s.id for s in sections}
        missing = [i for i in english_ids if i not in ids]
        if missing:
            file.error(1, _("sections differ from the English lesson: missing {ids} (give "
                            "translated headings the English ids with {{#id}})").format(
                ids=", ".join(f"'{i}'" for i in missing)))
            ok = False
        for section in sections:
            if section.id not in english.section_lines:
                file.error(section.line, _("section '{id}' is not in the English lesson "
                                           "({shown}); use one of its ids with {{#id}}").format(
                    id=section.id, shown=english.file.shown))
                ok = False
        if not ok:
            return
        lesson = english.lesson
        translation = LessonTranslation(
            lang=lang,
            title=front["title"],
            summary=front.get("summary"),
            body="\n".join(body).strip("\n"),
            sections=sections,
            path=source.path,
        )
        titles = dict(lesson.title.translations)
        titles[lang] = translation.title
        summaries = dict(lesson.summary.translations)
        if translation.summary:
            summaries[lang] = translation.summary
        english.lesson = Lesson(
            id=lesson.id,
            title=LocalText(titles),
            summary=LocalText(summaries),
            activations=lesson.activations,
            params=lesson.params,
            concepts=lesson.concepts,
            body=lesson.body,
            sections=lesson.sections,
            path=lesson.path,
            translations={**lesson.translations, lang: translation},
        )
