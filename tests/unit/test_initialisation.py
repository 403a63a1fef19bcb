"""Initialisation maths: closed forms, an independent integral, seeded networks, PyTorch's gains."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest

from acttutor.core.activations import ActivationError
from acttutor.core.initialisation import (
    fixed_point_mean_square,
    gaussian_mean_square,
    gradient_factor,
    kaiming_variance,
    preserving_gain,
    propagate_mean_square,
    recommended_gain,
    simulate_mean_square,
    uniform_bound,
    xavier_variance,
)

_trapezoid = getattr(np, "trapezoid", None) or np.trapz  # numpy < 2 names it trapz


def _reference_mean_square(f, variance: float) -> float:
    """E[f(z)²] for z ~ N(0, variance) by the trapezoid rule on 1.4 million points over ±14σ.

    The grid contains 0, so a kink there costs nothing, and the rule's O(h²) error with
    h = 2e-5 σ is far below the 1e-9 the tests ask for."""
    sigma = math.sqrt(variance)
    z = np.linspace(-14.0 * sigma, 14.0 * sigma, 1_400_001)
    density = np.exp(-0.5 * (z / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))
    return float(_trapezoid(f(z) ** 2 * density, z))


# --- PyTorch's formulas ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "param", "gain"),
    [
        ("linear", None, 1.0),
        ("conv2d", None, 1.0),
        ("sigmoid", None, 1.0),
        ("tanh", None, 5.0 / 3.0),
        ("relu", None, math.sqrt(2.0)),
        ("leaky_relu", None, math.sqrt(2.0 / (1.0 + 0.01**2))),
        ("leaky_relu", 0.2, math.sqrt(2.0 / 1.04)),
        ("selu", None, 0.75),
    ],
)
def test_recommended_gain_matches_pytorch_documentation(name, param, gain) -> None:
    assert recommended_gain(name, param) == pytest.approx(gain, rel=1e-15)


def test_recommended_gain_rejects_unknown_names_and_bad_slopes() -> None:
    with pytest.raises(ValueError, match="no recommended gain for 'gelu'"):
        recommended_gain("gelu")
    with pytest.raises(ValueError, match="negative_slope must be a finite number"):
        recommended_gain("leaky_relu", math.nan)


def test_xavier_and_kaiming_variances() -> None:
    assert xavier_variance(256, 512) == pytest.approx(2.0 / 768.0, rel=1e-15)
    assert xavier_variance(100, 100, gain=5.0 / 3.0) == pytest.approx(25.0 / 9.0 / 100.0)
    assert kaiming_variance(512) == pytest.approx(1.0 / 256.0, rel=1e-15)
    assert math.sqrt(kaiming_variance(512)) == pytest.approx(0.0625, rel=1e-15)
    assert kaiming_variance(512, gain=1.0) == pytest.approx(1.0 / 512.0)
    # A uniform distribution on (−a, a) has variance a²/3: Glorot's bound √(6/(fan_in+fan_out)).
    assert uniform_bound(xavier_variance(256, 512)) == pytest.approx(math.sqrt(6.0 / 768.0))
    # PyTorch's nn.Linear default, U(−1/√n, 1/√n), has variance 1/(3n).
    assert uniform_bound(1.0 / (3.0 * 64)) == pytest.approx(1.0 / 8.0)


@pytest.mark.parametrize("fan", [0, -3, 2.5, True])
def test_fans_must_be_positive_whole_numbers(fan) -> None:
    with pytest.raises(ValueError, match="must be a positive whole number"):
        xavier_variance(fan, 10)
    with pytest.raises(ValueError, match="must be a positive whole number"):
        kaiming_variance(fan)


# --- one layer: E[f(z)²] ----------------------------------------------------------------------


@pytest.mark.parametrize("variance", [1e-6, 0.3, 1.0, 2.0, 37.5])
def test_relu_and_leaky_relu_keep_their_exact_share(variance: float) -> None:
    assert gaussian_mean_square("relu", variance) == pytest.approx(variance / 2, rel=1e-13)
    leaky = gaussian_mean_square("leaky_relu", variance, {"negative_slope": 0.2})
    assert leaky == pytest.approx(variance * 1.04 / 2, rel=1e-13)
    # Backward: ReLU′ is 1 on half of the inputs.
    assert gaussian_mean_square("relu", variance, of="derivative") == pytest.approx(0.5, rel=1e-13)


def test_identity_keeps_the_variance() -> None:
    assert gaussian_mean_square("identity", 2.5) == pytest.approx(2.5, rel=1e-13)


@pytest.mark.parametrize(
    ("name", "params"),
    [("tanh", {}), ("sigmoid", {}), ("selu", {}), ("elu", {"alpha": 1.0}), ("gelu", {}),
     ("silu", {})],
)
@pytest.mark.parametrize("variance", [0.25, 1.0, 4.0])
def test_quadrature_matches_an_independent_integral(name, params, variance) -> None:
    from acttutor.core.activations import get_activation

    act = get_activation(name)
    reference = _reference_mean_square(lambda z: act.value(z, **params), variance)
    assert gaussian_mean_square(name, variance, params) == pytest.approx(reference, rel=1e-9)


def test_selu_fixed_point_is_unit_variance() -> None:
    # Klambauer et al. (2017): for z ~ N(0, 1), SELU(z) has mean 0 and variance 1.
    assert gaussian_mean_square("selu", 1.0) == pytest.approx(1.0, abs=1e-12)


def test_zero_variance_gives_f_of_zero_squared() -> None:
    assert gaussian_mean_square("tanh", 0.0) == 0.0
    assert gaussian_mean_square("sigmoid", 0.0) == pytest.approx(0.25, rel=1e-14)


def test_vector_activations_and_bad_variances_are_refused() -> None:
    with pytest.raises(ActivationError, match="acts on a whole vector"):
        gaussian_mean_square("softmax", 1.0)
    with pytest.raises(ActivationError, match="unknown activation"):
        gaussian_mean_square("relu7", 1.0)
    with pytest.raises(ValueError, match="variance must be a finite number"):
        gaussian_mean_square("tanh", -1.0)
    with pytest.raises(ValueError, match="variance must be a finite number"):
        gaussian_mean_square("tanh", math.inf)


def test_gradient_factor() -> None:
    assert gradient_factor("relu", 2.0, 1.0) == pytest.approx(1.0, rel=1e-13)
    assert gradient_factor("relu", 1.0, 1.0) == pytest.approx(0.5, rel=1e-13)
    # Tanh near 0 is the identity: slope 1, so the factor is c itself.
    assert gradient_factor("tanh", 1.0, 1e-8) == pytest.approx(1.0, rel=1e-7)
    with pytest.raises(ValueError, match="weight_scale"):
        gradient_factor("relu", 0.0, 1.0)


# --- depth -------------------------------------------------------------------------------------


@pytest.mark.parametrize("c", [1.0, 2.0, 4.0, 0.37])
def test_relu_depth_closed_form(c: float) -> None:
    profile = propagate_mean_square("relu", c, 10)
    assert len(profile) == 11
    assert profile == pytest.approx([(c / 2) ** layer for layer in range(11)], rel=1e-15)


def test_the_lesson_table() -> None:
    assert propagate_mean_square("relu", 1.0, 10)[-1] == 2.0**-10
    assert propagate_mean_square("relu", 2.0, 10)[-1] == 1.0
    assert propagate_mean_square("relu", 4.0, 10)[-1] == 1024.0
    assert propagate_mean_square("relu", 4.0, 30)[-1] == 2.0**30
    assert propagate_mean_square("relu", 1.0, 50)[-1] == pytest.approx(8.881784197e-16)


def test_generic_propagation_agrees_with_the_relu_closed_form() -> None:
    # threshold(x) with threshold 0 and value 0 is ReLU, but takes the integrating path.
    for c in (1.0, 2.0, 4.0):
        generic = propagate_mean_square("threshold", c, 10, params={"threshold": 0, "value": 0})
        assert generic == pytest.approx(propagate_mean_square("relu", c, 10), rel=1e-12)


def test_tanh_with_gain_one_fades_like_one_over_two_l() -> None:
    profile = propagate_mean_square("tanh", 1.0, 1000)
    assert all(later < earlier for earlier, later in zip(profile, profile[1:], strict=False))
    # m ← m − 2m² + O(m³) gives m_l ≈ 1/(2l) for large l.
    assert profile[1000] * 2 * 1000 == pytest.approx(1.0, abs=0.01)


def test_fixed_points() -> None:
    tanh = fixed_point_mean_square("tanh", 25.0 / 9.0)
    assert tanh == pytest.approx(gaussian_mean_square("tanh", 25.0 / 9.0 * tanh), rel=1e-10)
    assert fixed_point_mean_square("selu", 1.0, start=0.3) == pytest.approx(1.0, abs=1e-9)
    assert fixed_point_mean_square("relu", 1.0) == 0.0
    assert fixed_point_mean_square("relu", 4.0) == math.inf


def test_preserving_gain_is_pytorchs_for_rectifiers() -> None:
    assert preserving_gain("relu") == pytest.approx(recommended_gain("relu"), rel=1e-13)
    for slope in (0.01, 0.2, 0.5):
        assert preserving_gain("leaky_relu", {"negative_slope": slope}) == pytest.approx(
            recommended_gain("leaky_relu", slope), rel=1e-13
        )
    assert preserving_gain("relu", mean_square=0.01) == pytest.approx(math.sqrt(2), rel=1e-12)


def test_preserving_gain_of_tanh_depends_on_the_signal() -> None:
    # 5/3 keeps exactly the mean square where a deep tanh stack with gain 5/3 settles.
    settled = fixed_point_mean_square("tanh", 25.0 / 9.0)
    assert preserving_gain("tanh", mean_square=settled) == pytest.approx(5.0 / 3.0, rel=1e-9)
    # Small signals see tanh as the identity: gain → 1. Larger ones need more.
    assert preserving_gain("tanh", mean_square=1e-6) == pytest.approx(1.0, rel=1e-5)
    assert preserving_gain("tanh", mean_square=0.6) > 5.0 / 3.0
    # |tanh| < 1, so no gain keeps a mean square of 1.
    with pytest.raises(ValueError, match="no gain keeps a mean square of 1 through tanh"):
        preserving_gain("tanh")


def test_no_numpy_warnings_even_when_the_signal_explodes() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exploding = propagate_mean_square("tanh", 1e300, 3, input_mean_square=1e300)
        assert all(math.isfinite(v) or v == math.inf for v in exploding)
        assert propagate_mean_square("selu", 4.0, 1000)[-1] == math.inf
        assert propagate_mean_square("relu", 4.0, 1000)[-1] == 2.0**1000
        assert propagate_mean_square("relu", 8.0, 1000)[-1] == math.inf
        assert fixed_point_mean_square("selu", 4.0) == math.inf


@pytest.mark.parametrize("layers", [-1, 1001, 2.0, True])
def test_layer_counts_are_bounded(layers) -> None:
    with pytest.raises(ValueError, match="layers must be a whole number from 0 to 1000"):
        propagate_mean_square("relu", 2.0, layers)


# --- seeded networks ---------------------------------------------------------------------------


def test_simulation_is_repeatable_and_relu_is_positively_homogeneous() -> None:
    he = simulate_mean_square("relu", 2.0, 10, width=64, samples=32, seed=7)
    assert he == simulate_mean_square("relu", 2.0, 10, width=64, samples=32, seed=7)
    # Scaling every weight by √(c/2) scales layer l's mean square by exactly (c/2)^l.
    for c in (1.0, 4.0):
        scaled = simulate_mean_square("relu", c, 10, width=64, samples=32, seed=7)
        expected = [m * (c / 2) ** layer for layer, m in enumerate(he)]
        assert scaled == pytest.approx(expected, rel=1e-9)


def test_relu_simulation_averages_to_the_exact_expectation() -> None:
    # E[m_l | m_{l-1}] = (c/2) m_{l-1} holds exactly at any width, so the ratio m_10 / m_0
    # averaged over independent networks estimates (c/2)^10 = 1 without bias. One network's ratio
    # scatters with a standard deviation of about 0.3 at width 256 (Hanin & Rolnick 2018); the
    # test allows four standard errors of the mean, estimated from the same 64 networks.
    ratios = np.array([
        (lambda m: m[-1] / m[0])(simulate_mean_square("relu", 2.0, 10, width=256, samples=64,
                                                      seed=seed))
        for seed in range(64)
    ])
    standard_error = ratios.std(ddof=1) / math.sqrt(ratios.size)
    assert abs(ratios.mean() - 1.0) < 4 * standard_error
    assert 0.1 < ratios.std(ddof=1) < 0.6


@pytest.mark.parametrize(("name", "c"), [("tanh", 1.0), ("tanh", 25.0 / 9.0), ("selu", 1.0)])
def test_wide_simulation_matches_the_propagation(name: str, c: float) -> None:
    # Zero-mean activations do not build up a shared direction, so one network of width 256
    # scatters by about 2-3% after ten layers, and the Gaussian approximation is off by O(1/width)
    # (measured: −1.7% for tanh, −1.2% for SELU). Four networks, 6% tolerance.
    predicted = propagate_mean_square(name, c, 10)[-1]
    measured = np.mean([
        simulate_mean_square(name, c, 10, width=256, samples=256, seed=seed)[-1]
        for seed in range(4)
    ])
    assert measured == pytest.approx(predicted, rel=0.06)


def test_simulation_bounds_its_cost() -> None:
    with pytest.raises(ValueError, match="width × samples must be at most 4,000,000"):
        simulate_mean_square("relu", 2.0, 1, width=4096, samples=4096)


def test_the_module_never_imports_the_ui() -> None:
    code = (
        "import sys, acttutor.core.initialisation as i; i.propagate_mean_square('tanh', 1.0, 3);"
        "print(any(m.split('.')[0] in ('textual', 'plotext', 'textual_plotext', 'rich')"
        " for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
