"""The activation engine: seeds, PyTorch agreement, kinks, extremes, identities, properties."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acttutor.core.activations import REGISTRY, ActivationError, get_activation

FIXTURES = Path(__file__).parent.parent / "fixtures"
REFERENCE = json.loads((FIXTURES / "torch_reference.json").read_text())
ELEMENTWISE = [a for a in REGISTRY.values() if a.kind == "elementwise"]
VECTOR = [a for a in REGISTRY.values() if a.kind == "vector"]
TORCH_NAMES = [
    "identity", "step", "sigmoid", "tanh", "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu",
    "celu", "selu", "gelu", "silu", "swish", "mish", "softplus", "softsign", "hardsigmoid",
    "hardtanh", "hardswish", "logsigmoid", "tanhshrink", "softshrink", "hardshrink", "threshold",
    "softmax", "log_softmax", "softmin",
]
EXTREMES = np.array(
    [-np.inf, -1e308, -1e300, -1e10, -1000.0, -745.0, -40.0, -1e-300, -0.0, 0.0, 1e-300, 40.0,
     710.0, 1000.0, 1e10, 1e300, 1e308, np.inf, np.nan]
)


def test_registry_has_every_activation_with_torch_names() -> None:
    assert list(REGISTRY) == TORCH_NAMES


@pytest.mark.parametrize("act", REGISTRY.values(), ids=lambda a: a.name)
def test_every_entry_is_documented(act) -> None:
    assert act.display and act.formula and act.derivative_formula and act.output_range
    assert act.summary.endswith(".")
    for p in act.params:
        assert p.description
        if not p.is_choice:
            assert p.low <= p.default <= p.high and p.step > 0


@pytest.mark.parametrize("act", REGISTRY.values(), ids=lambda a: a.name)
@pytest.mark.parametrize("x", [1.0, -2, 0, 0.5, 40.0, -1e300, math.inf, math.nan], ids=repr)
def test_a_plain_python_scalar_works_like_a_one_element_array(act, x) -> None:
    """`value(1.0)` and `derivative(-2)` take a Python float or int, not only arrays."""
    for method in (act.value, act.derivative):
        got = method(x)
        expected = method(np.array([x], dtype=np.float64))
        assert np.shape(got) == () and np.asarray(got).dtype == np.float64
        np.testing.assert_array_equal(got, expected[0])


def test_torch_defaults_and_parameter_names() -> None:
    defaults = {name: REGISTRY[name].defaults() for name in REGISTRY}
    assert defaults["leaky_relu"] == {"negative_slope": 0.01}
    assert defaults["prelu"] == {"weight": 0.25}
    assert defaults["rrelu"] == {"lower": 1 / 8, "upper": 1 / 3}
    assert defaults["elu"] == {"alpha": 1.0} and defaults["celu"] == {"alpha": 1.0}
    assert defaults["gelu"] == {"approximate": "none"}
    assert defaults["swish"] == {"beta": 1.0}
    assert defaults["softplus"] == {"beta": 1.0, "threshold": 20.0}
    assert defaults["hardtanh"] == {"min_val": -1.0, "max_val": 1.0}
    assert defaults["softshrink"] == {"lambd": 0.5} == defaults["hardshrink"]
    assert defaults["threshold"] == {"threshold": 0.0, "value": 0.0}


# --- the source notes' numbers ---------------------------------------------------------------


def test_seed_numbers() -> None:
    sig = get_activation("sigmoid")
    assert sig.value(0.0) == 0.5
    assert sig.value(6.0) == pytest.approx(0.9975, abs=5e-5)
    assert sig.value(6.0) == pytest.approx(1 / (1 + math.exp(-6)), rel=1e-15)
    assert sig.derivative(0.0) == 0.25
    soft = get_activation("softmax")
    np.testing.assert_allclose(soft.value([2.0, 1.0, 0.1]), [0.659, 0.242, 0.099], atol=5e-4)
    np.testing.assert_allclose(soft.value([0.0, 1.0, 2.0]), [0.090, 0.245, 0.665], atol=5e-4)


# --- agreement with PyTorch float64 ----------------------------------------------------------


@pytest.mark.parametrize(
    "case", REFERENCE["elementwise"], ids=lambda c: f"{c['name']}{c['params'] or ''}"
)
def test_matches_pytorch_float64(case) -> None:
    act = get_activation(case["name"])
    x = np.array(REFERENCE["x"])
    params = act.resolve_params(case["params"])
    np.testing.assert_allclose(act.value(x, **params), case["value"], rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(
        act.derivative(x, **params), case["derivative"], rtol=1e-7, atol=1e-7
    )


@pytest.mark.parametrize("case", REFERENCE["vector"], ids=lambda c: f"{c['name']}{c['x']}")
def test_vector_functions_match_pytorch(case) -> None:
    act = get_activation(case["name"])
    np.testing.assert_allclose(act.value(case["x"]), case["value"], rtol=1e-7, atol=1e-7)
    jac = act.jacobian(case["x"])
    np.testing.assert_allclose(jac, case["jacobian"], rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(act.derivative(case["x"]), np.diag(jac), rtol=1e-12, atol=1e-15)


# --- derivatives in closed form ----------------------------------------------------------------

KINKS = {
    "step": [0.0], "relu": [0.0], "relu6": [0.0, 6.0], "leaky_relu": [0.0], "prelu": [0.0],
    "rrelu": [0.0], "elu": [0.0], "celu": [0.0], "selu": [0.0], "hardsigmoid": [-3.0, 3.0],
    "hardtanh": [-1.0, 1.0], "hardswish": [-3.0, 3.0], "softshrink": [-0.5, 0.5],
    "hardshrink": [-0.5, 0.5], "threshold": [0.0], "softplus": [20.0],
}


@pytest.mark.parametrize("act", ELEMENTWISE, ids=lambda a: a.name)
def test_derivative_matches_central_differences(act) -> None:
    x = np.linspace(-7.3, 7.1, 301)
    keep = np.ones_like(x, dtype=bool)
    for k in KINKS.get(act.name, []):
        keep &= np.abs(x - k) > 1e-3
    x = x[keep]
    h = 1e-6
    numeric = (act.value(x + h) - act.value(x - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(x), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("act", VECTOR, ids=lambda a: a.name)
def test_jacobian_matches_central_differences(act) -> None:
    x = np.array([0.3, -1.2, 2.5, 0.0])
    h = 1e-6
    numeric = np.empty((4, 4))
    for j in range(4):
        e = np.zeros(4)
        e[j] = h
        numeric[:, j] = (act.value(x + e) - act.value(x - e)) / (2 * h)
    np.testing.assert_allclose(act.jacobian(x), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    ("name", "x", "expected"),
    [
        ("relu", 0.0, 0.0), ("relu6", 0.0, 0.0), ("relu6", 6.0, 0.0), ("leaky_relu", 0.0, 0.01),
        ("prelu", 0.0, 0.25), ("elu", 0.0, 1.0), ("celu", 0.0, 1.0),
        ("selu", 0.0, 1.0507009873554805 * 1.6732632423543772), ("hardtanh", -1.0, 0.0),
        ("hardtanh", 1.0, 0.0), ("hardsigmoid", 3.0, 0.0), ("hardswish", -3.0, 0.0),
        ("hardswish", 3.0, 1.0), ("softshrink", 0.5, 0.0), ("hardshrink", -0.5, 0.0),
        ("threshold", 0.0, 0.0), ("step", 0.0, 0.0), ("softplus", 20.0, 1.0 / (1 + math.exp(-20))),
    ],
)
def test_kinks_follow_pytorch_autograd(name: str, x: float, expected: float) -> None:
    assert get_activation(name).derivative(x) == pytest.approx(expected, rel=1e-12, abs=1e-15)


# --- extreme inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize("act", REGISTRY.values(), ids=lambda a: a.name)
def test_extreme_inputs_raise_no_floating_point_errors(act) -> None:
    finite = EXTREMES[np.isfinite(EXTREMES)]
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        for params in (act.defaults(), _far_params(act)):
            for x in (finite, EXTREMES):
                values = act.value(x, **params)
                derivs = act.derivative(x, **params)
                assert values.shape == derivs.shape == x.shape
            vals = act.value(finite, **params)
            assert not np.isnan(vals).any(), f"{act.name} gave NaN for a finite input"
            assert not np.isnan(act.derivative(finite, **params)).any()


def _far_params(act):
    """Every numeric parameter at the end of its range farthest from zero."""
    params = act.defaults()
    for p in act.params:
        if not p.is_choice:
            params[p.name] = p.high if abs(p.high) >= abs(p.low) else p.low
        else:
            params[p.name] = p.choices[-1]
    if act.name == "hardtanh":
        params.update(min_val=-10.0, max_val=10.0)
    if act.name == "rrelu":
        params.update(lower=0.0, upper=1.0)
    return params


def test_limits_at_infinity() -> None:
    inf = np.inf
    assert get_activation("sigmoid").value([-inf, inf]).tolist() == [0.0, 1.0]
    assert get_activation("gelu").value([-inf, inf]).tolist() == [0.0, inf]
    assert get_activation("silu").value([-inf]).tolist() == [0.0]
    assert get_activation("softsign").value([-inf, inf]).tolist() == [-1.0, 1.0]
    assert get_activation("softplus").value([-inf, inf]).tolist() == [0.0, inf]
    assert get_activation("elu").value([-inf]).tolist() == [-1.0]
    assert np.isnan(get_activation("tanh").derivative(np.nan))


def test_sigmoid_derivative_keeps_precision_in_the_tails() -> None:
    # σ(40) rounds to 1, so σ(1 − σ) would be 0; the closed form keeps e^(−40).
    assert get_activation("sigmoid").derivative(40.0) == pytest.approx(math.exp(-40), rel=1e-12)
    assert get_activation("tanh").derivative(30.0) == pytest.approx(4 * math.exp(-60), rel=1e-12)
    assert get_activation("tanhshrink").value(1e-5) == pytest.approx(1e-15 / 3, rel=1e-9)


def test_softmax_with_huge_and_infinite_logits() -> None:
    soft = get_activation("softmax")
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert soft.value([-1e308, 1e308]).tolist() == [0.0, 1.0]
        assert soft.value([np.inf, 0.0, np.inf]).tolist() == [0.5, 0.0, 0.5]
        assert get_activation("log_softmax").value([-1e308, 1e308]).tolist() == [-np.inf, 0.0]


# --- identities --------------------------------------------------------------------------------


def test_tanh_is_a_rescaled_sigmoid() -> None:
    x = np.linspace(-20, 20, 1001)
    sig = get_activation("sigmoid").value(2 * x)
    np.testing.assert_allclose(get_activation("tanh").value(x), 2 * sig - 1, atol=1e-15)


def test_minus_log_sigmoid_is_softplus_of_minus_x() -> None:
    x = np.linspace(-30, 30, 601)
    # threshold=50: PyTorch's default of 20 returns x itself beyond 20, off by e^(−20).
    np.testing.assert_allclose(
        -get_activation("logsigmoid").value(x),
        get_activation("softplus").value(-x, beta=1.0, threshold=50.0),
        rtol=1e-12, atol=1e-300,
    )


@given(st.lists(st.floats(-50, 50), min_size=1, max_size=8), st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(xs: list[float], shift: float) -> None:
    soft = get_activation("softmax")
    np.testing.assert_allclose(soft.value(np.array(xs) + shift), soft.value(xs), atol=1e-12)


@given(st.floats(-30, 30), st.floats(-30, 30))
def test_two_class_softmax_is_sigmoid_of_the_difference(a: float, b: float) -> None:
    first = get_activation("softmax").value([a, b])[0]
    assert first == pytest.approx(get_activation("sigmoid").value(a - b), abs=1e-15)


# --- properties --------------------------------------------------------------------------------

finite_floats = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60)
@given(st.lists(finite_floats, min_size=1, max_size=20))
def test_outputs_stay_in_range(xs: list[float]) -> None:
    x = np.array(xs)
    for act in REGISTRY.values():
        low, high = act.bounds
        values = act.value(x)
        assert (values >= low).all() and (values <= high).all(), act.name


@settings(max_examples=60)
@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=30))
def test_monotone_functions_are_monotone(xs: list[float]) -> None:
    x = np.sort(np.array(xs))
    for act in ELEMENTWISE:
        if act.monotone:
            assert (np.diff(act.value(x)) >= 0).all(), act.name


@given(st.lists(st.lists(finite_floats, min_size=3, max_size=3), min_size=1, max_size=5))
def test_softmax_rows_sum_to_one(rows: list[list[float]]) -> None:
    for name in ("softmax", "softmin"):
        out = get_activation(name).value(np.array(rows))
        np.testing.assert_allclose(out.sum(axis=-1), 1.0, rtol=1e-12)


# --- parameters --------------------------------------------------------------------------------


def test_parameter_validation_messages() -> None:
    leaky = get_activation("leaky_relu")
    assert leaky.resolve_params({"negative_slope": "0.2"}) == {"negative_slope": 0.2}
    with pytest.raises(ActivationError, match="no parameter 'alpha'.*negative_slope"):
        leaky.resolve_params({"alpha": 1})
    with pytest.raises(ActivationError, match="out of range"):
        leaky.resolve_params({"negative_slope": 5})
    with pytest.raises(ActivationError, match="must be a number"):
        leaky.resolve_params({"negative_slope": "abc"})
    with pytest.raises(ActivationError, match="finite"):
        leaky.resolve_params({"negative_slope": "nan"})
    with pytest.raises(ActivationError, match="min_val .* below max_val"):
        get_activation("hardtanh").resolve_params({"min_val": 2, "max_val": 1})
    with pytest.raises(ActivationError, match="one of none, tanh"):
        get_activation("gelu").resolve_params({"approximate": "fast"})


def test_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(ActivationError, match="did you mean sigmoid"):
        get_activation("sigmod")
    assert get_activation("Leaky-ReLU").name == "leaky_relu"


def test_parameters_change_the_function() -> None:
    elu = get_activation("elu")
    assert elu.value(-50.0, alpha=0.5) == pytest.approx(-0.5)
    assert get_activation("softplus").value(2.0, beta=20.0, threshold=20.0) == 2.0
    assert get_activation("softplus").value(0.0, beta=2.0) == pytest.approx(math.log(2) / 2)
    swish = get_activation("swish")
    assert swish.value(3.0, beta=0.0) == 1.5


def test_core_never_imports_the_ui() -> None:
    code = (
        "import sys, acttutor.core.activations, acttutor.core.curves;"
        "import importlib, pkgutil, acttutor.core as c;"
        "[importlib.import_module('acttutor.core.' + m.name)"
        " for m in pkgutil.iter_modules(c.__path__)];"
        "ui = ('textual', 'plotext', 'textual_plotext', 'rich');"
        "bad = [m for m in sys.modules if m.split('.')[0] in ui];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
