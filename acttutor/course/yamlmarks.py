"""YAML text -> plain Python values that remember the line of every key and list item.

libyaml (PyYAML's ``CSafeLoader``) parses and composes the document; :class:`_Converter` then
builds the values with PyYAML's own safe scalar constructors, keeping line marks. A mapping is a
:class:`YMap` (a dict with ``line`` and ``key_lines``), a sequence a :class:`YList` (a list with
``line`` and ``item_lines``); scalars are ``str``, ``int``, ``float``, ``bool``, ``None`` or a
date. Lines are 1-based and shifted by ``line_offset`` (front matter inside a Markdown file).

Safety, all reported as ``(line, message)`` problems rather than raised:

* a tag other than the standard safe ones is never constructed: the node becomes :class:`Tagged`;
* a scalar that its type cannot hold (a timestamp in year 99999, an int of 5,000 digits) is a
  problem, not an exception;
* duplicate keys are reported (PyYAML would silently keep the last one).

Refused with :class:`YamlSyntaxError` before any value is built: nesting of a thousand levels
(libyaml's own limit) or deeper than Python's stack, and aliases that would expand the
document by more than :data:`MAX_ALIAS_EXPANSION` (a "billion laughs" file is a few hundred bytes,
and so is a list of aliases to one long text). Aliases share one converted value, so nothing is
ever copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from acttutor.core.i18n import N_, _
from acttutor.core.text import CONTROL_CHARACTERS, neutralise

__all__ = [
    "YMap",
    "YList",
    "WrittenInt",
    "WrittenFloat",
    "Tagged",
    "YamlSyntaxError",
    "ParsedYaml",
    "parse_yaml",
    "MAX_ALIAS_EXPANSION",
]

NESTING_MESSAGE = N_("the YAML nests too deeply (hundreds of levels); flatten it")
"""libyaml refuses 1,000 levels itself; a document nested deeper than Python's stack is this."""

MAX_ALIAS_EXPANSION = 2**20
"""How much aliases may add to a document when every alias is expanded in place, weighed as
:data:`NODE_WEIGHT` per value plus one per character of text (so 1 MiB of text, or 131,072
values)."""

NODE_WEIGHT = 8

_STANDARD = "tag:yaml.org,2002:"
_SAFE_SCALAR_TAGS = frozenset(
    _STANDARD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")
)
_SEQ, _MAP, _MERGE = _STANDARD + "seq", _STANDARD + "map", _STANDARD + "merge"


class WrittenInt(int):
    """An int written otherwise than Python spells it (``010`` is 8 in YAML 1.1, ``1_000``):
    messages quote ``source``, what the author typed."""

    source: str


class WrittenFloat(float):
    """A float written otherwise than Python spells it (``.5``, ``1.0e+3``); see WrittenInt."""

    source: str


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
    """A node that was not built (an unsafe tag or an invalid scalar); already reported."""

    tag: str
    line: int


class YamlSyntaxError(Exception):
    """The text is not valid YAML, or too costly to build; ``line`` is 1-based (shifted)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(slots=True)
class ParsedYaml:
    """The document's value plus non-fatal problems as ``(line, message)`` pairs."""

    value: Any
    problems: list[tuple[int, str]] = field(default_factory=list)
    controls: list[tuple[int, str]] = field(default_factory=list)
    """``(line, text)`` of every string that held control characters (now made visible)."""


def parse_yaml(text: str, line_offset: int = 0) -> ParsedYaml:
    """Parse one YAML document with a safe loader, keeping the line of every node.

    Raises :class:`YamlSyntaxError` for invalid YAML (with the line libyaml reports), too deep
    nesting and alias bombs. Duplicate keys, unsafe tags and unbuildable scalars do not raise;
    they are returned in ``problems``.
    """
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, line_offset) from None
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        raise YamlSyntaxError(line + line_offset, str(reason)) from None
    result = ParsedYaml(None)
    if node is None:
        return result
    if "&" in text:  # without an anchor there is no alias
        _refuse_alias_bombs(node, line_offset + 1)
    try:
        result.value = _Converter(line_offset + 1, result).convert(node)
    except RecursionError:  # libyaml allows 1,000 levels; Python's stack holds fewer
        raise YamlSyntaxError(1 + line_offset, _(NESTING_MESSAGE)) from None
    return result


def _refuse_alias_bombs(root: Any, offset: int) -> None:
    """Raise when expanding every alias would add more than MAX_ALIAS_EXPANSION.

    Each distinct node is visited once (sizes are memoised), so the check itself is linear in
    the composed document however large its expansion would be.
    """
    sizes: dict[int, int] = {}  # id(node) -> weight with every alias expanded
    on_path: set[int] = set()
    composed = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:  # depth first, children before parents, without recursion
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            size = NODE_WEIGHT
            if isinstance(node.value, str):
                size += len(node.value)
            else:
                size += sum(sizes[id(part)] for part in _parts(node))
            sizes[key] = size
            on_path.discard(key)
            composed += NODE_WEIGHT + (len(node.value) if isinstance(node.value, str) else 0)
            continue
        if key in sizes:
            continue
        if key in on_path:  # the node is its own ancestor: an alias inside its anchor
            raise YamlSyntaxError(
                node.start_mark.line + offset,
                _("an alias here refers to a collection that contains it (a value without "
                  "end); write the values out"),
            )
        on_path.add(key)
        stack.append((node, True))
        if not isinstance(node.value, str):
            stack.extend((part, False) for part in _parts(node))
    limit = composed + MAX_ALIAS_EXPANSION
    if sizes[id(root)] <= limit:
        return
    # Name the innermost collection whose expansion alone is over the limit.
    worst = root
    while True:
        bigger = [p for p in _parts(worst)
                  if isinstance(p.value, list) and sizes.get(id(p), 0) > limit]
        if not bigger:
            break
        worst = bigger[0]
    raise YamlSyntaxError(
        worst.start_mark.line + offset,
        _("aliases here expand to more than {limit} MiB of values; write the values out or "
          "use fewer nested aliases").format(limit=MAX_ALIAS_EXPANSION // 2**20),
    )


def _parts(node: Any) -> list[Any]:
    """The child nodes of a sequence or mapping node (a mapping's keys and values)."""
    parts: list[Any] = []
    for child in node.value:
        if isinstance(child, tuple):
            parts.extend(child)
        else:
            parts.append(child)
    return parts


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


def _shown(text: str) -> str:
    return neutralise(text if len(text) <= 40 else text[:37] + "...")


class _Converter:
    """Composed nodes -> YMap / YList / scalars; never constructs a non-standard tag."""

    def __init__(self, offset: int, result: ParsedYaml) -> None:
        from yaml.constructor import SafeConstructor

        self.offset = offset
        self.problems = result.problems
        self.controls = result.controls
        self.memo: dict[int, Any] = {}  # aliases share nodes: convert each once
        self.scalars = SafeConstructor()
        self.constructors = SafeConstructor.yaml_constructors

    def convert(self, node: Any) -> Any:
        known = self.memo.get(id(node))
        if known is not None:
            return known
        line = node.start_mark.line + self.offset
        tag = node.tag
        value = node.value
        if type(value) is str:
            if tag == _STANDARD + "str":
                if CONTROL_CHARACTERS.search(value) is None:
                    return value
                self.controls.append((line, value))  # from an escape such as "\\e"
                return neutralise(value)
            if tag in _SAFE_SCALAR_TAGS:
                try:
                    built = self.constructors[tag](self.scalars, node)
                except Exception:  # e.g. "!!timestamp 99999-01-01", an int of 5,000 digits
                    kind = tag[len(_STANDARD):]
                    self.problems.append((line, _("'{value}' is not a valid {kind}").format(
                        value=_shown(value), kind=kind)))
                    return Tagged(tag, line)
                kind_built = type(built)
                if (kind_built is int or kind_built is float) and repr(built) != value:
                    written = (WrittenInt if kind_built is int else WrittenFloat)(built)
                    written.source = value
                    return written
                return built
            return self._unsafe(tag, line)
        if tag == _SEQ and isinstance(value, list):
            seq = YList.at(line)
            self.memo[id(node)] = seq
            for item in value:
                seq.item_lines.append(item.start_mark.line + self.offset)
                seq.append(self.convert(item))
            return seq
        if tag == _MAP and isinstance(value, list):
            return self._mapping(node, line)
        return self._unsafe(str(tag), line)

    def _mapping(self, node: Any, line: int) -> YMap:
        mapping = YMap.at(line)
        self.memo[id(node)] = mapping
        merged: list[tuple[Any, Any, int]] = []
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + self.offset
            if key_node.tag == _MERGE:
                merged.extend(self._merge_entries(value_node, key_line))
                continue
            key = self.convert(key_node)
            if isinstance(key, (YMap, YList, Tagged)) or not isinstance(key, (str, int, float,
                                                                           bool, type(None))):
                if not isinstance(key, Tagged):
                    self.problems.append((key_line, _("a mapping key must be plain text")))
                continue
            if key in mapping:
                self.problems.append(
                    (key_line, _("duplicate key '{key}' (first at line {first})").format(
                        key=_shown(str(key)), first=mapping.key_lines[key]))
                )
                continue
            mapping[key] = self.convert(value_node)
            mapping.key_lines[key] = key_line
        for key, value, key_line in merged:
            if key not in mapping:
                mapping[key] = value
                mapping.key_lines[key] = key_line
        return mapping

    def _merge_entries(self, node: Any, line: int) -> list[tuple[Any, Any, int]]:
        value = self.convert(node)
        sources = value if isinstance(value, YList) else [value]
        entries: list[tuple[Any, Any, int]] = []
        for source in sources:
            if not isinstance(source, YMap):
                self.problems.append((line, _("'<<' must merge a mapping or a list of mappings")))
                continue
            entries.extend((k, v, line) for k, v in source.items())
        return entries

    def _unsafe(self, tag: str, line: int) -> Tagged:
        self.problems.append(
            (line, _("unsafe or unknown YAML tag '{tag}' (tags are never constructed; remove "
                     "it)").format(tag=_shown(tag)))
        )
        return Tagged(tag, line)
