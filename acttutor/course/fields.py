"""Reading a content file's values: where a problem goes, and the field kinds all files share.

:class:`SourceFile` is a file being read (its shown path and the list its problems go to);
:class:`FieldReader` reads files (size, UTF-8, BOM, control characters, YAML) and the field kinds
every part of the format shares (mappings with their keys, ids, lists, numbers, activation names
and their parameters, ``of``). Each reader reports its own problem at the line of the offending
key or item and returns :data:`FAILED`; a value that is :class:`~.yamlmarks.Tagged` was already
reported by the YAML reader and is not reported again.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acttutor.core.i18n import _, ngettext
from acttutor.core.text import CONTROL_CHARACTERS, describe_control, neutralise
from acttutor.course.files import ContentFileError, FileTooLarge, read_content_file
from acttutor.course.problems import Problem
from acttutor.course.yamlmarks import Tagged, YamlSyntaxError, YList, YMap, parse_yaml

if TYPE_CHECKING:
    from acttutor.core.activations import Activation
    from acttutor.course.models import Of

MAX_FILE_BYTES = 4 * 1024 * 1024
FORMAT_VERSION = 1
MAX_CONTROL_REPORTS = 5
"""Lines with control characters reported per text before the rest are summed up in one."""

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
is_id = _ID.match
"""A match when the text is an id: lowercase letters, digits and '-'."""
_LANG = re.compile(r"[a-z]{2}\Z")
is_lang = _LANG.match
"""A match when the text is a 2-letter language code (en, ko)."""
_BOM = b"\xef\xbb\xbf"
_FIELD_ORDER = (
    "id type lesson section prompt choices answer answers tolerance hint unit feedback plot "
    "template check explanation tags"
).split()
"""The order in which missing fields are reported."""
_OF = ("value", "derivative")

class SourceFile:
    """A content file being read: where to report its problems."""

    __slots__ = ("path", "root", "shown", "problems")

    def __init__(self, path: Path, root: Path, shown: str, problems: list[Problem]) -> None:
        self.path = path
        self.root = root
        self.shown = neutralise(shown)
        self.problems = problems

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def reject(self, value: object, line: int, message: str, **fields: object) -> Any:
        """Report ``message`` at ``line``, formatted with ``got`` (how ``value`` reads) and
        ``fields``, unless the YAML reader already reported ``value`` (a :class:`Tagged` one);
        return :data:`FAILED`."""
        if not isinstance(value, Tagged):
            self.error(line, message.format(got=describe(value), **fields))
        return FAILED

    def at(self, line: int) -> str:
        return f"{self.shown}:{line}"


class Failed:
    """Marker for 'this value was invalid and has been reported'."""

    __slots__ = ()


FAILED: Any = Failed()


def describe(value: object) -> str:
    """How a wrong value reads in a message: ``the number 3``, ``a list``, ``nothing``."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _("the number {number}").format(number=shown_number(value))
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _("the text {text!r}").format(text=shown)
    if isinstance(value, YList):
        return _("a list")
    if isinstance(value, YMap):
        return _("a mapping")
    return _("a {type}").format(type=type(value).__name__)


def suggest(word: object, options: Sequence[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return _(" (did you mean '{word}'?)").format(word=close[0]) if close else ""


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_whole(value: object) -> bool:
    """An int, or a float with no fraction (1.0), of any size."""
    return is_int(value) or (isinstance(value, float) and value.is_integer())


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def finite(value: int | float) -> float | None:
    """``value`` as a finite float, or None (an int beyond float's range, inf, nan)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def shown_number(value: object) -> str:
    """A number as the author wrote it (``010``, not 8), in at most 40 characters
    (``1234...6789 (400 digits)``)."""
    text = getattr(value, "source", None) or str(value)
    if len(text) <= 40:
        return text
    digits = sum(ch.isdigit() for ch in text)
    return f"{text[:12]}...{text[-6:]} ({digits} digits)"


@functools.lru_cache(maxsize=4096)
def parse_text_number(text: str) -> float | str:
    """The value of a number written as text ("1/4"), or the parser's message."""
    from acttutor.core.numparse import NumberParseError, parse_number

    try:
        return parse_number(text)
    except NumberParseError as error:
        return str(error)


def field_rank(key: object) -> int:
    try:
        return _FIELD_ORDER.index(key)  # type: ignore[arg-type]
    except ValueError:
        return len(_FIELD_ORDER)



class FieldReader:
    """Reads content files and their common fields; collects problems and counts the files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.files = 0
        self._activation_cache: dict[str, Activation | None] = {}
        self._activation_errors: dict[str, str] = {}
        self._params_cache: dict[tuple[Any, ...], Any] = {}

    def _read(self, file: SourceFile) -> str | None:
        self.files += 1
        try:
            data = read_content_file(file.path, file.root, MAX_FILE_BYTES)
        except ContentFileError as error:
            reason = str(error)
            if not isinstance(error, FileTooLarge):
                reason = _("cannot read the file: {reason}").format(reason=reason)
            file.error(1, reason)
            return None
        if data.startswith(_BOM):
            file.error(1, _("file starts with a byte-order mark (BOM); save it as UTF-8 without "
                            "BOM"))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            file.error(
                line, _("not valid UTF-8 (byte 0x{data:02x}); save the file as UTF-8").format(
                    data=data[error.start])
            )
            return None
        text = text.replace("\r\n", "\n")
        return self._neutralised(file, text, 1)

    def _neutralised(self, file: SourceFile, text: str, first_line: int) -> str:
        """``text`` with control characters made visible; each one found is a problem."""
        by_line: dict[int, list[str]] = {}
        line, counted = first_line, 0
        for match in CONTROL_CHARACTERS.finditer(text):
            line += text.count("\n", counted, match.start())
            counted = match.start()
            if line not in by_line and len(by_line) == MAX_CONTROL_REPORTS:
                file.error(line, _("more lines with control characters follow (not listed)"))
                break
            chars = by_line.setdefault(line, [])
            if match.group() not in chars:
                chars.append(match.group())
        if not by_line:
            return text
        for line, chars in by_line.items():
            named = ", ".join(describe_control(char) for char in chars)
            file.error(line, ngettext(
                "control character {named} in the text: terminals obey it; remove it",
                "control characters {named} in the text: terminals obey these; remove them",
                len(chars)).format(named=named))
        return neutralise(text)

    def _yaml(self, text: str, file: SourceFile, offset: int = 0) -> Any:
        try:
            parsed = parse_yaml(text, offset)
        except YamlSyntaxError as error:
            file.error(error.line, _("YAML syntax error: {message}").format(
                message=error.message))
            return FAILED
        for line, message in parsed.problems:
            file.error(line, message)
        for line, text in parsed.controls:
            self._neutralised(file, text, line)
        return parsed.value

    # -- field helpers (each reports its own problem and returns FAILED)

    def _mapping(self, file: SourceFile, value: Any, line: int, what: str) -> YMap | Any:
        if isinstance(value, YMap):
            return value
        return file.reject(value, line, _("{what} must be a mapping (key: value lines), got "
                                          "{got}"), what=what)

    def _keys(
        self,
        file: SourceFile,
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
            for key in sorted(missing, key=field_rank):
                file.error(node.line, _("{what}: missing required field '{key}'").format(
                    what=what, key=key))
        unknown = keys - allowed
        for key in unknown:
            hint = (hints or {}).get(key)
            if hint is None:
                hint = _("unknown field '{key}'{suggestion}").format(
                    key=key, suggestion=suggest(key, sorted(allowed)))
            file.error(node.key_lines[key], hint)
        return ok

    def _ident(self, file: SourceFile, key: str, value: Any, line: int) -> str | Any:
        if type(value) is str and is_id(value):
            return value
        return file.reject(value, line, _("{key}: {got} is not a valid id (use lowercase "
                                          "letters, digits and '-', e.g. sigmoid-range)"), key=key)

    def _string_list(
        self, file: SourceFile, key: str, value: Any, line: int
    ) -> tuple[str, ...] | Any:
        if value is None:
            return ()
        if not isinstance(value, YList):
            return file.reject(value, line, _("{key}: expected a list like [a, b], got {got}"),
                               key=key)
        out = []
        for item, item_line in zip(value, value.item_lines, strict=True):
            if type(item) is not str or not item.strip():
                return file.reject(item, item_line, _("{key}: each entry must be text, got {got}"),
                                   key=key)
            out.append(item.strip())
        return tuple(out)

    def _number(
        self, file: SourceFile, key: str, value: Any, line: int, allow_text: bool = True
    ) -> float | Any:
        kind = type(value)
        if is_number(value):
            number = finite(value)
            if number is not None:
                return number
            file.error(line, _("{key}: must be a finite number, got {number}").format(
                key=key, number=shown_number(value)))
            return FAILED
        if allow_text and kind is str:
            parsed = parse_text_number(value)
            if type(parsed) is float:
                return parsed
            file.error(line, _("{key}: {value!r} is not a number: {parsed}").format(
                key=key, value=value, parsed=parsed))
            return FAILED
        return file.reject(value, line, _("{key}: expected a number, got {got}"), key=key)

    def _activation(self, file: SourceFile, key: str, value: Any, line: int) -> Activation | Any:
        if type(value) is not str:
            return file.reject(value, line, _("{key}: expected an activation name like sigmoid, "
                                              "got {got}"), key=key)
        if value not in self._activation_cache:
            from acttutor.core.activations import ActivationError, get_activation

            act: Activation | None
            try:
                act = get_activation(value)
                # Content names activations exactly as the registry does.
                if act.name != value:
                    self._activation_errors[value] = (
                        _("write the registry name '{name}', not {value!r}").format(
                            name=act.name, value=value)
                    )
                    act = None
            except ActivationError as error:
                act = None
                self._activation_errors[value] = str(error)
            self._activation_cache[value] = act
        act = self._activation_cache[value]
        if act is None:
            file.error(line, f"{key}: {self._activation_errors[value]}")
            return FAILED
        return act

    def _params(
        self, file: SourceFile, act: Activation, value: Any, line: int, key: str = "params"
    ) -> dict[str, float | str] | Any:
        """Parameter overrides checked by the engine; returns only the given (coerced) ones."""
        if value is None:
            return {}
        if not isinstance(value, YMap):
            return file.reject(value, line, _("{key}: expected a mapping like {{alpha: 1.5}}, "
                                              "got {got}"), key=key)
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
                file.error(name_line, _("{key}: {activation}: parameter {name} must be a number "
                                        "or a short name, not {got}").format(
                    key=key, activation=act.name, name=name, got=describe(raw)))
                ok = False
                continue
            try:
                param = act.param(str(name))
                given[param.name] = param.coerce(raw, act.name)
            except ActivationError as error:
                file.error(name_line, f"{key}: {error}")
                ok = False
        if not ok:
            return FAILED
        try:
            act.resolve_params(given)
        except ActivationError as error:
            file.error(line, f"{key}: {error}")
            return FAILED
        if cache_key is not None:
            self._params_cache[cache_key] = given
        return given

    def _of(self, file: SourceFile, node: YMap, key: str = "of") -> Of | Any:
        value = node.get(key, "value")
        if value in _OF and type(value) is str:
            return value
        return file.reject(value, node.key_lines.get(key, node.line), _("{key}: must be 'value' "
                                                                        "or 'derivative', got "
                                                                        "{got}"), key=key)

    def _format_version(self, file: SourceFile, node: YMap) -> None:
        if "format_version" not in node:
            return
        value = node["format_version"]
        if value == FORMAT_VERSION and is_number(value):
            return
        if not isinstance(value, Tagged):
            file.error(node.key_lines["format_version"],
                       _("format_version: {got} is not supported; this acttutor reads "
                         "format_version: {version}").format(got=describe(value),
                                                             version=FORMAT_VERSION))
