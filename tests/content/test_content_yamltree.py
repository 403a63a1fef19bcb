"""The line-tracking YAML reader: its fast path must read exactly what libyaml reads."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from content_helpers import VALID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acttutor.course import yamltree
from acttutor.course.yamltree import Tagged, YamlSyntaxError, YList, YMap, parse_yaml

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load(text: str) -> Any:
    """What the same safe loader the fallback uses reads (libyaml and pure PyYAML differ)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def _shape(value: Any) -> Any:
    """A comparable form of a parsed value, line numbers included."""
    if isinstance(value, YMap):
        return ("map", value.line, [(k, value.key_lines[k], _shape(v)) for k, v in value.items()])
    if isinstance(value, YList):
        return ("seq", value.line, value.item_lines, [_shape(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return (type(value).__name__, value)


def _fast(text: str) -> tuple[Any, list[tuple[int, str]]] | None:
    """The fast parser's result, or None when it leaves the text to libyaml."""
    parser = yamltree._FastParser(text, 0)
    try:
        value = parser.parse()
    except yamltree._Unsupported:
        return None
    return value, parser.problems


def _assert_same_as_libyaml(text: str, *, must_be_fast: bool = True) -> None:
    fast = _fast(text)
    if fast is None:
        assert not must_be_fast, f"fast path refused:\n{text}"
        return
    slow = yamltree._parse_with_libyaml(text, 0)
    assert _shape(fast[0]) == _shape(slow.value)
    assert fast[1] == slow.problems


def _plain_python(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_python(v) for v in value]
    return value


SNIPPETS = [
    "a: 1\nb: -2\nc: 0.5\nd: .5\ne: 1e3\nf: 1.0e+3\ng: 010\nh: 0x1F\ni: 1_000\nj: 190:20:30\n",
    "t: true\nf: False\ny: yes\nn: No\no: off\nnull1: ~\nnull2: null\nnull3:\ninf: -.inf\n",
    "date: 2024-01-31\nnotdate: 2024-13-45\nequals: =\nlong: Nothing here\n",
    "key: value # a comment\n# full-line comment\n  # indented comment\nnext: x\n",
    "q: 'it''s'\nd: \"tab\\tnew\\nline \\u2212 \\\"q\\\" \\\\ \\x41\"\ne: ''\nf: \"\"\n",
    "list:\n- a\n- b\nafter: 1\n",
    "list:\n  - a\n  -   b\n  - - nested\n",
    "items:\n  - id: one\n    text: x\n  - id: two\n    more:\n      - 1\n      - 2\n",
    "flow: [1, 2.5, -3, 'x', \"y\", plain words, [nested, {a: 1}], {}]\n",
    "map: {a: 1, b: [x, y], c: {d: e}, 'q': \"w\", }\nseq: [a, b, ]\nempty: []\n",
    "f: {activation: softmax, x: [2.0, 1.0, 0.1], index: 0}  # trailing comment\n",
    "lit: |\n  line one\n    indented\n\n  after blank\nnext: 1\n",
    "lit: |-\n  no newline\nfold: >\n  folded\n  text\n\n  para\nfold2: >-\n  a\n  b\n",
    "last: >-\n  at the end\n  of the file",
    "last: |\n  keep newline at end of file",
    "plain: first line\n  continues here\n\n  new paragraph\nnext: 2\n",
    "item:\n  - first\n    continues\n  - second\n",
    "crlf: 1\r\nnext: two\r\n",
    "ko: {en: \"Which range?\", ko: \"출력 범위는?\"}\nmath: σ′(x) ≤ 0.25 — e^(−x)\n",
    "under:\n  key: value\nback: 1\n",
    "a:\n  b:\n    c:\n      d: deep\n",
    "choices:\n  - \"(0, 1)\"\n  - text: \"(−1, 1)\"\n"
    "    feedback: That is tanh's range.\n  - '[0, ∞)'\n",
    "url: http://example.com/x\ncolon: a:b\nhash: C#\n",
    "dup: 1\ndup: 2\nflowdup: {a: 1, a: 2}\n",
    "true: yes\n2: two\n",
    "",
    "# only a comment\n",
    "just a scalar\n",
    "- top\n- level\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_fast_path_matches_libyaml(text: str) -> None:
    _assert_same_as_libyaml(text, must_be_fast=False)


@pytest.mark.parametrize("text", SNIPPETS)
def test_parse_yaml_values_equal_safe_load(text: str) -> None:
    try:
        expected = _safe_load(text)
    except (yaml.YAMLError, ValueError):
        pytest.skip("safe_load cannot construct this (a bad date, a lone '=')")
    got = parse_yaml(text).value
    if "dup:" in text:
        # safe_load keeps the last duplicate; we keep the first and report the second.
        assert got["dup"] == 1 and expected["dup"] == 2
        return
    assert _shape_values(got) == _shape_values(expected)


def _shape_values(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, dict):
        return {k: _shape_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape_values(v) for v in value]
    return (type(value).__name__, value)


def test_everyday_bank_yaml_takes_the_fast_path() -> None:
    for name in ("course.yaml", "quizzes/basics.yaml", "quizzes/shapes.yaml"):
        _assert_same_as_libyaml((VALID / name).read_text(encoding="utf-8"))
    for text in SNIPPETS:
        if "- - " not in text:  # nested compact sequences are left to libyaml
            assert _fast(text) is not None, text


@pytest.mark.skipif(not REPO_CONTENT.is_dir(), reason="no built-in content in this checkout")
def test_fast_path_matches_libyaml_on_the_built_in_content() -> None:
    files = [REPO_CONTENT / "course.yaml", *sorted((REPO_CONTENT / "quizzes").glob("*.yaml"))]
    for path in files:
        _assert_same_as_libyaml(path.read_text(encoding="utf-8"), must_be_fast=False)


def test_resolvers_are_pyyaml_s() -> None:
    from yaml.resolver import Resolver

    theirs = {k: [(t, r.pattern) for t, r in v] for k, v in
              Resolver.yaml_implicit_resolvers.items()}
    ours = {k: [(t, r.pattern) for t, r in v] for k, v in yamltree.IMPLICIT_RESOLVERS.items()}
    assert ours == theirs


def test_lines_of_keys_and_items_are_one_based_and_offset() -> None:
    value = parse_yaml("a: 1\nlist:\n  - x\n  - y: 2\n", line_offset=10).value
    assert value.line == 11
    assert value.key_lines == {"a": 11, "list": 12}
    assert value["list"].item_lines == [13, 14]
    assert value["list"][1].key_lines == {"y": 14}


def test_syntax_errors_carry_the_line() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.line == 2
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("a: 1\n  b: 2\n", line_offset=1)
    assert info.value.line == 3


def test_duplicate_keys_are_reported_not_fatal() -> None:
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


def test_aliases_and_merge_keys_work_through_libyaml() -> None:
    parsed = parse_yaml("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nref: *b\n")
    assert parsed.value["other"] == {"y": 3, "x": 1}
    assert parsed.value["ref"] == {"x": 1, "y": 2}


def test_alias_bombs_stay_small() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    parsed = parse_yaml("\n".join(lines) + "\n")
    assert isinstance(parsed.value["a11"], YList)  # shared, not expanded 9^12 times


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000, "a: " + "[" * 50_000 + "]" * 50_000, "- " * 100_000 + "x",
     "? " * 50_000 + "x", "{a: " * 60_000],
)
def test_pathological_nesting_is_an_error_not_a_crash(text: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml(text)
    assert "nests more than" in info.value.message


# --------------------------------------------------------------------------- properties

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


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.dictionaries(_KEYS, _DOCS, min_size=1, max_size=6),
       flow=st.sampled_from([False, None]), width=st.sampled_from([20, 60, 1000]),
       unicode=st.booleans(), indent=st.sampled_from([2, 4]))
def test_any_dumped_document_reads_back_like_libyaml(
    doc: dict[Any, Any], flow: bool | None, width: int, unicode: bool, indent: int
) -> None:
    text = yaml.safe_dump(doc, default_flow_style=flow, width=width, allow_unicode=unicode,
                          indent=indent, sort_keys=False)
    _assert_same_as_libyaml(text, must_be_fast=False)
    assert _shape_values(_plain_python(parse_yaml(text).value)) == _shape_values(
        _safe_load(text))


_AUTHOR_TEXT = st.text(alphabet="abcdefghij klmnop,.()σ−≤'\"#:-[]{}0123456789", min_size=1,
                       max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["plain", "quoted", "single", "folded", "literal",
                                           "flow", "wrapped"]), _AUTHOR_TEXT),
                min_size=1, max_size=8))
def test_author_style_banks_read_back_like_libyaml(fields: list[tuple[str, str]]) -> None:
    lines = ["questions:"]
    for number, (style, text) in enumerate(fields):
        lines.append(f"  - id: q{number}")
        if style == "plain":
            lines.append(f"    prompt: {text}")
        elif style == "quoted":
            escaped = text.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'    prompt: "{escaped}"')
        elif style == "single":
            lines.append("    prompt: '" + text.replace("'", "''") + "'")
        elif style in ("folded", "literal"):
            lines.append("    prompt: " + (">-" if style == "folded" else "|"))
            lines.extend("      " + part for part in text.split(" ") if part)
            lines.append("")
        elif style == "flow":
            lines.append(f"    choices: [{text}]")
        else:
            half = len(text) // 2
            lines.append(f"    prompt: {text[:half]}")
            lines.append(f"      {text[half:]}")
        lines.append("    answer: 1")
    text = "\n".join(lines) + "\n"
    try:
        expected = _safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(YamlSyntaxError):
            parse_yaml(text)
        return
    _assert_same_as_libyaml(text, must_be_fast=False)
    assert _shape_values(_plain_python(parse_yaml(text).value)) == _shape_values(expected)


_TAME_TEXT = st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.()σ−]{0,60}[A-Za-z0-9.)]", fullmatch=True)
_TAME = st.recursive(
    st.one_of(_TAME_TEXT, st.integers(-1000, 1000), st.floats(-1e6, 1e6), st.booleans()),
    lambda inner: st.one_of(st.lists(inner, min_size=1, max_size=4),
                            st.dictionaries(st.from_regex(r"k_[a-z]{0,6}", fullmatch=True),
                                            inner, min_size=1, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(doc=st.dictionaries(st.from_regex(r"k_[a-z]{0,6}", fullmatch=True), _TAME,
                           min_size=1, max_size=5),
       width=st.sampled_from([30, 80, 1000]), indent=st.sampled_from([2, 4]))
def test_tame_block_documents_take_the_fast_path(
    doc: dict[str, Any], width: int, indent: int
) -> None:
    text = yaml.safe_dump(doc, default_flow_style=False, width=width, allow_unicode=True,
                          indent=indent, sort_keys=False)
    _assert_same_as_libyaml(text, must_be_fast=True)
