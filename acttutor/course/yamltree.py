"""YAML text -> plain Python values that remember the line of every key and list item.

Content files are small, but a generated bank set can hold tens of thousands of questions and
libyaml's composer (Python objects and two marks per node) is too slow for the check budget. So
:func:`parse_yaml` first tries a strict, line-based parser for the everyday subset of YAML that
quiz banks use: block mappings and sequences, plain / quoted / ``|`` / ``>`` scalars, one-line
flow collections and comments. The moment it meets anything else (anchors, tags, directives,
multi-line quoted or flow text, odd indentation, tabs, a syntax error...) it gives up and the file
is composed by libyaml's safe composer instead, so the result is always what a safe YAML loader
reads, errors included. Scalars are resolved with PyYAML's own YAML 1.1 implicit resolvers.

Values: a mapping is a :class:`YMap` (a dict with ``line`` and ``key_lines``), a sequence a
:class:`YList` (a list with ``line`` and ``item_lines``), scalars are ``str``, ``int``, ``float``,
``bool``, ``None`` (or a date for a YAML timestamp). A node with a tag other than the standard
safe ones is never constructed: it becomes a :class:`Tagged` value and a problem is recorded.
Lines are 1-based and shifted by ``line_offset`` (for front matter inside a Markdown file).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["YMap", "YList", "Tagged", "YamlSyntaxError", "ParsedYaml", "parse_yaml"]

MAX_NESTING = 200
"""Deeper bracket / indicator nesting than this is refused (libyaml's composer would overflow
the C stack on very deep documents)."""


class YMap(dict):  # type: ignore[type-arg]
    """A YAML mapping: a dict plus ``line`` (its first line) and ``key_lines`` (key -> line)."""

    __slots__ = ("line", "key_lines")
    line: int
    key_lines: dict[Any, int]

    @classmethod
    def at(cls, line: int) -> YMap:
        """An empty mapping starting at ``line``."""
        mapping = cls()
        mapping.line = line
        mapping.key_lines = {}
        return mapping


class YList(list):  # type: ignore[type-arg]
    """A YAML sequence: a list plus ``line`` (its first line) and ``item_lines`` (one per item)."""

    __slots__ = ("line", "item_lines")
    line: int
    item_lines: list[int]

    @classmethod
    def at(cls, line: int) -> YList:
        """An empty sequence starting at ``line``."""
        seq = cls()
        seq.line = line
        seq.item_lines = []
        return seq


@dataclass(frozen=True, slots=True)
class Tagged:
    """A node carrying a tag that a safe loader must not construct (e.g. ``!!python/object``)."""

    tag: str
    line: int


class YamlSyntaxError(Exception):
    """The text is not valid YAML; ``line`` is 1-based (already shifted by the offset)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(slots=True)
class ParsedYaml:
    """The document's value plus non-fatal problems as ``(line, message)`` pairs."""

    value: Any
    problems: list[tuple[int, str]] = field(default_factory=list)


def parse_yaml(text: str, line_offset: int = 0) -> ParsedYaml:
    """Parse one YAML document with a safe loader's semantics, keeping the line of every node.

    Raises :class:`YamlSyntaxError` for invalid YAML (with the line libyaml reports). Duplicate
    keys and unsafe tags do not raise; they are returned in ``problems``.
    """
    parser = _FastParser(text, line_offset)
    try:
        value = parser.parse()
    except _Unsupported:
        return _parse_with_libyaml(text, line_offset)
    except RecursionError:  # pragma: no cover - depth is bounded by MAX_NESTING below
        return _parse_with_libyaml(text, line_offset)
    return ParsedYaml(value, parser.problems)


# --------------------------------------------------------------------------- scalar resolution

_STANDARD = "tag:yaml.org,2002:"
_MISSING: Any = object()

# PyYAML's YAML 1.1 implicit resolvers (yaml/resolver.py), copied so that the fast path needs no
# yaml import; tests/content/test_yamltree.py asserts they stay identical to PyYAML's.
_BOOL_RE = re.compile(
    r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
    re.X,
)
_FLOAT_RE = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_INT_RE = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_MERGE_RE = re.compile(r"^(?:<<)$")
_NULL_RE = re.compile(
    r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
    re.X,
)
_TIMESTAMP_RE = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)
_VALUE_RE = re.compile(r"^(?:=)$")
_YAML_RE = re.compile(r"^(?:!|&|\*)$")


def _resolver_table() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for kind, regexp, first in (
        ("bool", _BOOL_RE, "yYnNtTfFoO"),
        ("float", _FLOAT_RE, "-+0123456789."),
        ("int", _INT_RE, "-+0123456789"),
        ("merge", _MERGE_RE, ["<"]),
        ("null", _NULL_RE, ["~", "n", "N", ""]),
        ("timestamp", _TIMESTAMP_RE, "0123456789"),
        ("value", _VALUE_RE, ["="]),
        ("yaml", _YAML_RE, "!&*"),
    ):
        for ch in first:
            table.setdefault(ch, []).append((_STANDARD + kind, regexp))
    return table


IMPLICIT_RESOLVERS = _resolver_table()
"""First character -> [(tag, regexp)], in PyYAML's order."""

_BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


def _sexagesimal(value: str, convert: Any) -> Any:
    total = convert(0)
    for part in value.split(":"):
        total = total * 60 + convert(part)
    return total


def _construct(tag: str, value: str) -> Any:
    """Build the Python value of a scalar whose (standard) tag is known, like SafeConstructor."""
    kind = tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag
    if kind == "str":
        return value
    if kind == "int":
        text = value.replace("_", "")
        sign = -1 if text[0] == "-" else 1
        if text[0] in "+-":
            text = text[1:]
        if text == "0":
            return 0
        if text.startswith("0b"):
            return sign * int(text[2:], 2)
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        if text[0] == "0":
            return sign * int(text, 8)
        if ":" in text:
            return sign * _sexagesimal(text, int)
        return sign * int(text)
    if kind == "float":
        text = value.replace("_", "").lower()
        fsign = -1.0 if text[0] == "-" else 1.0
        if text[0] in "+-":
            text = text[1:]
        if text == ".inf":
            return fsign * math.inf
        if text == ".nan":
            return math.nan
        if ":" in text:
            return fsign * _sexagesimal(text, float)
        return fsign * float(text)
    if kind == "bool":
        return _BOOL_VALUES[value.lower()]
    if kind == "null":
        return None
    if kind == "timestamp":
        from yaml.constructor import SafeConstructor
        from yaml.nodes import ScalarNode

        try:
            return SafeConstructor().construct_yaml_timestamp(ScalarNode(tag, value))
        except ValueError:
            return value
    return value  # "value" (a lone "=") stays text


_SCALAR_MEMO: dict[str, Any] = {}


def _resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under YAML 1.1 implicit typing, like PyYAML."""
    known = _SCALAR_MEMO.get(value, _MISSING)
    if known is not _MISSING:
        return known
    first = value[:1]
    if first.isalpha() and len(value) > 5:
        return value  # every implicit word (yes, false, null, ...) is at most 5 letters
    candidates = IMPLICIT_RESOLVERS.get(first)
    result: Any = value
    if candidates:
        for tag, regexp in candidates:
            if regexp.match(value):
                if tag.endswith((":merge", ":yaml")):
                    raise _Unsupported
                result = _construct(tag, value)
                break
    if len(value) <= 24 and type(result) is not str or len(value) <= 12:
        if len(_SCALAR_MEMO) > 8192:
            _SCALAR_MEMO.clear()
        _SCALAR_MEMO[value] = result
    return result


# --------------------------------------------------------------------------- the fast parser


class _Unsupported(Exception):
    """Raised inside the fast parser: let libyaml handle this file."""


# One row per line: (indent, "- " item marker, plain key, rest of the line).
_ROW = re.compile(
    r"^( *)(-(?: +|$))?(?:([A-Za-z0-9_][A-Za-z0-9_.\-]*):(?: +|$))?(.*)$", re.MULTILINE
)
_BLOCK_HEADER = re.compile(r"([|>])([+-]?) *(?:#.*)?$")
# Characters YAML does not print, byte-order marks, Unicode line breaks and tabs.
_FAST_PATH_BLOCKERS = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
_PLAIN_START_FORBIDDEN = frozenset("?:,[]{}#&*!|>'\"%@`")
_CONTINUATION_FORBIDDEN = frozenset("-?:,[]{}#&*!|>'\"%@`")
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}

_Row = tuple[str, str, str, str]
_NOT_PLAIN_FAST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
# First characters of PyYAML's implicit resolvers (bool, int, float, null, timestamp, ...).
_RESOLVE_FIRST = frozenset("yYnNtTfFoO0123456789-+.<~=!&*")


class _FastParser:
    """Row-based parser for the common block-style subset; raises _Unsupported otherwise.

    A row is ``(indent, dash, key, rest)`` from :data:`_ROW`; blank and comment rows have an
    empty dash and key and a rest that is empty or starts with ``#``.
    """

    def __init__(self, text: str, line_offset: int) -> None:
        self.text = text
        self.offset = line_offset + 1
        self.problems: list[tuple[int, str]] = []
        self.rows: list[_Row] = []
        self.lines: list[str] = []
        self.n = 0
        self.widths: list[int] = []
        self.keys: dict[str, Any] = {}
        self.ends_with_newline = text.endswith("\n")

    # -- driver

    def parse(self) -> Any:
        text = self.text
        if "\r" in text:
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                raise _Unsupported
            self.ends_with_newline = text.endswith("\n")
        if _FAST_PATH_BLOCKERS.search(text):
            raise _Unsupported
        self.rows = _ROW.findall(text)
        self.text = text
        self.n = len(self.rows)
        self.widths = [len(row[0]) for row in self.rows]
        i = self.skip(0)
        if i >= self.n:
            return None
        indent, dash, key, rest = self.rows[i]
        if not dash and not key and rest.startswith(("---", "...", "%")):
            raise _Unsupported
        value, i = self.block_node(i, -1, False)
        if self.skip(i) < self.n:
            raise _Unsupported
        return value

    def skip(self, i: int) -> int:
        """Index of the first row at or after i that is not blank or a comment."""
        rows, n = self.rows, self.n
        while i < n:
            _, dash, key, rest = rows[i]
            if dash or key or (rest and rest[0] != "#"):
                return i
            i += 1
        return i

    # -- block structures

    def block_node(self, i: int, parent: int, same_indent_seq: bool) -> tuple[Any, int]:
        """The node starting at the next content row at index >= i, nested under ``parent``."""
        i = self.skip(i)
        if i >= self.n:
            return None, i
        indent, dash, key, rest = self.rows[i]
        here = len(indent)
        if dash and (here > parent or (here == parent and same_indent_seq)):
            return self.sequence(i, here)
        if here <= parent:
            return None, i
        if dash:
            raise _Unsupported
        if key:
            return self.mapping(i, here, False)
        return self.inline_value(rest, i, parent)

    def mapping(self, i: int, indent: int, in_item: bool) -> tuple[YMap, int]:
        """A block mapping at column ``indent``; ``in_item``: row i is "- key: ..." of a list."""
        rows, widths, n, offset, keys = self.rows, self.widths, self.n, self.offset, self.keys
        result = YMap()
        result.line = i + offset
        result.key_lines = key_lines = {}
        while i < n:
            _, dash, key_text, rest = rows[i]
            if in_item:
                in_item = False
            elif not key_text:
                if not dash and (not rest or rest[0] == "#"):
                    i += 1
                    continue
                if widths[i] < indent:
                    break
                raise _Unsupported
            elif widths[i] != indent or dash:
                if widths[i] < indent:
                    break
                raise _Unsupported
            key = keys.get(key_text, _MISSING)
            if key is _MISSING:
                key = keys[key_text] = _resolve_plain(key_text)
            line = i + offset
            if not rest or rest[0] == "#":
                value, i = self.block_node(i + 1, indent, True)
            else:
                i += 1
                if (
                    rest[0] not in _NOT_PLAIN_FAST
                    and ": " not in rest
                    and " #" not in rest
                    and rest[-1] != ":"
                    and (
                        i == n
                        or (widths[i] <= indent and (rows[i][1] or rows[i][2] or rows[i][3]))
                    )
                ):
                    # The everyday case, a one-line plain scalar: skip the general machinery.
                    value = rest.rstrip(" ")
                    if value[0] in _RESOLVE_FIRST and not (
                        value[0].isalpha() and len(value) > 5
                    ):
                        value = _resolve_plain(value)
                elif (
                    rest[0] == '"'
                    and rest[-1] == '"'
                    and rest.find('"', 1) == len(rest) - 1
                    and "\\" not in rest
                ):
                    value = rest[1:-1]
                else:
                    value, i = self.inline_value(rest, i - 1, indent)
            if key in result:
                self.problems.append(
                    (line, f"duplicate key '{key}' (first at line {key_lines[key]})")
                )
                continue
            result[key] = value
            key_lines[key] = line
        return result, i

    def sequence(self, i: int, indent: int) -> tuple[YList, int]:
        rows, n, offset = self.rows, self.n, self.offset
        result = YList.at(i + offset)
        item_lines = result.item_lines
        while i < n:
            row_indent, dash, key, rest = rows[i]
            if not dash:
                if not key and (not rest or rest[0] == "#"):
                    i += 1
                    continue
                if len(row_indent) > indent:
                    raise _Unsupported
                break
            here = len(row_indent)
            if here < indent:
                break
            if here > indent:
                raise _Unsupported
            item_lines.append(i + offset)
            if key:
                value, i = self.mapping(i, here + len(dash), True)
            elif not rest or rest[0] == "#":
                value, i = self.block_node(i + 1, indent, False)
            elif rest[0] == "-" and (len(rest) == 1 or rest[1] == " "):
                # "- - x": the item is a sequence whose first entry shares this line. Re-read
                # the line as if the outer dash were spaces.
                column = here + len(dash)
                inner = _ROW.match(" " * column + rest)
                if inner is None:  # pragma: no cover - _ROW matches any line
                    raise _Unsupported
                rows[i] = inner.groups()  # type: ignore[assignment]
                self.widths[i] = column
                value, i = self.sequence(i, column)
            elif (
                rest[0] == '"'
                and rest[-1] == '"'
                and rest.find('"', 1) == len(rest) - 1
                and "\\" not in rest
            ):
                value = rest[1:-1]  # the everyday quoted choice: "(0, 1)"
                i += 1
            else:
                value, i = self.inline_value(rest, i, indent)
            result.append(value)
        return result, i

    # -- scalars and flow collections on one line

    def inline_value(self, rest: str, i: int, parent: int) -> tuple[Any, int]:
        """A value that starts in ``rest`` (text on row i); continuation rows are > parent."""
        first = rest[0]
        if first == '"' or first == "'":
            value, end = (_double_quoted if first == '"' else _single_quoted)(rest, 1)
            _expect_line_end(rest, end)
            return value, i + 1
        if first == "[" or first == "{":
            return _flow(rest, i + self.offset, self.problems), i + 1
        if first == "|" or first == ">":
            return self.block_scalar(rest, i, parent)
        if first in _PLAIN_START_FORBIDDEN or (
            first == "-" and (len(rest) == 1 or rest[1] == " ")
        ):
            raise _Unsupported
        return self.plain(rest, i, parent)

    def plain(self, rest: str, i: int, parent: int) -> tuple[Any, int]:
        cut = rest.find(" #")
        if cut >= 0:
            rest = rest[:cut]
        text = rest.rstrip(" ")
        if ": " in text or text[-1:] == ":":
            raise _Unsupported
        i += 1
        if cut >= 0:
            # A comment ends the scalar; deeper rows after it are the caller's problem.
            return _resolve_plain(text), i
        rows, n = self.rows, self.n
        parts = None
        while i < n:
            j = i
            blanks = 0
            while j < n:
                row = rows[j]
                if row[1] or row[2] or row[3]:
                    break
                blanks += 1
                j += 1
            if j >= n:
                break
            row_indent, dash, key, line = rows[j]
            if len(row_indent) <= parent or line[:1] == "#":
                break  # a comment row ends the scalar too
            line = line.rstrip(" ")
            if dash or key or line[0] in _CONTINUATION_FORBIDDEN or ": " in line:
                raise _Unsupported
            if " #" in line or line[-1] == ":":
                raise _Unsupported
            if parts is None:
                parts = [text]
            parts.append("\n" * blanks if blanks else " ")
            parts.append(line)
            i = j + 1
        if parts is None:
            return _resolve_plain(text), i
        return _resolve_plain("".join(parts)), i

    def block_scalar(self, rest: str, i: int, parent: int) -> tuple[str, int]:
        header = _BLOCK_HEADER.match(rest)
        if header is None:
            raise _Unsupported
        literal = header.group(1) == "|"
        chomp = header.group(2)
        if chomp == "+":
            raise _Unsupported
        rows, widths, n = self.rows, self.widths, self.n
        j = i + 1
        if j >= n or not any(rows[j][1:]):
            raise _Unsupported  # empty or blank-led block scalars: leave them to libyaml
        base = widths[j]
        if base <= parent:
            raise _Unsupported
        last = k = j
        blanks_inside = False
        while k < n:
            row = rows[k]
            if not (row[1] or row[2] or row[3]):  # an empty line (maybe spaces)
                if widths[k] > base:
                    raise _Unsupported
                blanks_inside = True
                k += 1
                continue
            here = widths[k]
            if here < base:
                break
            if here > base and not literal:
                raise _Unsupported
            last = k
            k += 1
        if not self.lines:
            self.lines = self.text.split("\n")
            if len(self.lines) != n:  # pragma: no cover - defensive
                raise _Unsupported
        body = [line[base:] for line in self.lines[j : last + 1]]
        if literal:
            text = "\n".join(body)
        elif not blanks_inside or last == j:
            text = " ".join(body)
        else:
            pieces: list[str] = []
            blanks = 0
            for line in body:
                if not line:
                    blanks += 1
                    continue
                if pieces:
                    pieces.append("\n" * blanks if blanks else " ")
                pieces.append(line)
                blanks = 0
            text = "".join(pieces)
        if chomp != "-" and (last < n - 1 or self.ends_with_newline):
            text += "\n"
        return text, last + 1


def _expect_line_end(text: str, end: int) -> None:
    if end == len(text):
        return
    tail = text[end:]
    if tail and not tail.lstrip(" ").startswith("#") and tail.strip(" "):
        raise _Unsupported
    if tail and tail.lstrip(" ").startswith("#") and tail[0] != " ":
        raise _Unsupported


def _double_quoted(text: str, pos: int) -> tuple[str, int]:
    close = text.find('"', pos)
    if close >= 0 and text.find("\\", pos, close) < 0:
        return text[pos:close], close + 1
    parts: list[str] = []
    n = len(text)
    while True:
        close = text.find('"', pos)
        slash = text.find("\\", pos)
        if close < 0:
            raise _Unsupported  # continues on the next line
        if slash < 0 or close < slash:
            parts.append(text[pos:close])
            return "".join(parts), close + 1
        parts.append(text[pos:slash])
        if slash + 1 >= n:
            raise _Unsupported
        code = text[slash + 1]
        if code in _ESCAPES:
            parts.append(_ESCAPES[code])
            pos = slash + 2
        elif code in _HEX_ESCAPES:
            width = _HEX_ESCAPES[code]
            digits = text[slash + 2 : slash + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise _Unsupported
            point = int(digits, 16)
            if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
                raise _Unsupported
            parts.append(chr(point))
            pos = slash + 2 + width
        else:
            raise _Unsupported


def _single_quoted(text: str, pos: int) -> tuple[str, int]:
    parts: list[str] = []
    n = len(text)
    while True:
        close = text.find("'", pos)
        if close < 0:
            raise _Unsupported
        parts.append(text[pos:close])
        if close + 1 < n and text[close + 1] == "'":
            parts.append("'")
            pos = close + 2
            continue
        return "".join(parts), close + 1


# One flow token: comment | indicator | ": " | "double" | 'single' | plain | anything else.
_FLOW_TOKEN = re.compile(
    r""" +(\#.*)"""
    r"""| *(?:([\[\]{},])"""
    r"""|(:)(?=[ ,\[\]{}]|$)"""
    r"""|"((?:[^"\\]|\\.)*)\""""
    r"""|'((?:[^']|'')*)'"""
    r"""|((?:[^ \[\]{},:#'"?&*!|>%@`\-]|-(?=[^ ,\[\]{}]))[^\[\]{},:#]*)"""
    r"""|(.))"""
)
_SEQ_ITEM, _SEQ_SEP, _MAP_KEY, _MAP_COLON, _MAP_VALUE, _MAP_SEP = range(6)


_FLAT_FLOW = re.compile(r"[\[{][^\[\]{}\"'#]*[\]}]")
_FLOW_PLAIN_BAD_START = frozenset("?&*!|>%@`-")
_COLLECTIONS = (YMap, YList)
_FLAT_FLOW_DEPTH = 8  # each level is one pass over the text
_PLACEHOLDER = "\0"  # never in text that reaches the fast path (NUL is not printable YAML)


def _flat_flow(text: str, line: int, problems: list[tuple[int, str]]) -> Any:
    """Flow collections without quotes or comments, nested or not, by splitting on commas.

    The innermost ``[...]``/``{...}`` groups are parsed first and replaced by ``\0k\0``
    placeholders until the whole text is one collection. Returns _MISSING to use the tokenizer.
    """
    text = text.rstrip(" ")
    if _PLACEHOLDER in text or "'" in text or '"' in text or "#" in text:
        return _MISSING
    store: list[Any] = []

    def replace(m: re.Match[str]) -> str:
        store.append(_flat_collection(m.group(), line, problems, store))
        return f"\0{len(store) - 1}\0"

    try:
        for _ in range(_FLAT_FLOW_DEPTH):
            text, count = _FLAT_FLOW.subn(replace, text)
            if not count:
                return _MISSING
            if text == f"\0{len(store) - 1}\0":
                return store[-1]
            if text[0] != "\0" and text[0] not in "[{":
                return _MISSING
    except _Unsupported:
        return _MISSING
    return _MISSING  # deeper than _FLAT_FLOW_DEPTH: the tokenizer copes in one pass


def _flat_value(text: str, store: list[Any]) -> Any:
    if text[0] == "\0":
        if text[-1] != "\0" or text.count("\0") != 2:
            raise _Unsupported
        return store[int(text[1:-1])]
    if ":" in text or "\0" in text or (text[0] in _FLOW_PLAIN_BAD_START and not _negative(text)):
        raise _Unsupported
    return _resolve_plain(text)


def _flat_collection(
    text: str, line: int, problems: list[tuple[int, str]], store: list[Any]
) -> Any:
    opening, inner, closing = text[0], text[1:-1], text[-1]
    if (opening == "[") != (closing == "]"):
        raise _Unsupported
    parts = inner.split(",")
    if len(parts) > 1 and not parts[-1].strip(" "):
        parts.pop()  # a trailing comma
    elif not inner.strip(" "):
        parts = []
    if opening == "[":
        seq = YList()
        seq.line = line
        seq.item_lines = [line] * len(parts)
        for part in parts:
            part = part.strip(" ")
            if not part:
                raise _Unsupported
            seq.append(_flat_value(part, store))
        return seq
    mapping = YMap()
    mapping.line = line
    mapping.key_lines = {}
    for part in parts:
        key_text, sep, value_text = part.partition(": ")
        key_text = key_text.strip(" ")
        value_text = value_text.strip(" ")
        if not sep or not key_text or not value_text or key_text[0] == "\0":
            raise _Unsupported
        key = _flat_value(key_text, store)
        if key in mapping:
            problems.append((line, f"duplicate key '{key}' (first at line {line})"))
            continue
        mapping[key] = _flat_value(value_text, store)
        mapping.key_lines[key] = line
    return mapping


def _negative(text: str) -> bool:
    """A plain scalar may start with '-' when a non-space follows (``-4``)."""
    return text[0] == "-" and len(text) > 1 and text[1] != " "


_FLOW_MEMO: dict[str, Any] = {}
_FLOW_MEMO_SIZE = 4096


def _flow(text: str, line: int, problems: list[tuple[int, str]]) -> Any:
    """A one-line flow collection (``[a, b]``, ``{k: v}``, nested) and an optional comment.

    Generated banks repeat the same ``check:`` or ``plot:`` line thousands of times, so parsed
    collections are memoised by text and copied with the new line number.
    """
    known = _FLOW_MEMO.get(text)
    if known is not None:
        return _relined(known, line)
    before = len(problems)
    value = _flat_flow(text, line, problems)
    if value is _MISSING:
        value = _flow_tokens(text, line, problems)
    if len(problems) == before:  # duplicate keys must be reported at every occurrence
        if len(_FLOW_MEMO) >= _FLOW_MEMO_SIZE:
            _FLOW_MEMO.clear()
        _FLOW_MEMO[text] = value
        return _relined(value, line)
    return value


def _relined(value: Any, line: int) -> Any:
    """A fresh copy of a memoised flow collection, every line set to ``line``."""
    if type(value) is YMap:
        mapping = YMap()
        mapping.line = line
        mapping.key_lines = dict.fromkeys(value, line)
        for key, item in value.items():
            mapping[key] = _relined(item, line) if type(item) in _COLLECTIONS else item
        return mapping
    seq = YList(_relined(item, line) if type(item) in _COLLECTIONS else item for item in value)
    seq.line = line
    seq.item_lines = [line] * len(seq)
    return seq


def _flow_tokens(text: str, line: int, problems: list[tuple[int, str]]) -> Any:
    """The general flow parser: a regex tokenizer and a small state machine."""
    root: Any = _MISSING
    stack: list[list[Any]] = []  # [container, state, pending key]
    for comment, indicator, colon, double, single, plain, other in _FLOW_TOKEN.findall(text):
        if other:
            raise _Unsupported
        if comment:
            if stack:
                raise _Unsupported  # the collection continues on the next line
            continue
        if root is not _MISSING and not stack:
            raise _Unsupported  # text after the collection closed
        if indicator:
            if indicator == "[" or indicator == "{":
                container: Any
                if indicator == "[":
                    container = YList()
                    container.line = line
                    container.item_lines = []
                    frame = [container, _SEQ_ITEM, None]
                else:
                    container = YMap()
                    container.line = line
                    container.key_lines = {}
                    frame = [container, _MAP_KEY, None]
                if stack:
                    _flow_attach(stack[-1], container, line, problems, True)
                else:
                    root = container
                stack.append(frame)
                if len(stack) > MAX_NESTING:
                    raise _Unsupported
                continue
            top = stack[-1] if stack else None
            if top is None:
                raise _Unsupported
            state = top[1]
            if indicator == "]":
                if state != _SEQ_ITEM and state != _SEQ_SEP:
                    raise _Unsupported
                stack.pop()
            elif indicator == "}":
                if state != _MAP_KEY and state != _MAP_SEP:
                    raise _Unsupported
                stack.pop()
            elif state == _SEQ_SEP:
                top[1] = _SEQ_ITEM
            elif state == _MAP_SEP:
                top[1] = _MAP_KEY
            else:
                raise _Unsupported
            continue
        if not stack:
            raise _Unsupported
        top = stack[-1]
        if colon:
            if top[1] != _MAP_COLON:
                raise _Unsupported
            top[1] = _MAP_VALUE
            continue
        if plain:
            value = _resolve_plain(plain.rstrip(" "))
        elif single:
            value = single.replace("''", "'")
        elif "\\" in double:
            value = _double_quoted(double + '"', 0)[0]
        else:
            value = double  # also '' and "" (every group of the token is empty)
        _flow_attach(top, value, line, problems, False)
    if stack or root is _MISSING:
        raise _Unsupported
    return root


def _flow_attach(
    frame: list[Any], value: Any, line: int, problems: list[tuple[int, str]], is_node: bool
) -> None:
    container, state = frame[0], frame[1]
    if state == _SEQ_ITEM:
        container.append(value)
        container.item_lines.append(line)
        frame[1] = _SEQ_SEP
    elif state == _MAP_KEY:
        if is_node:
            raise _Unsupported  # a collection as a key
        frame[2] = value
        frame[1] = _MAP_COLON
    elif state == _MAP_VALUE:
        key = frame[2]
        if key in container:
            problems.append((line, f"duplicate key '{key}' (first at line {line})"))
        else:
            container[key] = value
            container.key_lines[key] = line
        frame[1] = _MAP_SEP
    else:
        raise _Unsupported


# --------------------------------------------------------------------------- libyaml fallback

_SAFE_SCALAR_TAGS = frozenset(
    _STANDARD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")
)


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of how deep a document can nest on one line (brackets, dashes)."""
    indicators = max((len(m.group()) // 2 for m in _INDICATOR_RUN.finditer(text)), default=0)
    brackets = text.count("[") + text.count("{")
    if brackets <= MAX_NESTING:
        return brackets + indicators
    depth = best = 0
    for ch in text:
        if ch == "[" or ch == "{":
            depth += 1
            if depth > best:
                best = depth
        elif (ch == "]" or ch == "}") and depth:
            depth -= 1
    return best + indicators


_INDICATOR_RUN = re.compile(r"(?:[-?:] +){4,}")


def _parse_with_libyaml(text: str, line_offset: int) -> ParsedYaml:
    import yaml

    if _nesting_bound(text) > MAX_NESTING:
        # libyaml's C composer recurses without a limit and would crash the process.
        raise YamlSyntaxError(
            1 + line_offset, f"the YAML nests more than {MAX_NESTING} levels deep"
        )
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, line_offset) from None
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        line = (text.count("\n", 0, position) + 1 if isinstance(position, int) else 1)
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        raise YamlSyntaxError(line + line_offset, str(reason)) from None
    except RecursionError:
        raise YamlSyntaxError(
            1 + line_offset, f"the YAML nests more than {MAX_NESTING} levels deep"
        ) from None
    result = ParsedYaml(None)
    if node is None:
        return result
    converter = _NodeConverter(line_offset + 1, result.problems)
    try:
        result.value = converter.convert(node)
    except RecursionError:
        raise YamlSyntaxError(
            1 + line_offset, f"the YAML nests more than {MAX_NESTING} levels deep"
        ) from None
    return result


def _syntax_error(error: Any, line_offset: int) -> YamlSyntaxError:
    """libyaml's error as one line, placed where an author should look.

    An unclosed quote or bracket is noticed far below where it starts, so for those the line is
    where the quoted text or flow collection begins.
    """
    problem = error.problem or "invalid YAML"
    context = error.context or ""
    problem_mark, context_mark = error.problem_mark, error.context_mark
    problem_line = problem_mark.line + 1 + line_offset if problem_mark is not None else None
    context_line = context_mark.line + 1 + line_offset if context_mark is not None else None
    line = problem_line or context_line or 1 + line_offset
    message = problem
    if context:
        if context_line is not None and context_line != line:
            if "quoted" in context or "flow" in context:
                line = context_line
                message = f"{problem} (line {problem_line}) {context} that starts here"
            else:
                message = f"{problem} {context} (line {context_line})"
        else:
            message = f"{problem} {context}"
    return YamlSyntaxError(line, message)


class _NodeConverter:
    """Turns composed yaml nodes into YMap / YList / scalars without constructing any tag."""

    def __init__(self, offset: int, problems: list[tuple[int, str]]) -> None:
        self.offset = offset
        self.problems = problems
        self.memo: dict[int, Any] = {}  # aliases share nodes: convert each once

    def convert(self, node: Any) -> Any:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        known = self.memo.get(id(node))
        if known is not None:
            return known
        line = node.start_mark.line + self.offset
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag in _SAFE_SCALAR_TAGS:
                try:
                    return _construct(tag, node.value)
                except (ValueError, TypeError, KeyError, IndexError, OverflowError):
                    self.problems.append((line, f"'{node.value}' is not a valid {tag[18:]}"))
                    return Tagged(tag, line)
            return self._unsafe(tag, line)
        if isinstance(node, SequenceNode):
            if tag != _STANDARD + "seq":
                return self._unsafe(tag, line)
            seq = YList.at(line)
            self.memo[id(node)] = seq
            for item in node.value:
                seq.item_lines.append(item.start_mark.line + self.offset)
                seq.append(self.convert(item))
            return seq
        if isinstance(node, MappingNode):
            if tag != _STANDARD + "map":
                return self._unsafe(tag, line)
            mapping = YMap.at(line)
            self.memo[id(node)] = mapping
            merged: list[tuple[Any, Any, int]] = []
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + self.offset
                if key_node.tag == _STANDARD + "merge":
                    merged.extend(self._merge_entries(value_node, key_line))
                    continue
                key = self.convert(key_node)
                if isinstance(key, (YMap, YList, Tagged)):
                    self.problems.append((key_line, "a mapping key must be plain text"))
                    continue
                if key in mapping:
                    self.problems.append(
                        (key_line, f"duplicate key '{key}' (first at line "
                         f"{mapping.key_lines[key]})")
                    )
                    continue
                mapping[key] = self.convert(value_node)
                mapping.key_lines[key] = key_line
            for key, value, key_line in merged:
                if key not in mapping:
                    mapping[key] = value
                    mapping.key_lines[key] = key_line
            return mapping
        return self._unsafe(str(tag), line)  # pragma: no cover - compose yields only these

    def _merge_entries(self, node: Any, line: int) -> list[tuple[Any, Any, int]]:
        value = self.convert(node)
        sources = value if isinstance(value, YList) else [value]
        entries: list[tuple[Any, Any, int]] = []
        for source in sources:
            if not isinstance(source, YMap):
                self.problems.append((line, "'<<' must merge a mapping or a list of mappings"))
                continue
            entries.extend((k, v, line) for k, v in source.items())
        return entries

    def _unsafe(self, tag: str, line: int) -> Tagged:
        self.problems.append(
            (line, f"unsafe or unknown YAML tag '{tag}' (tags are never constructed; remove it)")
        )
        return Tagged(tag, line)


