"""Content roots -> a :class:`~acttutor.course.models.Course`, with every problem found at once.

A content root holds ``course.yaml``, ``lessons/<id>.md`` (+ ``<id>.<lang>.md`` translations) and
``quizzes/<bank>.yaml`` (see ``content/README.md``). :func:`load_roots` reads them all, checks
them against the format (types, ids, cross references, translations, parameters) and verifies
``check:`` facts and generated templates with the activation engine. Problems never raise: each
becomes a :class:`~acttutor.course.problems.Problem` with the file and the line of the offending
key or list item. :func:`load_course` is the app's entry point and raises :class:`ContentError`.

yaml and numpy are imported lazily (by :mod:`.yamlmarks` and :mod:`.facts`), when a course loads.
"""

from __future__ import annotations

import difflib
import functools
import gc
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acttutor.core.text import CONTROL_CHARACTERS, describe_control, neutralise
from acttutor.course.facts import FactChecker
from acttutor.course.files import (
    ContentFileError,
    exists,
    folder_problem,
    list_folder,
    read_content_file,
)
from acttutor.course.models import (
    Bank,
    CheckSpec,
    Choice,
    ChoiceQuestion,
    Course,
    GeneratedQuestion,
    GeneratedTemplate,
    Lesson,
    LessonTranslation,
    LocalText,
    MultiQuestion,
    NumericQuestion,
    Of,
    PlotQuestion,
    PlotSpec,
    Question,
    Section,
    TrueFalseQuestion,
    grid_size,
)
from acttutor.course.paths import builtin_content_root
from acttutor.course.problems import ContentError, Problem, sort_problems, summarize
from acttutor.course.yamlmarks import Tagged, YamlSyntaxError, YList, YMap, parse_yaml

if TYPE_CHECKING:
    from acttutor.core.activations import Activation

__all__ = [
    "ContentError",
    "LoadResult",
    "load_course",
    "load_roots",
    "is_standalone_root",
    "MAX_FILE_BYTES",
    "FORMAT_VERSION",
]

MAX_FILE_BYTES = 4 * 1024 * 1024
FORMAT_VERSION = 1
MAX_CHOICES = 9
MAX_GRID = 1001
MAX_DECIMALS = 8
MAX_LESSON_BYTES = 256 * 1024
"""A lesson file (front matter, intro and sections) is at most 256 KiB."""
MAX_SECTIONS = 200
"""A lesson has at most 200 sections, the intro included."""
MAX_COORDINATE = 1e6
"""Plot ranges stay within ±MAX_COORDINATE (a chart of ±1e308 has no finite width)."""
MAX_CONTROL_REPORTS = 5
"""Lines with control characters reported per text before the rest are summed up in one."""

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_ID_MATCH = _ID.match
_CHOICE_FIELDS = frozenset({"text", "feedback"})
_LANG = re.compile(r"[a-z]{2}\Z")
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
_BOM = b"\xef\xbb\xbf"

_COMMON_REQUIRED = frozenset({"id", "type", "section", "prompt", "explanation"})
_COMMON_OPTIONAL = frozenset({"lesson", "tags"})
_FIELD_ORDER = (
    "id type lesson section prompt choices answer answers tolerance hint unit feedback plot "
    "template check explanation tags"
).split()
_RECORDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # a nested mapping: (required keys, optional keys)
    "plot": (frozenset({"activation"}), frozenset({"params", "of", "range"})),
    "template": (frozenset({"activation", "x"}), frozenset({"of", "params", "decimals"})),
    "template.x": (frozenset({"min", "max", "step"}), frozenset()),
    "check": (frozenset({"activation", "x"}), frozenset({"params", "index", "of"})),
}
_OF = ("value", "derivative")
_BOOL_WORDS = {"true": True, "false": False}


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
    roots: Sequence[Path | str], *, skip_facts_of: Sequence[Path] = ()
) -> LoadResult:
    """Load and check ``roots`` (the first is the main course, the rest add to it).

    ``check:`` facts and generated templates of the roots in ``skip_facts_of`` are not
    recomputed with the engine (everything else is still checked).
    """
    # Loading allocates many small containers and frees none: cyclic garbage collection would
    # rescan them again and again (super-linear on big banks) to find nothing.
    # Measured: a 10,000-question check takes 0.9 s instead of 2.3 s CPU with it (budget ≤ 3 s).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Loader([Path(r) for r in roots], skip_facts_of).run()
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


# --------------------------------------------------------------------------- small helpers


class _File:
    """A content file being read: where to report its problems."""

    __slots__ = ("path", "root", "shown", "problems")

    def __init__(self, path: Path, root: Path, shown: str, problems: list[Problem]) -> None:
        self.path = path
        self.root = root
        self.shown = neutralise(shown)
        self.problems = problems

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def at(self, line: int) -> str:
        return f"{self.shown}:{line}"


class _Failed:
    """Marker for 'this value was invalid and has been reported'."""

    __slots__ = ()


_FAILED: Any = _Failed()


def _describe(value: object) -> str:
    """How a wrong value reads in a message: ``the number 3``, ``a list``, ``nothing``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {_shown_number(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, YMap):
        return "a mapping"
    return f"a {type(value).__name__}"


def _suggest(word: object, options: Sequence[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value: object) -> bool:
    """An int, or a float with no fraction (1.0), of any size."""
    return _is_int(value) or (isinstance(value, float) and value.is_integer())


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _finite(value: int | float) -> float | None:
    """``value`` as a finite float, or None (an int beyond float's range, inf, nan)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _shown_number(value: object) -> str:
    """A number as the author wrote it (``010``, not 8), in at most 40 characters
    (``1234...6789 (400 digits)``)."""
    text = getattr(value, "source", None) or str(value)
    if len(text) <= 40:
        return text
    digits = sum(ch.isdigit() for ch in text)
    return f"{text[:12]}...{text[-6:]} ({digits} digits)"


@functools.lru_cache(maxsize=4096)
def _parse_text_number(text: str) -> float | str:
    """The value of a number written as text ("1/4"), or the parser's message."""
    from acttutor.core.numparse import NumberParseError, parse_number

    try:
        return parse_number(text)
    except NumberParseError as error:
        return str(error)


def _slug(title: str) -> str:
    return _SLUG_JUNK.sub("-", title.lower()).strip("-")


def _field_rank(key: object) -> int:
    try:
        return _FIELD_ORDER.index(key)  # type: ignore[arg-type]
    except ValueError:
        return len(_FIELD_ORDER)


@dataclass
class _LessonSource:
    lesson_id: str
    lang: str | None
    path: Path
    file: _File


@dataclass
class _EnglishLesson:
    lesson: Lesson
    file: _File
    activations_line: int
    section_lines: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- the loader


class _Loader:
    """One pass over the roots; collects models and problems."""

    def __init__(self, roots: list[Path], skip_facts_of: Sequence[Path] = ()) -> None:
        self.roots = roots
        self.skip_facts_of = {Path(r).resolve() for r in skip_facts_of}
        self.facts_on = True
        self.problems: list[Problem] = []
        self.files = 0
        self.title: LocalText | None = None
        self.lessons: dict[str, _EnglishLesson] = {}
        # Lessons whose file exists but failed: references to them are not reported again.
        self.broken_lessons: set[str] = set()
        self.lesson_order: list[str] = []
        self.banks: list[Bank] = []
        self.bank_ids: dict[str, str] = {}
        self.question_ids: dict[str, tuple[str, int]] = {}
        # (file, lesson id, its line, section id, its line), checked once every lesson is read
        self.refs: list[tuple[_File, str, int, str, int]] = []
        self.facts = FactChecker()
        self._activation_cache: dict[str, Activation | None] = {}
        self._activation_errors: dict[str, str] = {}
        self._params_cache: dict[tuple[Any, ...], Any] = {}

    # -- driver

    def run(self) -> LoadResult:
        shown = self._display_names()
        translations: list[_LessonSource] = []
        for index, root in enumerate(self.roots):
            prefix = shown[index]
            problem = folder_problem(root)
            if problem == "no such folder":
                problem = ("content folder not found (expected a folder with course.yaml, "
                           "lessons/ and quizzes/)")
            if problem:
                self.problems.append(Problem(prefix, 1, problem))
                continue
            translations.extend(self._root(root, prefix, primary=index == 0))
        for source in translations:
            self._translation(source)
        self._resolve_refs()
        self.facts.verify(self.problems)
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

    def _root(self, root: Path, prefix: str, primary: bool) -> list[_LessonSource]:
        """Read one root's course.yaml, English lessons and banks; return its translations."""
        listed = self._course_file(root, prefix, primary)
        english: dict[str, _LessonSource] = {}
        translated: list[_LessonSource] = []
        for path in self._entries(root, "lessons", prefix):
            if path.name.startswith(".") or path.suffix != ".md":
                continue
            file = _File(path, root, f"{prefix}/lessons/{path.name}", self.problems)
            m = _LESSON_FILE.match(path.name)
            if m is None or not _ID.match(m.group(1)) or (
                m.group(2) is not None and not _LANG.match(m.group(2))
            ):
                file.error(1, "a lesson file is named <id>.md, or <id>.<lang>.md for a "
                           "translation (lowercase letters, digits and '-'; lang like ko)")
                continue
            source = _LessonSource(m.group(1), m.group(2), path, file)
            if m.group(2) is None or m.group(2) == "en":
                if m.group(2) == "en":
                    file.error(1, "English is the default language: name the file "
                               f"{m.group(1)}.md")
                    continue
                english[m.group(1)] = source
            else:
                translated.append(source)
        order: list[str]
        if listed is None:
            order = list(english)
        else:
            order = []
            listed_ids = set()
            course_file = _File(root / "course.yaml", root, f"{prefix}/course.yaml",
                                self.problems)
            for lesson_id, line in listed:
                listed_ids.add(lesson_id)
                if lesson_id in english:
                    order.append(lesson_id)
                else:
                    course_file.error(
                        line,
                        f"lesson '{lesson_id}' is listed but {prefix}/lessons/{lesson_id}.md "
                        f"does not exist{_suggest(lesson_id, list(english))}",
                    )
            for lesson_id, source in english.items():
                if lesson_id not in listed_ids:
                    source.file.error(
                        1, f"lesson '{lesson_id}' is not listed in {prefix}/course.yaml "
                        "(add it to lessons: there)"
                    )
        for lesson_id in order:
            self._english_lesson(english[lesson_id])
            if lesson_id not in self.lessons:
                self.broken_lessons.add(lesson_id)
        self.facts_on = root.resolve() not in self.skip_facts_of
        for path in self._entries(root, "quizzes", prefix):
            if not path.name.startswith(".") and path.suffix in (".yaml", ".yml"):
                file = _File(path, root, f"{prefix}/quizzes/{path.name}", self.problems)
                if CONTROL_CHARACTERS.search(path.name):
                    file.error(1, "the file name holds a control character; rename the file")
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

    def _read(self, file: _File) -> str | None:
        self.files += 1
        try:
            data = read_content_file(file.path, file.root, MAX_FILE_BYTES)
        except ContentFileError as error:
            reason = str(error)
            if not reason.startswith("file is"):
                reason = f"cannot read the file: {reason}"
            file.error(1, reason)
            return None
        if data.startswith(_BOM):
            file.error(1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            file.error(
                line, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
            )
            return None
        text = text.replace("\r\n", "\n")
        return self._neutralised(file, text, 1)

    def _neutralised(self, file: _File, text: str, first_line: int) -> str:
        """``text`` with control characters made visible; each one found is a problem."""
        by_line: dict[int, list[str]] = {}
        line, counted = first_line, 0
        for match in CONTROL_CHARACTERS.finditer(text):
            line += text.count("\n", counted, match.start())
            counted = match.start()
            if line not in by_line and len(by_line) == MAX_CONTROL_REPORTS:
                file.error(line, "more lines with control characters follow (not listed)")
                break
            chars = by_line.setdefault(line, [])
            if match.group() not in chars:
                chars.append(match.group())
        if not by_line:
            return text
        for line, chars in by_line.items():
            named = ", ".join(describe_control(char) for char in chars)
            plural = "s" if len(chars) > 1 else ""
            file.error(line, f"control character{plural} {named} in the text: terminals obey "
                       f"{'these' if plural else 'it'}; remove {'them' if plural else 'it'}")
        return neutralise(text)

    def _yaml(self, text: str, file: _File, offset: int = 0) -> Any:
        try:
            parsed = parse_yaml(text, offset)
        except YamlSyntaxError as error:
            file.error(error.line, f"YAML syntax error: {error.message}")
            return _FAILED
        for line, message in parsed.problems:
            file.error(line, message)
        for line, text in parsed.controls:
            self._neutralised(file, text, line)
        return parsed.value

    # -- field helpers (each reports its own problem and returns _FAILED)

    def _mapping(self, file: _File, value: Any, line: int, what: str) -> YMap | Any:
        if isinstance(value, YMap):
            return value
        if not isinstance(value, Tagged):
            file.error(line, f"{what} must be a mapping (key: value lines), got {_describe(value)}")
        return _FAILED

    def _keys(
        self,
        file: _File,
        node: YMap,
        required: frozenset[str],
        allowed: frozenset[str],
        what: str,
        hints: dict[str, str] | None = None,
    ) -> bool:
        """Report missing and unknown keys; True when none is missing."""
        keys = node.keys()
        ok = True
        missing = required - keys
        if missing:
            ok = False
            for key in sorted(missing, key=_field_rank):
                file.error(node.line, f"{what}: missing required field '{key}'")
        unknown = keys - allowed
        for key in unknown:
            hint = (hints or {}).get(key)
            if hint is None:
                hint = f"unknown field '{key}'{_suggest(key, sorted(allowed))}"
            file.error(node.key_lines[key], hint)
        return ok

    def _record(self, file: _File, value: Any, line: int, what: str) -> tuple[YMap | Any, bool]:
        """A nested mapping of :data:`_RECORDS` with its keys checked: (mapping or _FAILED,
        True when it is a mapping holding every required key)."""
        node = self._mapping(file, value, line, what)
        if node is _FAILED:
            return _FAILED, False
        required, optional = _RECORDS[what]
        return node, self._keys(file, node, required, required | optional, what)

    def _text(self, file: _File, key: str, value: Any, line: int) -> LocalText | Any:
        if type(value) is str:
            text = value.strip()
            if text:
                return LocalText({"en": text})
            file.error(line, f"{key}: must not be empty")
            return _FAILED
        if isinstance(value, YMap):
            translations: dict[str, str] = {}
            ok = True
            for lang, text in value.items():
                lang_line = value.key_lines[lang]
                if not isinstance(lang, str) or not _LANG.match(lang):
                    file.error(lang_line, f"{key}: {lang!r} is not a 2-letter language code "
                               "(like en or ko)")
                    ok = False
                elif type(text) is not str:
                    if not isinstance(text, Tagged):
                        file.error(lang_line, f"{key}.{lang}: expected text, got "
                                   f"{_describe(text)}")
                    ok = False
                elif not text.strip():
                    file.error(lang_line, f"{key}.{lang}: must not be empty")
                    ok = False
                else:
                    translations[lang] = text.strip()
            if "en" not in value:
                file.error(line, f"{key}: a translated text needs an 'en' entry")
                return _FAILED
            return LocalText(translations) if ok else _FAILED
        if not isinstance(value, Tagged):
            extra = " (put it in quotes)" if _is_number(value) or isinstance(value, bool) else ""
            file.error(line, f"{key}: expected text or a map like {{en: ..., ko: ...}}, got "
                       f"{_describe(value)}{extra}")
        return _FAILED

    def _ident(self, file: _File, key: str, value: Any, line: int) -> str | Any:
        if type(value) is str and _ID.match(value):
            return value
        if not isinstance(value, Tagged):
            file.error(line, f"{key}: {_describe(value)} is not a valid id (use lowercase "
                       "letters, digits and '-', e.g. sigmoid-range)")
        return _FAILED

    def _string_list(self, file: _File, key: str, value: Any, line: int) -> tuple[str, ...] | Any:
        if value is None:
            return ()
        if not isinstance(value, YList):
            if not isinstance(value, Tagged):
                file.error(line, f"{key}: expected a list like [a, b], got {_describe(value)}")
            return _FAILED
        out = []
        for item, item_line in zip(value, value.item_lines, strict=True):
            if type(item) is not str or not item.strip():
                if not isinstance(item, Tagged):
                    file.error(item_line, f"{key}: each entry must be text, got "
                               f"{_describe(item)}")
                return _FAILED
            out.append(item.strip())
        return tuple(out)

    def _number(
        self, file: _File, key: str, value: Any, line: int, allow_text: bool = True
    ) -> float | Any:
        kind = type(value)
        if _is_number(value):
            number = _finite(value)
            if number is not None:
                return number
            file.error(line, f"{key}: must be a finite number, got {_shown_number(value)}")
            return _FAILED
        if allow_text and kind is str:
            parsed = _parse_text_number(value)
            if type(parsed) is float:
                return parsed
            file.error(line, f"{key}: {value!r} is not a number: {parsed}")
            return _FAILED
        if not isinstance(value, Tagged):
            file.error(line, f"{key}: expected a number, got {_describe(value)}")
        return _FAILED

    def _activation(self, file: _File, key: str, value: Any, line: int) -> Activation | Any:
        if type(value) is not str:
            if not isinstance(value, Tagged):
                file.error(line, f"{key}: expected an activation name like sigmoid, got "
                           f"{_describe(value)}")
            return _FAILED
        if value not in self._activation_cache:
            from acttutor.core.activations import ActivationError, get_activation

            act: Activation | None
            try:
                act = get_activation(value)
                # Content names activations exactly as the registry does.
                if act.name != value:
                    self._activation_errors[value] = (
                        f"write the registry name '{act.name}', not {value!r}"
                    )
                    act = None
            except ActivationError as error:
                act = None
                self._activation_errors[value] = str(error)
            self._activation_cache[value] = act
        act = self._activation_cache[value]
        if act is None:
            file.error(line, f"{key}: {self._activation_errors[value]}")
            return _FAILED
        return act

    def _params(
        self, file: _File, act: Activation, value: Any, line: int, key: str = "params"
    ) -> dict[str, float | str] | Any:
        """Parameter overrides checked by the engine; returns only the given (coerced) ones."""
        if value is None:
            return {}
        if not isinstance(value, YMap):
            if not isinstance(value, Tagged):
                file.error(line, f"{key}: expected a mapping like {{alpha: 1.5}}, got "
                           f"{_describe(value)}")
            return _FAILED
        if not value:
            return {}
        try:
            cache_key = (act.name, *sorted(value.items()))
            hash(cache_key)
        except TypeError:
            cache_key = None
        if cache_key is not None and cache_key in self._params_cache:
            cached = self._params_cache[cache_key]
            if isinstance(cached, dict):
                return cached
        from acttutor.core.activations import ActivationError

        given: dict[str, float | str] = {}
        ok = True
        for name, raw in value.items():
            name_line = value.key_lines[name]
            if isinstance(raw, Tagged):
                ok = False
                continue
            if not isinstance(raw, (str, int, float)) or isinstance(raw, str) and len(raw) > 40:
                # Checked before the engine turns the value into text for its message.
                file.error(name_line, f"{key}: {act.name}: parameter {name} must be a number "
                           f"or a short name, not {_describe(raw)}")
                ok = False
                continue
            try:
                param = act.param(str(name))
                given[param.name] = param.coerce(raw, act.name)
            except ActivationError as error:
                file.error(name_line, f"{key}: {error}")
                ok = False
        if not ok:
            return _FAILED
        try:
            act.resolve_params(given)
        except ActivationError as error:
            file.error(line, f"{key}: {error}")
            return _FAILED
        if cache_key is not None:
            self._params_cache[cache_key] = given
        return given

    def _of(self, file: _File, node: YMap, key: str = "of") -> Of | Any:
        value = node.get(key, "value")
        if value in _OF and type(value) is str:
            return value
        if not isinstance(value, Tagged):
            file.error(node.key_lines.get(key, node.line),
                       f"{key}: must be 'value' or 'derivative', got {_describe(value)}")
        return _FAILED

    # -- course.yaml

    def _course_file(
        self, root: Path, prefix: str, primary: bool
    ) -> list[tuple[str, int]] | None:
        """Parse course.yaml; the listed lesson ids with their lines (None: no listing)."""
        path = root / "course.yaml"
        file = _File(path, root, f"{prefix}/course.yaml", self.problems)
        if not exists(path):
            if primary:
                file.error(1, "file not found: a course needs course.yaml with format_version, "
                           "title and lessons")
            return None
        text = self._read(file)
        if text is None:
            return [] if primary else None
        node = self._yaml(text, file)
        if node is _FAILED:
            return [] if primary else None
        node = self._mapping(file, node, 1, "course.yaml")
        if node is _FAILED:
            return [] if primary else None
        required = frozenset({"format_version", "title", "lessons"} if primary else
                             {"format_version"})
        self._keys(file, node, required, frozenset({"format_version", "title", "lessons"}),
                   "course.yaml")
        self._format_version(file, node)
        if "title" in node:
            title = self._text(file, "title", node["title"], node.key_lines["title"])
            if title is not _FAILED and (primary or self.title is None):
                self.title = title
        if "lessons" not in node:
            return [] if primary else None
        value, line = node["lessons"], node.key_lines["lessons"]
        if value is None:
            return []
        if not isinstance(value, YList):
            if not isinstance(value, Tagged):
                file.error(line, f"lessons: expected a list of lesson ids, got {_describe(value)}")
            return []
        listed: list[tuple[str, int]] = []
        seen: dict[str, int] = {}
        for item, item_line in zip(value, value.item_lines, strict=True):
            lesson_id = self._ident(file, "lessons", item, item_line)
            if lesson_id is _FAILED:
                continue
            if lesson_id in seen:
                file.error(item_line, f"lessons: '{lesson_id}' is listed twice (first at line "
                           f"{seen[lesson_id]})")
                continue
            seen[lesson_id] = item_line
            listed.append((lesson_id, item_line))
        return listed

    def _format_version(self, file: _File, node: YMap) -> None:
        if "format_version" not in node:
            return
        value = node["format_version"]
        if value == FORMAT_VERSION and _is_number(value):
            return
        if not isinstance(value, Tagged):
            file.error(node.key_lines["format_version"],
                       f"format_version: {_describe(value)} is not supported; this acttutor "
                       f"reads format_version: {FORMAT_VERSION}")

    # -- lessons

    def _split_markdown(self, file: _File) -> tuple[Any, list[str], int] | None:
        """(front matter value, body lines, line number of the first body line)."""
        text = self._read(file)
        if text is None:
            return None
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_LESSON_BYTES:
            file.error(1, f"the lesson is {size / 1024:.0f} KiB; the limit is "
                       f"{MAX_LESSON_BYTES // 1024} KiB (split it into two lessons)")
            return None
        lines = text.split("\n")
        if lines[0].rstrip() != "---":
            file.error(1, "a lesson starts with front matter: a '---' line, then id, title, "
                       "summary, activations, then another '---' line")
            return None
        end = next((k for k in range(1, len(lines)) if lines[k].rstrip() in ("---", "...")), 0)
        if not end:
            file.error(1, "the front matter is not closed: add a '---' line after it")
            return None
        node = self._yaml("\n".join(lines[1:end]), file, offset=1)
        if node is _FAILED:
            return None
        if node is None:
            file.error(1, "the front matter is empty: it needs id, title, summary and "
                       "activations")
            return None
        node = self._mapping(file, node, 2, "the front matter")
        if node is _FAILED:
            return None
        return node, lines[end + 1 :], end + 2

    def _sections(
        self, file: _File, body: list[str], first_line: int
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
                file.error(current_line, f"section id '{current_id}' is used twice in this "
                           f"lesson (first at line {lines_of[current_id]}); give one a "
                           "{#other-id}")
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
                        if not _ID.match(section_id):
                            file.error(number, f"section id '{section_id}' must be lowercase "
                                       "letters, digits and '-'")
                            section_id = f"\0{number}"
                    else:
                        section_id = _slug(title)
                        if not section_id:
                            file.error(number, f"the heading {title!r} gives no section id; "
                                       "add one like {#my-section}")
                            section_id = f"\0{number}"
                    current_id, current_title, current_line = section_id, title, number
                    continue
                html = _HTML.search(_CODE_SPAN.sub("", line))
                if html:
                    file.error(number, f"raw HTML ({html.group()!r}) is not shown; write "
                               "Markdown instead")
            chunk.append(line)
        close()
        if len(sections) > MAX_SECTIONS:
            file.error(sections[MAX_SECTIONS].line, f"the lesson has {len(sections)} sections; "
                       f"the limit is {MAX_SECTIONS} (split it into two lessons)")
        return tuple(s for s in sections if not s.id.startswith("\0")), lines_of

    def _lesson_front(
        self, file: _File, node: YMap, translation: bool
    ) -> dict[str, Any] | None:
        required = frozenset({"id", "title"} if translation else
                             {"id", "title", "summary", "activations"})
        allowed = frozenset({"id", "title", "summary", "activations", "params", "concepts"})
        ok = self._keys(file, node, required, allowed, "front matter")
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
                        file.error(kl[key], f"{key}: in a translation, {key} is plain text in "
                                   f"that language, got {_describe(value)}")
                        out[key] = _FAILED
                else:
                    out[key] = self._text(file, key, node[key], kl[key])
        acts: list[Activation] = []
        if "activations" in node:
            value, line = node["activations"], kl["activations"]
            names = self._string_list(file, "activations", value, line)
            if names is not _FAILED and not names:
                file.error(line, "activations: list at least one activation to plot")
                names = _FAILED
            if names is not _FAILED:
                for name, item_line in zip(names, value.item_lines, strict=True):
                    act = self._activation(file, "activations", name, item_line)
                    if act is _FAILED:
                        names = _FAILED
                    else:
                        acts.append(act)
            out["activations"] = names
        if "params" in node:
            out["params"] = self._lesson_params(file, node["params"], kl["params"], acts,
                                                 "activations" in node)
        if "concepts" in node:
            out["concepts"] = self._string_list(file, "concepts", node["concepts"],
                                                kl["concepts"])
        if not ok or any(v is _FAILED for v in out.values()):
            return None
        return out

    def _lesson_params(
        self, file: _File, value: Any, line: int, acts: list[Activation], listed: bool
    ) -> dict[str, dict[str, float | str]] | Any:
        if value is None:
            return {}
        if not isinstance(value, YMap):
            if not isinstance(value, Tagged):
                file.error(line, f"params: expected a mapping of activation -> parameters, got "
                           f"{_describe(value)}")
            return _FAILED
        by_name = {act.name: act for act in acts}
        out: dict[str, dict[str, float | str]] = {}
        ok = True
        for name, params in value.items():
            name_line = value.key_lines[name]
            act = by_name.get(name) if isinstance(name, str) else None
            if act is None:
                if listed:
                    file.error(name_line, f"params: '{name}' is not one of this lesson's "
                               f"activations ({', '.join(by_name) or 'none'})")
                ok = False
                continue
            given = self._params(file, act, params, name_line, key=f"params.{name}")
            if given is _FAILED:
                ok = False
            else:
                out[name] = given
        return out if ok else _FAILED

    def _english_lesson(self, source: _LessonSource) -> None:
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
            file.error(node.key_lines["id"], f"id '{lesson_id}' does not match the file name "
                       f"(expected id: {source.lesson_id}, or rename the file)")
            return
        previous = self.lessons.get(lesson_id)
        if previous is not None:
            file.error(node.key_lines["id"], f"duplicate lesson id '{lesson_id}' (also in "
                       f"{previous.file.shown})")
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
        self.lessons[lesson_id] = _EnglishLesson(lesson, file, node.key_lines.get(
            "activations", 1), section_lines)
        self.lesson_order.append(lesson_id)

    def _translation(self, source: _LessonSource) -> None:
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
                file.error(1, f"translation of a lesson that does not exist: lessons/"
                           f"{source.lesson_id}.md is missing")
            return
        if front["id"] != english.lesson.id:
            file.error(node.key_lines["id"], f"id '{front['id']}' differs from its English "
                       f"twin's id '{english.lesson.id}' ({english.file.shown})")
            return
        ok = True
        if "activations" in front and front["activations"] != english.lesson.activations:
            file.error(node.key_lines["activations"], "activations differ from the English "
                       "lesson's; leave them out of a translation")
            ok = False
        if "params" in front and front["params"] != dict(english.lesson.params):
            file.error(node.key_lines["params"], "params differ from the English lesson's; "
                       "leave them out of a translation")
            ok = False
        english_ids = [s.id for s in english.lesson.sections]
        ids = {s.id for s in sections}
        missing = [i for i in english_ids if i not in ids]
        if missing:
            file.error(1, "sections differ from the English lesson: missing "
                       + ", ".join(f"'{i}'" for i in missing)
                       + " (give translated headings the English ids with {#id})")
            ok = False
        for section in sections:
            if section.id not in english.section_lines:
                file.error(section.line, f"section '{section.id}' is not in the English "
                           f"lesson ({english.file.shown}); use one of its ids with {{#id}}")
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

    # -- banks

    def _bank(self, path: Path, file: _File) -> None:
        text = self._read(file)
        if text is None:
            return
        node = self._yaml(text, file)
        if node is _FAILED:
            return
        if node is None:
            file.error(1, "the bank is empty: it needs format_version, bank, lesson and "
                       "questions")
            return
        node = self._mapping(file, node, 1, "a quiz bank")
        if node is _FAILED:
            return
        kl = node.key_lines
        self._keys(file, node, frozenset({"format_version", "bank", "lesson", "questions"}),
                   frozenset({"format_version", "bank", "lesson", "questions"}), "quiz bank")
        self._format_version(file, node)
        bank_id = _FAILED
        if "bank" in node:
            bank_id = self._ident(file, "bank", node["bank"], kl["bank"])
            if bank_id is not _FAILED:
                previous = self.bank_ids.get(bank_id)
                if previous is not None:
                    file.error(kl["bank"], f"duplicate bank id '{bank_id}' (also at {previous})")
                else:
                    self.bank_ids[bank_id] = file.at(kl["bank"])
        bank_lesson = _FAILED
        if "lesson" in node:
            bank_lesson = self._ident(file, "lesson", node["lesson"], kl["lesson"])
        questions: list[Question] = []
        if "questions" in node:
            value, line = node["questions"], kl["questions"]
            if value is None:
                file.error(line, "questions: the list is empty")
            elif not isinstance(value, YList):
                if not isinstance(value, Tagged):
                    file.error(line, f"questions: expected a list of questions, got "
                               f"{_describe(value)}")
            elif not value:
                file.error(line, "questions: the list is empty")
            else:
                lesson_line = kl.get("lesson", node.line)
                for item, item_line in zip(value, value.item_lines, strict=True):
                    question = self._question(file, item, item_line, bank_id, bank_lesson,
                                              lesson_line)
                    if question is not None:
                        questions.append(question)
        if bank_id is not _FAILED and bank_lesson is not _FAILED:
            self.banks.append(Bank(bank_id, bank_lesson, path, tuple(questions)))

    def _question(
        self,
        file: _File,
        node: Any,
        item_line: int,
        bank_id: str | Any,
        bank_lesson: str | Any,
        bank_lesson_line: int,
    ) -> Question | None:
        if type(node) is not YMap:
            if not isinstance(node, Tagged):
                file.error(item_line, f"a question must be a mapping (id: ..., type: ...), got "
                           f"{_describe(node)}")
            return None
        get = node.get
        qid = get("id")
        qtype = get("type")
        fields = _TYPE_FIELDS.get(qtype) if type(qtype) is str else None
        ids = self.question_ids
        if type(qid) is str and qid not in ids and _ID_MATCH(qid):
            ids[qid] = (file.shown, node.key_lines["id"])
            ok = True
        else:
            self._bad_question_id(file, node, qid)
            ok = False
        if fields is None or type(qtype) is not str:
            self._bad_question_type(file, node, qtype, qid if ok else None)
            return None
        required, allowed = fields
        keys = node.keys()
        if not (required <= keys and keys <= allowed):
            hints = None
            if "check" not in allowed:
                hints = {"check": "check: only numeric and choice questions can declare check "
                         f"(this is a {qtype} question)"}
            self._keys(file, node, required, allowed,
                       f"question '{qid}'" if ok else "question", hints)
            ok = False
        prompt = get("prompt")
        if type(prompt) is str and (stripped := prompt.strip()):
            prompt = LocalText({"en": stripped})
        elif "prompt" in node:
            prompt = self._text(file, "prompt", prompt, node.key_lines["prompt"])
            ok = ok and prompt is not _FAILED
        else:
            prompt = _FAILED  # missing: reported with the other keys
        explanation = get("explanation")
        if type(explanation) is str and (stripped := explanation.strip()):
            explanation = LocalText({"en": stripped})
        elif "explanation" in node:
            explanation = self._text(file, "explanation", explanation,
                                     node.key_lines["explanation"])
            ok = ok and explanation is not _FAILED
        else:
            explanation = _FAILED
        section = get("section")
        if not (type(section) is str and _ID_MATCH(section)) and "section" in node:
            self._ident(file, "section", section, node.key_lines["section"])
            ok = False
        lesson = bank_lesson
        if "lesson" in node:
            lesson = self._ident(file, "lesson", get("lesson"), node.key_lines["lesson"])
            ok = ok and lesson is not _FAILED
        tags: Any = ()
        if "tags" in node:
            tags = self._string_list(file, "tags", get("tags"), node.key_lines["tags"])
            ok = ok and tags is not _FAILED
        kind = _QUESTION_TYPES[qtype]
        key_lines = node.key_lines
        got: dict[str, Any] = {"prompt": prompt, "prompt line": key_lines.get("prompt")}
        for spec in kind.fields:
            if spec.name in node:
                got[spec.name] = spec.read(self, file, spec.name, node[spec.name],
                                           key_lines[spec.name], got)
            else:
                got[spec.name] = _FAILED if spec.required else spec.default
        fields_ok = all(got[spec.name] is not _FAILED for spec in kind.fields)
        fact = kind.finish(self, file, node, got) if fields_ok and kind.finish else None
        if type(section) is str and _ID_MATCH(section) and lesson is not _FAILED:
            # The lesson/section reference is checked even when the rest of the question is
            # broken, so a bad answer and an unknown section are both reported in one run.
            self.refs.append((file, lesson, key_lines.get("lesson", bank_lesson_line), section,
                              key_lines.get("section", node.line)))
        if not fields_ok or fact is False or not ok or bank_id is _FAILED or lesson is _FAILED:
            return None
        # ok holds only when both are valid ids; mypy cannot see that through ``ok``.
        if type(qid) is not str or type(section) is not str:
            return None
        question = kind.model(
            id=qid,
            lesson=lesson,
            section=section,
            prompt=prompt,
            explanation=explanation,
            bank=bank_id,
            path=file.path,
            line=item_line,
            tags=tags,
            **{spec.name: got[spec.name] for spec in kind.fields},
        )
        if fact is not None and self.facts_on:
            fact()
        return question

    def _bad_question_id(self, file: _File, node: YMap, qid: Any) -> None:
        if "id" not in node:
            file.error(node.line, "question: missing required field 'id'")
        elif type(qid) is not str or not _ID_MATCH(qid):
            self._ident(file, "id", qid, node.key_lines["id"])
        else:
            shown, line = self.question_ids[qid]
            file.error(node.key_lines["id"],
                       f"duplicate question id '{qid}' (also at {shown}:{line})")

    def _bad_question_type(self, file: _File, node: YMap, qtype: Any, qid: str | None) -> None:
        if "type" not in node:
            what = f"question '{qid}'" if qid else "question"
            file.error(node.line, f"{what}: missing required field 'type' (one of "
                       f"{', '.join(_TYPE_FIELDS)})")
        elif not isinstance(qtype, Tagged):
            shown = f"'{qtype}'" if type(qtype) is str else _describe(qtype)
            file.error(node.key_lines["type"], f"type: unknown question type {shown}"
                       f"{_suggest(qtype, list(_TYPE_FIELDS))}; use one of "
                       f"{', '.join(_TYPE_FIELDS)}")

    # -- per-type field readers: (file, key, value, line, fields read so far) -> value or _FAILED

    def _choices(self, file: _File, key: str, value: Any, line: int, got: dict[str, Any]
                 ) -> tuple[Choice, ...] | Any:
        if type(value) is not YList:
            if not isinstance(value, Tagged):
                file.error(line, f"choices: expected a list, got {_describe(value)}")
            return _FAILED
        if not 2 <= len(value) <= MAX_CHOICES:
            file.error(line, f"choices: give 2 to {MAX_CHOICES} choices, not {len(value)}")
            return _FAILED
        choices: list[Choice] = []
        seen: dict[str, int] = {}
        ok = True
        for number, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True), 1):
            feedback = None
            name = f"choice {number}"
            if type(item) is str and (stripped := item.strip()):
                text = LocalText({"en": stripped})
            elif type(item) is YMap and ("text" in item or "feedback" in item):
                for k in item.keys() - _CHOICE_FIELDS:
                    file.error(item.key_lines[k], f"{name}: unknown field '{k}' (a choice has "
                               "text and feedback)")
                    ok = False
                if "text" not in item:
                    file.error(item_line, f"{name}: missing required field 'text'")
                    ok = False
                    continue
                text = self._text(file, name, item["text"], item.key_lines["text"])
                if "feedback" in item:
                    feedback = self._text(file, f"{name} feedback", item["feedback"],
                                          item.key_lines["feedback"])
                    ok = ok and feedback is not _FAILED
            else:
                text = self._text(file, name, item, item_line)
            if text is _FAILED:
                ok = False
                continue
            norm = text.translations["en"].casefold()
            if norm in seen:
                file.error(item_line, f"choice {number} repeats choice {seen[norm]} "
                           f"({text.en!r})")
                ok = False
                continue
            seen[norm] = number
            choices.append(Choice(text, feedback))
        return tuple(choices) if ok else _FAILED

    def _answer_index(self, file: _File, key: str, value: Any, line: int, got: dict[str, Any]
                      ) -> int | Any:
        """A 1-based choice number -> 0-based index, checked against the choices read."""
        if not _is_int(value):
            if not isinstance(value, Tagged):
                file.error(line, f"{key}: expected the number of the right choice (1-based), "
                           f"got {_describe(value)}")
            return _FAILED
        count = _count(got.get("choices"))
        if count is not None and not 1 <= value <= count:
            file.error(line, f"{key}: {_shown_number(value)} is out of range: there are "
                       f"{count} choices (answers count from 1)")
            return _FAILED
        return value - 1

    def _answers(self, file: _File, key: str, value: Any, line: int, got: dict[str, Any]
                 ) -> frozenset[int] | Any:
        if not isinstance(value, YList):
            if not isinstance(value, Tagged):
                file.error(line, f"answers: expected a list of choice numbers like [1, 3], got "
                           f"{_describe(value)}")
            return _FAILED
        if not value:
            file.error(line, "answers: list at least one right choice")
            return _FAILED
        count = _count(got.get("choices"))
        answers: set[int] = set()
        ok = True
        for item, item_line in zip(value, value.item_lines, strict=True):
            if not _is_int(item):
                if not isinstance(item, Tagged):
                    file.error(item_line, f"answers: expected a choice number (1-based), got "
                               f"{_describe(item)}")
                ok = False
            elif count is not None and not 1 <= item <= count:
                file.error(item_line, f"answers: {_shown_number(item)} is out of range: there "
                           f"are {count} choices (answers count from 1)")
                ok = False
            elif item - 1 in answers:
                file.error(item_line, f"answers: {_shown_number(item)} is listed twice")
                ok = False
            else:
                answers.add(item - 1)
        return frozenset(answers) if ok else _FAILED

    def _bool_answer(self, file: _File, key: str, value: Any, line: int, got: dict[str, Any]
                     ) -> bool | Any:
        if isinstance(value, bool):
            return value
        if not isinstance(value, Tagged):
            file.error(line, f"answer: expected true or false, got {_describe(value)}")
        return _FAILED

    def _bool_feedback(self, file: _File, key: str, value: Any, line: int, got: dict[str, Any]
                       ) -> dict[bool, LocalText] | Any:
        if not isinstance(value, YMap):
            if not isinstance(value, Tagged):
                file.error(line, "feedback: expected {true: ..., false: ...}, got "
                           f"{_describe(value)}")
            return _FAILED
        feedback: dict[bool, LocalText] = {}
        ok = True
        for flag_key, text in value.items():
            key_line = value.key_lines[flag_key]
            flag = flag_key if isinstance(flag_key, bool) else _BOOL_WORDS.get(
                str(flag_key).lower())
            if flag is None:
                file.error(key_line, f"feedback: keys are true and false, not {flag_key!r}")
                ok = False
                continue
            shown = self._text(file, f"feedback.{str(flag).lower()}", text, key_line)
            if shown is _FAILED:
                ok = False
            else:
                feedback[flag] = shown
        return feedback if ok else _FAILED

    def _tolerance(self, file: _File, key: str, value: Any, line: int, got: dict[str, Any]
                   ) -> float | Any:
        tolerance = self._number(file, key, value, line)
        if tolerance is not _FAILED and not tolerance > 0:
            file.error(line, f"tolerance: must be greater than 0, got {_shown_number(value)}")
            return _FAILED
        return tolerance

    def _activation_names(self, file: _File, key: str, value: Any, line: int,
                          got: dict[str, Any]) -> tuple[str, ...] | Any:
        names = self._string_list(file, key, value, line)
        if names is _FAILED:
            return _FAILED
        if not 2 <= len(names) <= MAX_CHOICES:
            file.error(line, f"choices: give 2 to {MAX_CHOICES} activation names, not "
                       f"{len(names)}")
            return _FAILED
        seen: dict[str, int] = {}
        ok = True
        for number, (name, item_line) in enumerate(zip(names, value.item_lines, strict=True), 1):
            if self._activation(file, f"choice {number}", name, item_line) is _FAILED:
                ok = False
            elif name in seen:
                file.error(item_line, f"choice {number} repeats choice {seen[name]} ('{name}')")
                ok = False
            else:
                seen[name] = number
        return names if ok else _FAILED

    def _template(self, file: _File, key: str, value: Any, line: int, got: dict[str, Any]
                  ) -> GeneratedTemplate | Any:
        template, ok = self._record(file, value, line, "template")
        if template is _FAILED:
            return _FAILED
        tkl = template.key_lines
        act: Any = _FAILED
        if "activation" in template:
            act = self._activation(file, "template.activation", template["activation"],
                                   tkl["activation"])
            if act is not _FAILED and act.kind != "elementwise":
                file.error(tkl["activation"], f"template.activation: {act.name} is a vector "
                           "function; generated questions need an elementwise activation")
                act = _FAILED
        params: Any = _FAILED
        if act is not _FAILED:
            params = self._params(file, act, template.get("params"), tkl.get("params", line),
                                  "template.params")
        of = self._of(file, template)
        decimals: Any = template.get("decimals", 3)
        if not (_is_whole(decimals) and 0 <= decimals <= MAX_DECIMALS):
            if not isinstance(decimals, Tagged):
                file.error(tkl["decimals"], f"template.decimals: expected a whole number "
                           f"from 0 to {MAX_DECIMALS}, got {_describe(decimals)}")
            decimals = _FAILED
        grid = self._grid(file, template["x"], tkl["x"]) if "x" in template else _FAILED
        prompt = got["prompt"]
        if prompt is not _FAILED and any("{answer}" in t for t in prompt.translations.values()):
            file.error(got["prompt line"], "prompt: {answer} would give the answer away; use it "
                       "in the explanation only")
            ok = False
        if not ok or any(p is _FAILED for p in (act, params, of, decimals, grid)):
            return _FAILED
        x_min, x_max, x_step = grid
        return GeneratedTemplate(act.name, of, x_min, x_max, x_step, params, int(decimals))

    # -- per-type checks across fields: False when invalid, else an optional engine fact

    def _finish_choice(self, file: _File, node: YMap, got: dict[str, Any]) -> Any:
        check = got["check"]
        if check is None:
            return None
        stated = got["choices"][got["answer"]].text.en
        return lambda: self.facts.add_choice(file, check, stated)

    def _finish_numeric(self, file: _File, node: YMap, got: dict[str, Any]) -> Any:
        check, answer, tolerance = got["check"], got["answer"], got["tolerance"]
        if check is None:
            return None
        return lambda: self.facts.add_numeric(file, check, answer, tolerance)

    def _finish_plot(self, file: _File, node: YMap, got: dict[str, Any]) -> Any:
        names, answer, spec = got["choices"], got["answer"], got["plot"]
        if names[answer] != spec.activation:
            file.error(node.key_lines["answer"], f"answer: choice {answer + 1} is "
                       f"'{names[answer]}' but the plot shows '{spec.activation}'")
            return False
        return None

    def _finish_generated(self, file: _File, node: YMap, got: dict[str, Any]) -> Any:
        spec = got["template"]
        return lambda: self.facts.add_template(file, node.key_lines["template"], spec)

    def _plot_spec(self, file: _File, value: Any, line: int) -> PlotSpec | Any:
        node, ok = self._record(file, value, line, "plot")
        if not ok:
            return _FAILED
        kl = node.key_lines
        act = self._activation(file, "plot.activation", node["activation"], kl["activation"])
        if act is _FAILED:
            return _FAILED
        params = self._params(file, act, node.get("params"), kl.get("params", line),
                              "plot.params")
        of = self._of(file, node)
        x_range: Any = tuple(act.plot_range)
        if "range" in node:
            x_range = self._range(file, node["range"], kl["range"])
        if params is _FAILED or of is _FAILED or x_range is _FAILED:
            return _FAILED
        return PlotSpec(act.name, params, of, x_range)

    def _range(self, file: _File, value: Any, line: int) -> tuple[float, float] | Any:
        if (
            isinstance(value, YList)
            and len(value) == 2
            and all(_is_number(v) and _finite(v) is not None for v in value)
        ):
            low, high = float(value[0]), float(value[1])
            if max(abs(low), abs(high)) > MAX_COORDINATE:
                file.error(line, f"range: keep both ends within ±{MAX_COORDINATE:g}, got "
                           f"[{low:g}, {high:g}]")
                return _FAILED
            if low < high:
                return (low, high)
            file.error(line, f"range: the first number must be smaller than the second, got "
                       f"[{value[0]}, {value[1]}]")
            return _FAILED
        if not isinstance(value, Tagged):
            file.error(line, f"range: expected two numbers like [-4, 4], got {_describe(value)}")
        return _FAILED

    def _grid(self, file: _File, value: Any, line: int) -> tuple[float, float, float] | Any:
        node, ok = self._record(file, value, line, "template.x")
        if not ok:
            return _FAILED
        numbers = [self._number(file, f"template.x.{k}", node[k], node.key_lines[k])
                   for k in ("min", "max", "step")]
        if any(n is _FAILED for n in numbers):
            return _FAILED
        x_min, x_max, x_step = numbers
        if x_max < x_min:
            file.error(node.key_lines["max"], f"template.x: max ({x_max:g}) is below min "
                       f"({x_min:g})")
            return _FAILED
        if not x_step > 0:
            file.error(node.key_lines["step"], "template.x.step: must be greater than 0")
            return _FAILED
        steps = (x_max - x_min) / x_step  # inf when the span itself overflows
        count = grid_size(x_min, x_max, x_step) if steps < 1e15 else 0
        if not 0 < count <= MAX_GRID:
            shown = f"{count} x values is" if count else "far more than 10^15 x values is"
            file.error(line, f"template.x: {shown} too many (at most {MAX_GRID}); "
                       "use a larger step")
            return _FAILED
        return (x_min, x_max, x_step)

    def _check_spec(self, file: _File, value: Any, line: int) -> CheckSpec | Any:
        node, ok = self._record(file, value, line, "check")
        if not ok:
            return _FAILED
        kl = node.key_lines
        act = self._activation(file, "check.activation", node["activation"], kl["activation"])
        if act is _FAILED:
            return _FAILED
        params = self._params(file, act, node.get("params"), kl.get("params", line),
                              "check.params")
        of = self._of(file, node)
        x_raw, x_line = node["x"], kl["x"]
        index = None
        x: Any
        if act.kind == "elementwise":
            x = self._number(file, "check.x", x_raw, x_line)
            if "index" in node:
                file.error(kl["index"], f"check.index: only for vector functions; {act.name} "
                           "acts elementwise")
                return _FAILED
        else:
            if not isinstance(x_raw, YList) or not x_raw:
                if not isinstance(x_raw, Tagged):
                    file.error(x_line, f"check.x: {act.name} takes a vector: write x as a list "
                               f"like [2.0, 1.0, 0.1], not {_describe(x_raw)}")
                return _FAILED
            items = [self._number(file, "check.x", v, x_line) for v in x_raw]
            x = _FAILED if any(v is _FAILED for v in items) else tuple(items)
            if "index" not in node:
                file.error(line, f"check: {act.name} gives a vector: add index (0-based) to "
                           "pick the component")
                return _FAILED
            raw_index = node["index"]
            if not (_is_whole(raw_index)
                    and 0 <= raw_index < len(x_raw)):
                file.error(kl["index"], f"check.index: expected a 0-based position from 0 to "
                           f"{len(x_raw) - 1}, got {_describe(raw_index)}")
                return _FAILED
            index = int(raw_index)
        if params is _FAILED or of is _FAILED or x is _FAILED:
            return _FAILED
        return CheckSpec(act.name, params, x, index, of, line)

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
                    file.error(lesson_line, f"lesson: no lesson '{lesson}'"
                               f"{_suggest(lesson, known)}")
                continue
            if section not in lesson_sections:
                ids = ", ".join(lesson_sections)
                file.error(section_line,
                           f"section: lesson '{lesson}' has no section '{section}'"
                           f"{_suggest(section, list(lesson_sections))} (sections: {ids})")


@dataclass(frozen=True)
class _Field:
    """One field of a question type: its name, whether it must be given, how it is read (a
    :class:`_Loader` method ``(file, key, value, line, fields so far)``) and its default."""

    name: str
    read: Callable[..., Any]
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class _QuestionType:
    """A question type: its model, its fields in reading order, and the checks across them."""

    model: type[Question]
    fields: tuple[_Field, ...]
    finish: Callable[..., Any] | None = None


def _plain_reader(method: Callable[..., Any]) -> Callable[..., Any]:
    """A ``(file, key, value, line)`` method as a field reader (it needs no other field)."""
    return lambda loader, file, key, value, line, got: method(loader, file, key, value, line)


_L = _Loader
_CHECK = _Field("check", lambda loader, file, key, value, line, got: loader._check_spec(
    file, value, line))
_QUESTION_TYPES: dict[str, _QuestionType] = {
    "choice": _QuestionType(ChoiceQuestion, (
        _Field("choices", _L._choices, required=True),
        _Field("answer", _L._answer_index, required=True),
        _CHECK,
    ), _L._finish_choice),
    "multi": _QuestionType(MultiQuestion, (
        _Field("choices", _L._choices, required=True),
        _Field("answers", _L._answers, required=True),
    )),
    "truefalse": _QuestionType(TrueFalseQuestion, (
        _Field("answer", _L._bool_answer, required=True),
        _Field("feedback", _L._bool_feedback, default={}),
    )),
    "numeric": _QuestionType(NumericQuestion, (
        _Field("answer", _plain_reader(_L._number), required=True),
        _Field("tolerance", _L._tolerance, default=0.001),
        _Field("hint", _plain_reader(_L._text)),
        _Field("unit", _plain_reader(_L._text)),
        _CHECK,
    ), _L._finish_numeric),
    "plot": _QuestionType(PlotQuestion, (
        _Field("plot", lambda loader, file, key, value, line, got: loader._plot_spec(
            file, value, line), required=True),
        _Field("choices", _L._activation_names, required=True),
        _Field("answer", _L._answer_index, required=True),
    ), _L._finish_plot),
    "generated": _QuestionType(GeneratedQuestion, (
        _Field("template", _L._template, required=True),
    ), _L._finish_generated),
}
"""Every question type's own fields; ``id``, ``type``, ``section``, ``prompt``,
``explanation`` (required) and ``lesson``, ``tags`` are common to all."""

_TYPE_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # question type -> (required fields, allowed fields), the common ones included
    name: (_COMMON_REQUIRED | {f.name for f in kind.fields if f.required},
           _COMMON_REQUIRED | _COMMON_OPTIONAL | {f.name for f in kind.fields})
    for name, kind in _QUESTION_TYPES.items()
}


def _count(choices: Any) -> int | None:
    """How many choices were read, or None when they were missing or invalid."""
    return len(choices) if isinstance(choices, tuple) else None
