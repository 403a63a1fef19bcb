"""Whatever a content file holds, checking it yields Problems, never a traceback."""

from __future__ import annotations

from pathlib import Path

import yaml
from content_helpers import build_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acttutor.course.checker import check_roots
from acttutor.course.problems import Problem

_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_FIELDS = ["id", "type", "section", "lesson", "prompt", "choices", "answer", "answers",
           "explanation", "tolerance", "hint", "unit", "feedback", "plot", "template", "check",
           "tags", "text", "activation", "params", "x", "of", "index", "range", "min", "max",
           "step", "decimals", "en", "ko", "true", "false"]
_VALUES = st.recursive(
    st.one_of(
        st.sampled_from(["choice", "multi", "truefalse", "numeric", "plot", "generated",
                         "sigmoid", "softmax", "elu", "range", "basics", "value", "derivative",
                         "1/4", "e^-1", "{x}", "{answer}", "", "!!python/object"]),
        st.text(max_size=12),
        st.integers(-3, 12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=10),
        st.dictionaries(st.one_of(st.sampled_from(_FIELDS), st.text(max_size=5)), inner,
                        max_size=8),
    ),
    max_leaves=8,
)
_QUESTION = st.fixed_dictionaries(
    {"id": st.sampled_from(["q-1", "q-2", "basics-range", "Bad Id"]),
     "type": st.sampled_from(["choice", "multi", "truefalse", "numeric", "plot", "generated",
                              "essay"])},
    optional={name: _VALUES for name in _FIELDS if name not in ("id", "type")},
)


def _check_only_problems(root: Path) -> None:
    report = check_roots([root])
    assert all(isinstance(p, Problem) and p.line >= 1 and p.message for p in report.problems)
    assert report.summary


@_SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_in_a_bank_give_problems(tmp_path_factory, data: bytes) -> None:
    root = build_course(tmp_path_factory.mktemp("fuzz"))
    (root / "quizzes" / "fuzz.yaml").write_bytes(data)
    _check_only_problems(root)


@_SETTINGS
@given(text=st.text(max_size=300))
def test_random_text_in_a_bank_and_a_lesson_give_problems(tmp_path_factory, text: str) -> None:
    root = build_course(tmp_path_factory.mktemp("fuzz"))
    (root / "quizzes" / "fuzz.yaml").write_text(text, encoding="utf-8")
    (root / "lessons" / "shapes.md").write_text("---\n" + text + "\n---\n" + text,
                                                encoding="utf-8")
    _check_only_problems(root)


@_SETTINGS
@given(bank=st.fixed_dictionaries(
    {"format_version": st.sampled_from([1, 2, "1", None]),
     "bank": st.sampled_from(["fuzz", "basics", 3]),
     "lesson": st.sampled_from(["basics", "shapes", "missing", None]),
     "questions": st.lists(_QUESTION, max_size=3)},
), flow=st.sampled_from([False, None]))
def test_random_yaml_banks_give_problems(tmp_path_factory, bank: dict, flow: bool | None) -> None:
    root = build_course(tmp_path_factory.mktemp("fuzz"))
    (root / "quizzes" / "fuzz.yaml").write_text(
        yaml.safe_dump(bank, default_flow_style=flow, allow_unicode=True), encoding="utf-8")
    _check_only_problems(root)


@_SETTINGS
@given(front=st.dictionaries(st.sampled_from(["id", "title", "summary", "activations",
                                              "params", "concepts", "extra"]), _VALUES,
                             max_size=7),
       body=st.lists(st.sampled_from(["## Heading", "## {#}", "## Range {#range}", "```", "~~~",
                                      "text <div>", "## ", "## x {#Bad_Id}", ""]), max_size=8))
def test_random_lesson_front_matter_gives_problems(tmp_path_factory, front: dict,
                                                   body: list[str]) -> None:
    root = build_course(tmp_path_factory.mktemp("fuzz"))
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + "\n".join(body)
    (root / "lessons" / "basics.ko.md").write_text(text, encoding="utf-8")
    (root / "lessons" / "shapes.md").write_text(text, encoding="utf-8")
    _check_only_problems(root)
