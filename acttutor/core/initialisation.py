"""Weight initialisation matched to the activation: how the scale of a signal changes with depth.

A fully connected layer computes zⱼ = Σᵢ Wⱼᵢ aᵢ over ``fan_in`` inputs. With weights drawn
independently with mean 0 and variance Var(W) = c / fan_in, the expected square of each
pre-activation is

    E[zⱼ²] = fan_in · Var(W) · E[a²] = c · E[a²]

whatever the distribution of the previous activations a (only their mean square counts, because
the weights have mean 0). The activation then turns E[z²] into the next mean square E[f(z)²], so
one layer multiplies the mean square of the signal by a factor that depends on c and on f. Over L
layers the factors multiply: a factor of ½ per layer leaves 2⁻¹⁰ ≈ 0.000977 after ten layers.

- :func:`propagate_mean_square` follows the mean square E[a²] through a stack of layers. For ReLU
  and leaky ReLU the step is exact for any width: zⱼ is symmetric about 0 (a sum of terms with
  symmetric weights), so E[ReLU(z)²] = E[z²]/2 exactly. For other activations it uses the usual
  wide-layer approximation z ~ N(0, c · E[a²]) and Gaussian quadrature of the engine's f.
- :func:`simulate_mean_square` runs the same stack with seeded random weights, as a check.
- :func:`recommended_gain`, :func:`xavier_variance`, :func:`kaiming_variance` and
  :func:`uniform_bound` reproduce the formulas of ``torch.nn.init`` (Glorot & Bengio 2010,
  He et al. 2015; the gain table of ``torch.nn.init.calculate_gain``).

Pure numpy on top of :mod:`acttutor.core.activations`; never imports a UI library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.polynomial.legendre import leggauss

from acttutor.core.activations import Activation, ActivationError, ParamValue, get_activation

__all__ = [
    "QUADRATURE_NODES",
    "QUADRATURE_PANELS",
    "fixed_point_mean_square",
    "gaussian_mean_square",
    "gradient_factor",
    "kaiming_variance",
    "preserving_gain",
    "propagate_mean_square",
    "recommended_gain",
    "simulate_mean_square",
    "uniform_bound",
    "xavier_variance",
]

#: E[g(z)] for z ~ N(0, v) is integrated as ∫₀^∞ (g(t) + g(−t)) φ(t) dt, so a kink at 0 (ReLU,
#: leaky ReLU, ELU, SELU) sits on the boundary of the range instead of inside it, and the range
#: [0, 12σ] is split into panels of σ/2 with Gauss–Legendre nodes each. For activations that are
#: smooth away from 0 the result is exact to rounding; the tail beyond 12σ weighs below 1e-30.
QUADRATURE_PANELS = 24
QUADRATURE_NODES = 16
_PANEL_WIDTH = 0.5

#: Largest number of layers the propagation and simulation accept; beyond it nothing new is learnt
#: and a user-chosen count must not cost unbounded time.
MAX_LAYERS = 1000

_LINEAR_NAMES = frozenset({
    "linear", "identity", "conv1d", "conv2d", "conv3d",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
})


def recommended_gain(nonlinearity: str, param: float | None = None) -> float:
    """The gain PyTorch recommends for ``nonlinearity``, as documented for
    ``torch.nn.init.calculate_gain``: linear, convolutions and sigmoid 1; tanh 5/3; relu √2;
    leaky_relu √(2 / (1 + negative_slope²)) with negative_slope = ``param`` (default 0.01);
    selu 3/4.

    The initialisers multiply the standard deviation of the weights by the gain, so the weight
    variance is multiplied by gain². Raises ValueError for any other name or a bad slope.
    """
    name = nonlinearity.strip().lower()
    if name in _LINEAR_NAMES or name == "sigmoid":
        return 1.0
    if name == "tanh":
        return 5.0 / 3.0
    if name == "relu":
        return math.sqrt(2.0)
    if name == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        if not math.isfinite(slope):
            raise ValueError(f"leaky_relu: negative_slope must be a finite number, not {param!r}")
        return math.sqrt(2.0 / (1.0 + slope * slope))
    if name == "selu":
        return 3.0 / 4.0
    raise ValueError(
        f"no recommended gain for {nonlinearity!r}; known: linear, sigmoid, tanh, relu, "
        "leaky_relu, selu"
    )


def _check_fan(name: str, fan: int) -> None:
    if isinstance(fan, bool) or not isinstance(fan, int) or fan < 1:
        raise ValueError(f"{name} must be a positive whole number, not {fan!r}")


def xavier_variance(fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    """Glorot & Bengio (2010): Var(W) = gain² · 2 / (fan_in + fan_out).

    The compromise between keeping the forward signal (fan_in · Var(W) = 1) and the backward
    gradient (fan_out · Var(W) = 1) for an activation with slope 1 at 0, such as tanh.
    """
    _check_fan("fan_in", fan_in)
    _check_fan("fan_out", fan_out)
    return gain * gain * 2.0 / (fan_in + fan_out)


def kaiming_variance(fan: int, gain: float = math.sqrt(2.0)) -> float:
    """He et al. (2015): Var(W) = gain² / fan, with gain √2 for ReLU, so Var(W) = 2 / fan.

    ``fan`` is fan_in to keep the forward signal (PyTorch's default ``mode='fan_in'``) or fan_out
    to keep the backward gradient.
    """
    _check_fan("fan", fan)
    return gain * gain / fan


def uniform_bound(variance: float) -> float:
    """The bound a of U(−a, a) with the given variance: Var = a²/3, so a = √(3 · variance)."""
    if not (math.isfinite(variance) and variance >= 0.0):
        raise ValueError(f"variance must be a finite number ≥ 0, not {variance!r}")
    return math.sqrt(3.0 * variance)


@lru_cache(maxsize=1)
def _half_normal_rule() -> tuple[np.ndarray, np.ndarray]:
    """Nodes t > 0 and weights w with E[g(z)] ≈ Σ w (g(t) + g(−t)) for z ~ N(0, 1)."""
    unit_nodes, unit_weights = leggauss(QUADRATURE_NODES)
    half = _PANEL_WIDTH / 2.0
    starts = np.arange(QUADRATURE_PANELS) * _PANEL_WIDTH
    nodes = (starts[:, None] + half * (unit_nodes[None, :] + 1.0)).ravel()
    weights = np.tile(unit_weights * half, QUADRATURE_PANELS)
    density = np.exp(-0.5 * nodes * nodes) / math.sqrt(2.0 * math.pi)
    return nodes, weights * density


def _elementwise(name: str, params: Mapping[str, ParamValue] | None) -> tuple[
        Activation, dict[str, ParamValue]]:
    activation = get_activation(name)
    if activation.kind != "elementwise":
        raise ActivationError(
            f"{activation.name} acts on a whole vector; initialisation maths needs an "
            "elementwise activation"
        )
    return activation, activation.resolve_params(params)


def _check_variance(variance: float) -> None:
    if not (math.isfinite(variance) and variance >= 0.0):
        raise ValueError(f"the pre-activation variance must be a finite number ≥ 0, not "
                         f"{variance!r}")


def gaussian_mean_square(
    activation: str,
    variance: float,
    params: Mapping[str, ParamValue] | None = None,
    of: Literal["value", "derivative"] = "value",
) -> float:
    """E[f(z)²] (or E[f′(z)²] with ``of="derivative"``) for z ~ N(0, ``variance``).

    Computed by composite Gauss–Legendre quadrature of the engine's f or f′ on both halves of
    the line (see :data:`QUADRATURE_PANELS`); exact to rounding for activations that are smooth
    away from 0, such as relu, leaky_relu, elu, selu, tanh and sigmoid.
    """
    act, resolved = _elementwise(activation, params)
    _check_variance(variance)
    nodes, weights = _half_normal_rule()
    t = math.sqrt(variance) * nodes
    z = np.concatenate([t, -t])
    f: np.ndarray = np.asarray(
        act.value(z, **resolved) if of == "value" else act.derivative(z, **resolved)
    )
    # Square f / max|f| so that a huge signal (variance up to float64's limit) cannot overflow
    # inside numpy; a result beyond float64 comes out as inf from the final Python product.
    scale = float(np.max(np.abs(f)))
    if scale == 0.0:
        return 0.0
    r = f / scale
    squares = r * r
    return float(np.dot(weights, squares[: t.size] + squares[t.size:])) * scale * scale


def gradient_factor(
    activation: str,
    weight_scale: float,
    variance: float,
    params: Mapping[str, ParamValue] | None = None,
) -> float:
    """How much one layer multiplies the mean square of the backward gradient.

    Backpropagation computes δ_prev = f′(z) ⊙ Wᵀδ; with Var(W) = ``weight_scale`` / fan_out the
    factor is weight_scale · E[f′(z)²] for z ~ N(0, ``variance``). For ReLU E[f′(z)²] = ½, so
    He's weight_scale = 2 keeps gradients as steady as it keeps the forward signal.
    """
    _check_scale(weight_scale)
    return weight_scale * gaussian_mean_square(activation, variance, params, of="derivative")


def _check_scale(weight_scale: float) -> None:
    if not (math.isfinite(weight_scale) and weight_scale > 0.0):
        raise ValueError(f"weight_scale (c in Var(W) = c / fan_in) must be a finite number > 0, "
                         f"not {weight_scale!r}")


def _check_layers(layers: int) -> None:
    if isinstance(layers, bool) or not isinstance(layers, int) or not 0 <= layers <= MAX_LAYERS:
        raise ValueError(f"layers must be a whole number from 0 to {MAX_LAYERS}, not {layers!r}")


def propagate_mean_square(
    activation: str,
    weight_scale: float,
    layers: int,
    input_mean_square: float = 1.0,
    params: Mapping[str, ParamValue] | None = None,
) -> tuple[float, ...]:
    """The mean square E[a²] of the input and of each layer's output: ``layers + 1`` numbers.

    Each layer has Var(W) = ``weight_scale`` / fan_in and no bias, so its pre-activation has
    E[z²] = weight_scale · E[a²] and its output E[f(z)²]. For relu the result is the closed form
    (weight_scale / 2)^l · input_mean_square; for leaky_relu with slope s it is
    (weight_scale · (1 + s²) / 2)^l · input_mean_square. Both hold exactly for any width. Other
    activations use z ~ N(0, E[z²]), exact only as the width grows.
    """
    act, resolved = _elementwise(activation, params)
    _check_scale(weight_scale)
    _check_layers(layers)
    _check_variance(input_mean_square)
    out = [input_mean_square]
    if act.name in ("relu", "leaky_relu"):
        slope = float(resolved.get("negative_slope", 0.0))
        factor = weight_scale * (1.0 + slope * slope) / 2.0
        for _ in range(layers):
            out.append(out[-1] * factor)  # a float product saturates at inf; ** would raise
        return tuple(out)
    for _ in range(layers):
        # A signal that has grown past float64's range stays infinite; there is nothing to
        # integrate (and multiplying on would only raise warnings).
        variance = weight_scale * out[-1]
        out.append(math.inf if not math.isfinite(variance) else
                   gaussian_mean_square(act.name, variance, resolved))
    return tuple(out)


def fixed_point_mean_square(
    activation: str,
    weight_scale: float,
    params: Mapping[str, ParamValue] | None = None,
    start: float = 1.0,
    max_layers: int = MAX_LAYERS,
    tolerance: float = 1e-12,
) -> float:
    """The mean square a very deep stack settles at: iterate m ← E[f(z)²], z ~ N(0, c · m),
    from ``start`` until two steps differ by less than ``tolerance`` (relative).

    Returns 0.0 or math.inf when the signal fades or grows without a fixed point, and raises
    ValueError when ``max_layers`` steps do not settle.
    """
    act, resolved = _elementwise(activation, params)
    _check_scale(weight_scale)
    _check_variance(start)
    m = start
    for _ in range(max_layers):
        variance = weight_scale * m
        if variance > 1e300:
            return math.inf
        nxt = gaussian_mean_square(act.name, variance, resolved)
        if nxt < 1e-300:
            return 0.0
        if abs(nxt - m) <= tolerance * max(abs(nxt), 1e-300):
            return nxt
        m = nxt
    raise ValueError(f"{act.name} with c = {weight_scale:g}: the mean square did not settle in "
                     f"{max_layers} layers (last value {m:.6g})")


def preserving_gain(
    activation: str,
    params: Mapping[str, ParamValue] | None = None,
    mean_square: float = 1.0,
) -> float:
    """The weight gain g that keeps a signal of the given mean square m unchanged through a layer:
    the g with E[f(z)²] = m for z ~ N(0, g² · m), that is Var(W) = g² / fan_in.

    √2 for relu and √(2 / (1 + s²)) for leaky_relu at every m (PyTorch's documented gains). For a
    bending activation it depends on m: 5/3 is tanh's gain for m ≈ 0.424, and no gain keeps
    m ≥ 1 through tanh, whose outputs never exceed 1 in size. Raises ValueError when no gain in
    [0.001, 100] works; found by bisection on g (E[f(z)²] grows with g for the activations here).
    """
    act, resolved = _elementwise(activation, params)
    if not (math.isfinite(mean_square) and mean_square > 0.0):
        raise ValueError(f"mean_square must be a finite number > 0, not {mean_square!r}")

    def excess(gain: float) -> float:
        return gaussian_mean_square(act.name, gain * gain * mean_square, resolved) - mean_square

    # Gains outside [0.001, 100] are never useful. At the ends the quadrature only has to get
    # the sign of the excess right; near 1e6 every node would give tanh² = 1.0 in float64 and
    # hide that E[tanh(z)²] < 1.
    low, high = 1e-3, 1e2
    if excess(low) > 0.0 or excess(high) < 0.0:
        raise ValueError(f"no gain keeps a mean square of {mean_square:g} through {act.name}")
    for _ in range(200):  # geometric bisection: 200 halvings of log(high/low) reach rounding
        middle = math.sqrt(low * high)
        if middle in (low, high):
            break
        if excess(middle) < 0.0:
            low = middle
        else:
            high = middle
    return math.sqrt(low * high)


def simulate_mean_square(
    activation: str,
    weight_scale: float,
    layers: int,
    width: int = 256,
    samples: int = 512,
    seed: int = 0,
    params: Mapping[str, ParamValue] | None = None,
) -> tuple[float, ...]:
    """Run ``samples`` standard-normal inputs of size ``width`` through ``layers`` square layers
    with weights drawn from N(0, weight_scale / width) (seeded), and return the measured mean
    square of the input and of each layer's output: ``layers + 1`` numbers.

    One random network, so the figures scatter around :func:`propagate_mean_square` by a few
    per cent at the default sizes; the seed makes each run repeatable.
    """
    act, resolved = _elementwise(activation, params)
    _check_scale(weight_scale)
    _check_layers(layers)
    _check_fan("width", width)
    _check_fan("samples", samples)
    if width * samples > 4_000_000:
        raise ValueError(f"width × samples must be at most 4,000,000, not {width * samples:,}")
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((samples, width))
    out = [float(np.mean(a * a))]
    std = math.sqrt(weight_scale / width)
    for _ in range(layers):
        weights = rng.standard_normal((width, width)) * std
        with np.errstate(over="ignore", invalid="ignore"):
            a = np.asarray(act.value(a @ weights, **resolved))
            out.append(float(np.mean(a * a)))
    return tuple(out)
