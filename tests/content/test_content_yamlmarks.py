"""The line-marking YAML reader: PyYAML's safe values, the line of every key and item, and every
safety property (no tags built, alias bombs and deep nesting refused, bad scalars reported)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acttutor.core.text import neutralise
from acttutor.course.yamlmarks import (
    MAX_ALIAS_EXPANSION,
    Tagged,
    WrittenFloat,
    WrittenInt,
    YamlSyntaxError,
    YList,
    YMap,
    parse_yaml,
)

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"


def _plain(value: Any) -> Any:
    """A comparable form of a parsed value (types kept, NaN made equal to itself)."""
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, str):  # control characters are shown as symbols
        return ("str", neutralise(value))
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (WrittenInt, WrittenFloat)):  # an int or float that keeps its source
        return (type(value).__mro__[1].__name__, value)
    return (type(value).__name__, value)


SNIPPETS = [
    "a: 1\nb: -2\nc: 0.5\nd: .5\ne: 1e3\nf: 1.0e+3\ng: 010\nh: 0x1F\ni: 1_000\nj: 190:20:30\n",
    "t: true\nf: False\ny: yes\nn: No\no: off\nnull1: ~\nnull2: null\nnull3:\ninf: -.inf\n",
    "date: 2024-01-31\nlong: Nothing here\n",
    "q: 'it''s'\nd: \"tab\\tnew\\nline \\u2212 \\\"q\\\" \\\\ \\x41\"\ne: ''\nf: \"\"\n",
    "items:\n  - id: one\n    text: x\n  - id: two\n    more:\n      - 1\n      - 2\n",
    "flow: [1, 2.5, -3, 'x', \"y\", plain words, [nested, {a: 1}], {}]\n",
    "lit: |\n  line one\n    indented\n\n  after blank\nfold: >-\n  a\n  b\n",
    "crlf: 1\r\nnext: two\r\n",
    "ko: {en: \"Which range?\", ko: \"출력 범위는?\"}\nmath: σ′(x) ≤ 0.25 — e^(−x)\n",
    "true: yes\n2: two\n",
    "- top\n- level\n",
    "just a scalar\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_values_are_what_pyyaml_s_safe_loader_reads(text: str) -> None:
    expected = yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - a safe loader
    assert _plain(parse_yaml(text).value) == _plain(expected)


def test_the_built_in_banks_read_as_safe_load_reads_them() -> None:
    for path in sorted((REPO_CONTENT / "quizzes").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        parsed = parse_yaml(text)
        assert parsed.problems == [] and parsed.controls == []
        assert _plain(parsed.value) == _plain(yaml.safe_load(text)), path.name


def test_lines_of_keys_and_items_are_one_based_and_offset() -> None:
    value = parse_yaml("a: 1\nlist:\n  - x\n  - y: 2\n", line_offset=10).value
    assert isinstance(value, YMap) and value.line == 11
    assert value.key_lines == {"a": 11, "list": 12}
    assert isinstance(value["list"], YList) and value["list"].item_lines == [13, 14]
    assert value["list"][1].key_lines == {"y": 14}


def test_syntax_errors_carry_the_line() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.line == 2
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("a: 1\n  b: 2\n", line_offset=1)
    assert info.value.line == 3


def test_duplicate_keys_are_reported_and_the_first_kept() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert parsed.value["a"] == 1
    assert parsed.problems == [(3, "duplicate key 'a' (first at line 1)")]


def test_unsafe_tags_are_reported_and_never_constructed(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    parsed = parse_yaml(
        "a: !!python/object/apply:os.system ['echo hacked']\nb: !local x\nc: !!binary aGk=\n"
        "d: !!str 5\ne: !!int '7'\n"
    )
    assert calls == []
    assert isinstance(parsed.value["a"], Tagged) and isinstance(parsed.value["b"], Tagged)
    assert isinstance(parsed.value["c"], Tagged)
    assert parsed.value["d"] == "5" and parsed.value["e"] == 7
    assert [line for line, _ in parsed.problems] == [1, 2, 3]
    assert all("unsafe or unknown YAML tag" in message for _, message in parsed.problems)


def test_aliases_and_merge_keys_work_and_share_one_value() -> None:
    parsed = parse_yaml("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nref: *b\n")
    assert parsed.value["other"] == {"y": 3, "x": 1}
    assert parsed.value["ref"] is parsed.value["base"]


@pytest.mark.parametrize("fanout", [9, 10])
def test_nested_alias_bombs_are_refused_at_the_innermost_line_over_the_limit(fanout: int) -> None:
    lines = ["a0: &a0 [" + ", ".join(["x"] * fanout) + "]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fanout) + "]")
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("\n".join(lines) + "\n")
    assert "aliases here expand to more than 1 MiB" in info.value.message
    assert 2 <= info.value.line <= 12


def test_aliases_to_one_long_text_count_its_length() -> None:
    text = "t: &t " + "y" * 100_000 + "\nl: [" + ", ".join(["*t"] * 20) + "]\n"
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml(text)
    assert info.value.line == 2
    # Within the limit the same shape is fine.
    small = "t: &t " + "y" * 1000 + "\nl: [" + ", ".join(["*t"] * 20) + "]\n"
    assert len(parse_yaml(small).value["l"]) == 20
    assert MAX_ALIAS_EXPANSION >= 20 * 1000


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("ok: 1\na: &a [1, *a]\n")
    assert info.value.line == 2 and "contains it" in info.value.message


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000, "a: " + "[" * 50_000 + "]" * 50_000, "- " * 100_000 + "x",
     "? " * 50_000 + "x", "{a: " * 60_000,
     "".join(" " * i + "a:\n" for i in range(2000)), "a: " + "{b: " * 600 + "1" + "}" * 600],
)
def test_pathological_nesting_is_an_error_not_a_crash(text: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml(text)
    assert "nest" in info.value.message


@pytest.mark.parametrize(
    ("text", "kind"),
    [("when: !!timestamp 99999-01-01\n", "timestamp"), ("when: 0000-01-01\n", "timestamp"),
     ("when: 2024-02-30\n", "timestamp"), ("f: !!float 1e\n", "float"),
     ("n: " + "1" * 5000 + "\n", "int")],
)
def test_scalars_their_type_cannot_hold_are_problems(text: str, kind: str) -> None:
    parsed = parse_yaml(text)
    assert isinstance(next(iter(parsed.value.values())), Tagged)
    [(line, message)] = parsed.problems
    assert line == 1 and message.endswith(f"is not a valid {kind}") and len(message) < 80


def test_numbers_remember_how_they_were_written_when_python_spells_them_otherwise() -> None:
    value = parse_yaml("octal: 010\nunder: 1_000\nhalf: .5\nplain: 7\nfloat: 0.25\n").value
    assert value == {"octal": 8, "under": 1000, "half": 0.5, "plain": 7, "float": 0.25}
    assert (value["octal"].source, value["under"].source, value["half"].source) == (
        "010", "1_000", ".5")
    assert type(value["plain"]) is int and type(value["float"]) is float


def test_control_characters_from_escapes_are_made_visible_and_listed() -> None:
    parsed = parse_yaml('a: "\\e]52;c;aGk=\\a"\nb: plain\n"k\\e": 1\n')
    assert parsed.value["a"] == "\u241b]52;c;aGk=\u2407"
    assert "k\u241b" in parsed.value
    assert [line for line, _ in parsed.controls] == [1, 3]


_SCALARS = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["yes", "no", "null", "~", "1.5", "0x10", "010", "a: b", "- x", "#", "'",
                     '"', "x #y", "{a}", "[1]", "σ′(0) = 0.25", "", " lead", "trail "]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
_KEYS = st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
                  st.text(max_size=12), st.integers(0, 99), st.booleans())
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.dictionaries(_KEYS, _DOCS, min_size=1, max_size=6),
       flow=st.sampled_from([False, None]), width=st.sampled_from([20, 1000]))
def test_any_dumped_document_reads_back_like_safe_load(
    doc: dict[Any, Any], flow: bool | None, width: int
) -> None:
    text = yaml.safe_dump(doc, default_flow_style=flow, width=width, allow_unicode=True,
                          sort_keys=False)
    assert _plain(parse_yaml(text).value) == _plain(yaml.safe_load(text))
