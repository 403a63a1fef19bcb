"""The two depth lessons (initialisation, gated activations and temperature): shape, place in the
course, and every number they state recomputed by the engine, numpy's float16 or a closed form.

The lesson texts are searched for each worked number exactly as printed (line breaks count as
spaces), so editing a number in a lesson without its source here fails, and so does a change in
the engine that moves a number.
The Korean translations (``<id>.ko.md``) are held to the same numbers: each worked number in
its Korean sentence, and the very same numbers, as written, as the English lesson.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pytest

from acttutor.core.activations import get_activation
from acttutor.core.initialisation import (
    fixed_point_mean_square,
    kaiming_variance,
    preserving_gain,
    propagate_mean_square,
    recommended_gain,
    simulate_mean_square,
    uniform_bound,
    xavier_variance,
)
from acttutor.course.loader import load_course
from acttutor.course.models import (
    ChoiceQuestion,
    Course,
    MultiQuestion,
    NumericQuestion,
)

DEPTH_LESSONS = ("initialisation", "gated-activations")
FLOAT16_MAX = float(np.finfo(np.float16).max)


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _shown_matches(shown: str, value: float) -> bool:
    """``shown`` (e.g. "0.000977", "4,718,592", "−0.538", "8.9 · 10⁻¹⁶") is ``value`` rounded
    to the digits shown: within half a unit of its last decimal."""
    text = shown.replace(",", "").replace("\u2212", "-")
    power = re.fullmatch(r"(.+) · 10([⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text)
    exponent = 0
    if power:
        digits = power.group(3).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
        exponent = -int(digits) if power.group(2) else int(digits)
        text = power.group(1)
    mantissa = Decimal(text)
    decimals = mantissa.as_tuple().exponent
    assert isinstance(decimals, int), shown  # a finite number, not NaN or infinity
    unit = Decimal(1).scaleb(decimals + exponent)
    return abs(Decimal(repr(value)) - mantissa.scaleb(exponent)) <= unit / 2


def _softmax(logits: list[float]) -> np.ndarray:
    return np.asarray(get_activation("softmax").value(np.array(logits, dtype=float)))


def _softmax_slope(logits: list[float]) -> float:
    """∂s₁/∂x₁ = s₁(1 − s₁), the Jacobian's first diagonal entry."""
    return float(np.asarray(get_activation("softmax").derivative(np.array(logits)))[0])


def _f(name: str, x: float, **params: float | str) -> float:
    return float(np.asarray(get_activation(name).value(np.array([x]), **params))[0])


def _float16_softmax(logits: list[float], subtract_max: bool) -> np.ndarray:
    z = np.array(logits, dtype=np.float16)
    if subtract_max:
        z = z - z.max()
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum()


# Each entry: text exactly as it appears in the lesson, the number in it to verify, and the value.
_relu = propagate_mean_square
INITIALISATION_NUMBERS: list[tuple[str, str, Callable[[], float]]] = [
    ("0.5¹⁰ ≈ 0.000977", "0.000977", lambda: _relu("relu", 1.0, 10)[-1]),
    ("a factor of 2 give 2¹⁰ = 1024", "1024", lambda: _relu("relu", 4.0, 10)[-1]),
    ("√(2/512) = 0.0625", "0.0625", lambda: math.sqrt(kaiming_variance(512))),
    ("| 1 / fan_in | 0.5 | 2⁻¹⁰ ≈ 0.000977 | 0.031 |", "0.031",
     lambda: math.sqrt(_relu("relu", 1.0, 10)[-1])),
    ("| 2 / fan_in (He) | 1 | 1 | 1 |", "1", lambda: _relu("relu", 2.0, 10)[-1]),
    ("| 4 / fan_in | 2 | 2¹⁰ = 1024 | 32 |", "32", lambda: math.sqrt(_relu("relu", 4.0, 10)[-1])),
    ("shrunk to 3% of its size", "3", lambda: 100 * math.sqrt(_relu("relu", 1.0, 10)[-1])),
    ("one grown 32-fold", "32", lambda: math.sqrt(_relu("relu", 4.0, 10)[-1])),
    ("2⁻⁵⁰ ≈ 8.9 · 10⁻¹⁶", "8.9 · 10⁻¹⁶", lambda: _relu("relu", 1.0, 50)[-1]),
    # nn.Linear's U(−1/√n, 1/√n) with n = 64: variance (1/8)²/3, which is 1 / (3n).
    ("a variance of 1 / (3 · fan_in)", "3", lambda: 1.0 / (64 * (1 / 8) ** 2 / 3)),
    ("2/768 ≈ 0.0026", "0.0026", lambda: xavier_variance(256, 512)),
    ("a standard deviation of about 0.051", "0.051",
     lambda: math.sqrt(xavier_variance(256, 512))),
    ("√(6 / (fan_in + fan_out)) ≈ 0.088", "0.088",
     lambda: uniform_bound(xavier_variance(256, 512))),
    ("| tanh | 5/3 ≈ 1.667 |", "1.667", lambda: recommended_gain("tanh")),
    ("| relu | √2 ≈ 1.414 |", "1.414", lambda: recommended_gain("relu")),
    ("1.414 at the default slope 0.01", "1.414", lambda: recommended_gain("leaky_relu")),
    ("1.387 at 0.2", "1.387", lambda: recommended_gain("leaky_relu", 0.2)),
    ("| selu | 3/4 |", "3", lambda: 4 * recommended_gain("selu")),
    ("| linear, convolutions, sigmoid | 1 |", "1", lambda: recommended_gain("sigmoid")),
    ("mean square of about 0.424", "0.424", lambda: fixed_point_mean_square("tanh", 25 / 9)),
    ("variance near 1.18", "1.18", lambda: 25 / 9 * fixed_point_mean_square("tanh", 25 / 9)),
    ("stays at 1.000 for ten layers", "1.000",
     lambda: max(propagate_mean_square("selu", 1.0, 10), key=lambda m: abs(m - 1.0))),
    ("with 3/4 it falls to 0.107", "0.107",
     lambda: propagate_mean_square("selu", (3 / 4) ** 2, 10)[-1]),
    ("settles near 0.041", "0.041", lambda: fixed_point_mean_square("selu", (3 / 4) ** 2)),
    ("0.394 after one layer", "0.394", lambda: propagate_mean_square("tanh", 1.0, 1)[-1]),
    ("0.052 after ten", "0.052", lambda: propagate_mean_square("tanh", 1.0, 10)[-1]),
    ("0.0051 after a hundred", "0.0051", lambda: propagate_mean_square("tanh", 1.0, 100)[-1]),
    ("2³⁰ ≈ 1.07 · 10⁹", "1.07 · 10⁹", lambda: _relu("relu", 4.0, 30)[-1]),
]

LLAMA_7B_HIDDEN = 256 * math.ceil(2 / 3 * 4 * 4096 / 256)

GATED_NUMBERS: list[tuple[str, str, Callable[[], float]]] = [
    ("3 · σ(2) ≈ 3 · 0.881 = 2.642", "0.881", lambda: _f("sigmoid", 2.0)),
    ("3 · σ(2) ≈ 3 · 0.881 = 2.642", "2.642", lambda: 3 * _f("sigmoid", 2.0)),
    ("3 · σ(−1) ≈ 3 · 0.269 = 0.807", "0.269", lambda: _f("sigmoid", -1.0)),
    ("3 · σ(−1) ≈ 3 · 0.269 = 0.807", "0.807", lambda: 3 * _f("sigmoid", -1.0)),
    ("2 · SiLU(1) ≈ 2 · 0.731 = 1.462", "0.731", lambda: _f("silu", 1.0)),
    ("2 · SiLU(1) ≈ 2 · 0.731 = 1.462", "1.462", lambda: 2 * _f("silu", 1.0)),
    ("2 · GELU(1) ≈ 2 · 0.841 = 1.683", "0.841", lambda: _f("gelu", 1.0, approximate="none")),
    ("2 · GELU(1) ≈ 2 · 0.841 = 1.683", "1.683",
     lambda: 2 * _f("gelu", 1.0, approximate="none")),
    ("2 · SiLU(−1) ≈ 2 · (−0.269) = −0.538", "−0.269", lambda: _f("silu", -1.0)),
    ("2 · SiLU(−1) ≈ 2 · (−0.269) = −0.538", "−0.538", lambda: 2 * _f("silu", -1.0)),
    ("d_ff = 8d/3 ≈ 2.67d", "2.67", lambda: 8 / 3),
    ("2 · 768 · 3072 = 4,718,592", "4,718,592", lambda: 2 * 768 * 3072),
    ("3 · 768 · 2048 = 4,718,592", "4,718,592", lambda: 3 * 768 * 2048),
    ("2/3 · 4 · 4096 ≈ 10,922.7", "10,922.7", lambda: 2 / 3 * 4 * 4096),
    ("its hidden size of 11,008", "11,008", lambda: LLAMA_7B_HIDDEN),
    ("| 0.5 | [0.864, 0.117, 0.019] |", "0.864", lambda: _softmax([4.0, 2.0, 0.2])[0]),
    ("| 0.5 | [0.864, 0.117, 0.019] |", "0.117", lambda: _softmax([4.0, 2.0, 0.2])[1]),
    ("| 0.5 | [0.864, 0.117, 0.019] |", "0.019", lambda: _softmax([4.0, 2.0, 0.2])[2]),
    ("| 1 | [0.659, 0.242, 0.099] |", "0.659", lambda: _softmax([2.0, 1.0, 0.1])[0]),
    ("| 1 | [0.659, 0.242, 0.099] |", "0.242", lambda: _softmax([2.0, 1.0, 0.1])[1]),
    ("| 1 | [0.659, 0.242, 0.099] |", "0.099", lambda: _softmax([2.0, 1.0, 0.1])[2]),
    ("| 2 | [0.502, 0.304, 0.194] |", "0.502", lambda: _softmax([1.0, 0.5, 0.05])[0]),
    ("| 2 | [0.502, 0.304, 0.194] |", "0.304", lambda: _softmax([1.0, 0.5, 0.05])[1]),
    ("| 2 | [0.502, 0.304, 0.194] |", "0.194", lambda: _softmax([1.0, 0.5, 0.05])[2]),
    ("e² ≈ 7.39 at T = 0.5", "7.39", lambda: _softmax([2.0, 0.0])[0] / _softmax([2.0, 0.0])[1]),
    ("e^0.5 ≈ 1.65 at T = 2", "1.65", lambda: _softmax([0.5, 0.0])[0] / _softmax([0.5, 0.0])[1]),
    ("Scores of 16 and 8 give softmax [0.99966, 0.00034]", "0.99966",
     lambda: _softmax([16.0, 8.0])[0]),
    ("Scores of 16 and 8 give softmax [0.99966, 0.00034]", "0.00034",
     lambda: _softmax([16.0, 8.0])[1]),
    ("s(1 − s) ≈ 0.00034", "0.00034",
     lambda: _softmax_slope([16.0, 8.0])),
    ("Divided by √64 = 8 they become 2 and 1", "8", lambda: math.sqrt(64)),
    ("[0.731, 0.269], slope 0.197", "0.731", lambda: _softmax([2.0, 1.0])[0]),
    ("[0.731, 0.269], slope 0.197", "0.269", lambda: _softmax([2.0, 1.0])[1]),
    ("[0.731, 0.269], slope 0.197", "0.197",
     lambda: _softmax_slope([2.0, 1.0])),
    ("The largest finite float16 is 65504", "65504", lambda: FLOAT16_MAX),
    ("ln 65504 ≈ 11.09", "11.09", lambda: math.log(FLOAT16_MAX)),
    ("is 11.0859375 (e^x ≈ 65247, stored as 65248)", "65247", lambda: math.exp(11.0859375)),
    ("is 11.0859375 (e^x ≈ 65247, stored as 65248)", "65248",
     lambda: float(np.exp(np.float16(11.0859375)))),
    ("the next one, 11.09375, gives inf", "11.09375",
     lambda: float(np.nextafter(np.float16(11.0859375), np.float16(12)))),
    ("e^x overflows only near x ≈ 88.7", "88.7",
     lambda: math.log(float(np.finfo(np.float32).max))),
    ("e¹² ≈ 162,755, which float16 stores as inf", "162,755", lambda: math.exp(12)),
    ("inf / (inf + 22,026) = NaN", "22,026", lambda: math.exp(10)),
    ("exponentials 1 and 0.135", "0.135", lambda: math.exp(-2)),
    ("[0.8804, 0.1192] in float16", "0.8804",
     lambda: float(_float16_softmax([12, 10], subtract_max=True)[0])),
    ("[0.8804, 0.1192] in float16", "0.1192",
     lambda: float(_float16_softmax([12, 10], subtract_max=True)[1])),
    ("the exact values are 0.881 and 0.119", "0.881", lambda: _softmax([12.0, 10.0])[0]),
    ("the exact values are 0.881 and 0.119", "0.119", lambda: _softmax([12.0, 10.0])[1]),
    ("logits of 3 at T = 0.25 become 12", "12", lambda: 3 / 0.25),
]


@pytest.mark.parametrize(
    ("lesson_id", "snippet", "shown", "compute"),
    [("initialisation", *row) for row in INITIALISATION_NUMBERS]
    + [("gated-activations", *row) for row in GATED_NUMBERS],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_lesson_numbers_match_the_engine(
    course: Course, lesson_id: str, snippet: str, shown: str, compute: Callable[[], float]
) -> None:
    body = _flat(course.lesson(lesson_id).body)
    assert snippet in body, f"{lesson_id} no longer says {snippet!r}"
    assert shown in snippet
    value = float(compute())
    assert _shown_matches(shown, value), f"{shown} ≠ {value!r}"


# The Korean lessons state the same worked numbers. Where an English snippet holds words, this is
# the Korean text that carries the same number; a formula-only snippet must appear unchanged.
KOREAN_SNIPPETS: dict[str, str] = {
    "a factor of 2 give 2¹⁰ = 1024": "배율이 2인 층 열 개를 지나면 2¹⁰ = 1024",
    "shrunk to 3% of its size": "원래 크기의 3%로 줄어들고",
    "one grown 32-fold": "다른 쪽은 32배로 커집니다",
    "a variance of 1 / (3 · fan_in)": "그 분산은 1 / (3 · fan_in)",
    "a standard deviation of about 0.051": "표준편차는 약 0.051",
    "1.414 at the default slope 0.01": "기본 기울기 0.01에서 1.414",
    "1.387 at 0.2": "0.2에서 1.387",
    "| linear, convolutions, sigmoid | 1 |": "| linear, 합성곱(convolution), sigmoid | 1 |",
    "mean square of about 0.424": "평균 제곱 약 0.424",
    "variance near 1.18": "분산 1.18 근처",
    "stays at 1.000 for ten layers": "열 개 층 동안 1.000에 머물고",
    "with 3/4 it falls to 0.107": "3/4이면 0.107로 떨어진",
    "settles near 0.041": "0.041 근처에 자리 잡습니다",
    "0.394 after one layer": "한 층 뒤 0.394",
    "0.052 after ten": "열 개 층 뒤 0.052",
    "0.0051 after a hundred": "백 개 층 뒤 0.0051",
    "its hidden size of 11,008": "은닉 크기 11,008",
    "e² ≈ 7.39 at T = 0.5": "T = 0.5에서는 e² ≈ 7.39",
    "e^0.5 ≈ 1.65 at T = 2": "T = 2에서는 e^0.5 ≈ 1.65",
    "Scores of 16 and 8 give softmax [0.99966, 0.00034]":
        "점수 16과 8은 소프트맥스 [0.99966, 0.00034]",
    "Divided by √64 = 8 they become 2 and 1": "√64 = 8로 나누면 점수는 2와 1이 되어",
    "[0.731, 0.269], slope 0.197": "[0.731, 0.269], 기울기 0.197",
    "The largest finite float16 is 65504": "float16의 가장 큰 유한값은 65504",
    "is 11.0859375 (e^x ≈ 65247, stored as 65248)":
        "11.0859375입니다(e^x ≈ 65247이고, 65248로 저장됩니다)",
    "the next one, 11.09375, gives inf": "그다음 값인 11.09375는 inf를 줍니다",
    "e^x overflows only near x ≈ 88.7": "e^x는 x ≈ 88.7 근처에서야 오버플로합니다",
    "e¹² ≈ 162,755, which float16 stores as inf":
        "e¹² ≈ 162,755를 구하게 되는데, float16은 이를 inf로 저장하고",
    "exponentials 1 and 0.135": "지수는 1과 0.135",
    "[0.8804, 0.1192] in float16": "float16 결과는 [0.8804, 0.1192]",
    "the exact values are 0.881 and 0.119": "정확한 값은 0.881과 0.119",
    "logits of 3 at T = 0.25 become 12": "로짓 3은 T = 0.25에서 12가 되어",
}


@pytest.mark.parametrize(
    ("lesson_id", "snippet", "shown", "compute"),
    [("initialisation", *row) for row in INITIALISATION_NUMBERS]
    + [("gated-activations", *row) for row in GATED_NUMBERS],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_korean_lesson_numbers_match_the_engine(
    course: Course, lesson_id: str, snippet: str, shown: str, compute: Callable[[], float]
) -> None:
    body = _flat(course.lesson(lesson_id).translations["ko"].body)
    korean = KOREAN_SNIPPETS.get(snippet, snippet)
    assert korean in body, f"{lesson_id}.ko no longer says {korean!r}"
    assert shown in korean
    assert _shown_matches(shown, float(compute())), f"{shown} ≠ {compute()!r}"


def test_every_korean_snippet_translates_a_checked_one() -> None:
    english = {snippet for snippet, _, _ in INITIALISATION_NUMBERS + GATED_NUMBERS}
    assert set(KOREAN_SNIPPETS) <= english


# Every number as written: digits with inner "." or "," and a sign, superscript and subscript runs.
_NUMBER = re.compile(r"[−-]?\d+(?:[.,]\d+)*|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[₀₁₂₃₄₅₆₇₈₉]+|[½¼¾]")


@pytest.mark.parametrize("lesson_id", DEPTH_LESSONS)
def test_korean_lesson_states_the_same_numbers(course: Course, lesson_id: str) -> None:
    lesson = course.lesson(lesson_id)
    korean = lesson.translations["ko"]
    english = Counter(_NUMBER.findall(lesson.body))
    translated = Counter(_NUMBER.findall(korean.body))
    missing, added = dict(english - translated), dict(translated - english)
    assert english == translated, f"only in English: {missing}, only in Korean: {added}"
    assert [s.id for s in korean.sections] == [s.id for s in lesson.sections]


def test_the_seeded_scatter_of_he_networks() -> None:
    # The lesson's 100 networks: seeds 0-99, width 256, 128 standard-normal inputs, ten layers.
    finals = [simulate_mean_square("relu", 2.0, 10, width=256, samples=128, seed=seed)[-1]
              for seed in range(100)]
    assert _shown_matches("0.41", min(finals))
    assert _shown_matches("2.40", max(finals))


def test_no_gain_keeps_tanh_at_a_unit_mean_square(course: Course) -> None:
    assert "no gain keeps it at 1, since |tanh| < 1" in _flat(course.lesson("initialisation").body)
    with pytest.raises(ValueError, match="no gain keeps a mean square of 1 through tanh"):
        preserving_gain("tanh", mean_square=1.0)
    # ... while 5/3 keeps exactly the level the lesson says the stack settles at.
    assert preserving_gain("tanh", mean_square=0.4243) == pytest.approx(5 / 3, rel=1e-3)


def test_float16_overflow_threshold() -> None:
    # Every float16 up to 11.0859375 has a finite exponential; every one above overflows.
    with warnings.catch_warnings(), np.errstate(over="ignore"):
        warnings.simplefilter("error")
        xs = np.arange(np.float16(10.5), np.float16(12.0), np.float16(2**-7), dtype=np.float16)
        finite = xs[np.isfinite(np.exp(xs))]
    assert float(finite.max()) == 11.0859375
    assert math.log(FLOAT16_MAX) < 11.09375
    # Round to nearest: e^x becomes inf once it reaches 65520, halfway to 2^16.
    assert math.exp(11.0859375) < 65520 <= math.exp(11.09375)
    # bfloat16 keeps float32's 8-bit exponent: its largest value (2 − 2⁻⁷)·2¹²⁷ has ln ≈ 88.7.
    assert math.log((2 - 2**-7) * 2.0**127) == pytest.approx(88.72, abs=0.005)


def test_naive_float16_softmax_fails_and_the_max_trick_fixes_it() -> None:
    naive = _float16_softmax([12, 10], subtract_max=False)
    assert math.isnan(naive[0]) and naive[1] == 0.0
    fixed = _float16_softmax([12, 10], subtract_max=True)
    assert np.all(np.isfinite(fixed))
    assert float(fixed.sum()) == pytest.approx(1.0, abs=1e-3)


def test_attention_scores_have_variance_d_k() -> None:
    # q · k over 64 independent unit-variance components has variance 64. Its kurtosis is
    # 3 + 6/64, so 200,000 seeded pairs estimate the variance with a relative standard error of
    # √((2 + 6/64) / 200000) ≈ 0.32%; the tolerance is six of those.
    rng = np.random.default_rng(2017)
    q = rng.standard_normal((200_000, 64))
    k = rng.standard_normal((200_000, 64))
    scores = np.einsum("ij,ij->i", q, k)
    assert scores.var() == pytest.approx(64.0, rel=0.02)
    assert (scores / 8.0).var() == pytest.approx(1.0, rel=0.02)


def test_temperature_keeps_the_order_and_sharpens_or_flattens() -> None:
    logits = np.array([2.0, 1.0, 0.1])
    for temperature in (0.1, 0.5, 1.0, 2.0, 10.0):
        p = _softmax(list(logits / temperature))
        assert list(np.argsort(-p)) == [0, 1, 2]
    top = [_softmax(list(logits / t))[0] for t in (0.25, 0.5, 1.0, 2.0, 4.0)]
    assert top == sorted(top, reverse=True)


# --- the banks -------------------------------------------------------------------------------

# Numeric facts without an engine check: what each keyed answer must equal.
UNCHECKED_ANSWERS: dict[str, float] = {
    "initialisation-relu-ten-layers": propagate_mean_square("relu", 1.0, 10)[-1],
    "initialisation-he-std": math.sqrt(kaiming_variance(512)),
    "initialisation-xavier-variance": xavier_variance(256, 512),
    "initialisation-leaky-gain": recommended_gain("leaky_relu", 0.2),
    "gated-activations-hidden-size": 2 * 768 * 3072 / (3 * 768),
    "gated-activations-float16-limit": math.log(FLOAT16_MAX),
}


def test_unchecked_numeric_answers_are_verified_here(course: Course) -> None:
    unchecked = {
        q.id: q
        for lesson_id in DEPTH_LESSONS
        for q in course.questions_for(lesson_id)
        if isinstance(q, NumericQuestion) and q.check is None
    }
    assert set(unchecked) == set(UNCHECKED_ANSWERS)
    for qid, question in unchecked.items():
        assert question.answer == pytest.approx(UNCHECKED_ANSWERS[qid], abs=1e-12), qid


def test_unchecked_numeric_choices_are_verified_here(course: Course) -> None:
    def correct(qid: str) -> str:
        question = next(q for lesson in DEPTH_LESSONS for q in course.questions_for(lesson)
                        if q.id == qid)
        assert isinstance(question, ChoiceQuestion)
        return question.choices[question.answer].text.en  # answer is 0-based in the model

    assert correct("initialisation-relu-exploding") == "1024"
    assert float(correct("initialisation-relu-exploding")) == propagate_mean_square(
        "relu", 4.0, 10)[-1]
    naive = _float16_softmax([12, 10], subtract_max=False)
    assert correct("gated-activations-max-trick") == "[NaN, 0]"
    assert math.isnan(naive[0]) and naive[1] == 0.0


@pytest.mark.parametrize("lesson_id", DEPTH_LESSONS)
def test_lesson_shape(course: Course, lesson_id: str) -> None:
    lesson = course.lesson(lesson_id)
    named = [s for s in lesson.sections if s.id != "intro"]
    assert 4 <= len(named) <= 7
    words = len(re.findall(r"\S+", lesson.body))
    assert 500 <= words <= 1200, words
    assert len(lesson.activations) >= 3, "charts for several sections"


@pytest.mark.parametrize("lesson_id", DEPTH_LESSONS)
def test_bank_size_types_and_sections(course: Course, lesson_id: str) -> None:
    questions = course.questions_for(lesson_id)
    assert len(questions) >= 12
    assert {q.type for q in questions} == {
        "choice", "multi", "truefalse", "numeric", "plot", "generated"
    }
    assert all(q.id.startswith(f"{lesson_id}-") for q in questions)
    sections = {s.id for s in course.lesson(lesson_id).sections if s.id != "intro"}
    assert {q.section for q in questions} == sections, "every section has a question"
    for q in questions:
        if isinstance(q, MultiQuestion):
            assert "Select all that apply" in q.prompt.en, q.id
    checked = [q for q in questions if getattr(q, "check", None) is not None]
    assert len(checked) >= 3


def test_course_places_the_depth_lessons(course: Course) -> None:
    order = [lesson.id for lesson in course.lessons]
    assert order.index("modern-activations") < order.index("initialisation")
    assert order.index("initialisation") < order.index("gated-activations")
    assert order.index("gated-activations") < order.index("forward-pass")
    assert len(order) >= 17
