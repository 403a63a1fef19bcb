"""The activation engine: every activation the course teaches, with closed-form derivatives.

Names, parameter names and defaults follow ``torch.nn.functional``. All arithmetic is float64 and is
written so that no finite input (±1e308 included) raises an overflow, invalid or divide-by-zero
floating-point error; infinities give their limits and NaN propagates. Derivatives at kinks follow
PyTorch autograd's convention (for example relu′(0) = 0, leaky_relu′(0) = the negative slope,
elu′(0) = α, hardtanh′ at its bounds = 0, hardswish′(−3) = 0 and hardswish′(3) = 1); the
reference values in tests/fixtures/torch_reference.json come from PyTorch itself.

This module is pure numpy and never imports a UI library.
"""

from __future__ import annotations

import difflib
import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from acttutor.core.i18n import N_, _

if TYPE_CHECKING:
    import numpy as np
else:
    # Measured: numpy's import costs 1.2 G instructions, 0.39× a minimal Textual app's imports.

    class _LazyNumpy:
        """Stands in for numpy until first used, then replaces itself with the real module.

        Importing numpy costs as much as importing Textual; the tutor's first paint (and a quiz
        whose first question needs no computation) should not wait for it.
        """

        def __getattr__(self, name: str) -> Any:
            import numpy

            globals()["np"] = numpy
            return getattr(numpy, name)

    np = _LazyNumpy()


__all__ = [
    "Activation",
    "ActivationError",
    "Param",
    "REGISTRY",
    "VECTOR_CONTEXT",
    "get_activation",
    "format_params",
]

ParamValue = float | str
Array: TypeAlias = "np.ndarray[Any, np.dtype[np.float64]]"
Mask: TypeAlias = "np.ndarray[Any, np.dtype[np.bool_]]"
ValueFn = Callable[..., Array]

#: Beyond this magnitude sigmoid-like factors are exactly 0 or 1 in float64.
_SAT = 800.0
_FMAX = sys.float_info.max

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_C = 0.044715

#: A vector function is drawn as a curve by varying the first logit while the others stay at these
#: values — the source notes' logits [2.0, 1.0, 0.1], so that at x = 2 softmax gives 0.659.
VECTOR_CONTEXT: tuple[float, ...] = (1.0, 0.1)


class ActivationError(ValueError):
    """A user asked for an activation or a parameter that does not exist or is out of range."""


@dataclass(frozen=True)
class Param:
    """One parameter of an activation, with its default and the range a learner may choose from."""

    name: str
    default: ParamValue
    low: float = -math.inf
    high: float = math.inf
    step: float = 0.1
    choices: tuple[str, ...] = ()
    description: str = ""
    symbol: str = ""

    @property
    def is_choice(self) -> bool:
        """True for a parameter that takes one of a few names (gelu's ``approximate``)."""
        return bool(self.choices)

    def coerce(self, raw: object, activation: str) -> ParamValue:
        """Turn ``raw`` (a number or text) into a valid value, or raise ActivationError."""
        where = _("{activation}: parameter {name}").format(activation=activation, name=self.name)
        if self.is_choice:
            text = str(raw).strip()
            if text not in self.choices:
                raise ActivationError(_("{where} must be one of {choices}, not {value}").format(
                    where=where, choices=", ".join(self.choices), value=repr(text)))
            return text
        if isinstance(raw, bool):
            raise ActivationError(_("{what} must be a number, not {text}").format(
                what=where, text=repr(raw)))
        if isinstance(raw, int | float):
            value = float(raw)
        else:
            text = str(raw).strip().replace("\u2212", "-")
            try:
                value = float(text)
            except ValueError:
                raise ActivationError(_("{what} must be a number, not {text}").format(
                    what=where, text=repr(str(raw)))) from None
        if not math.isfinite(value):
            raise ActivationError(_("{what} must be a finite number, not {text}").format(
                what=where, text=value))
        if not self.low <= value <= self.high:
            raise ActivationError(
                _("{where} = {value} is out of range; choose a value in [{low}, {high}]").format(
                    where=where, value=f"{value:g}", low=f"{self.low:g}", high=f"{self.high:g}")
            )
        return value


@dataclass(frozen=True)
class Activation:
    """An activation function: its maths as text, its parameters, and its numerics."""

    name: str
    display: str
    formula: str
    derivative_formula: str
    output_range: str
    summary: str
    """One line on what it is for, in English (``N_``-marked: translate with ``_`` where shown)."""
    value_fn: ValueFn = field(repr=False)
    derivative_fn: ValueFn = field(repr=False)
    params: tuple[Param, ...] = ()
    kind: Literal["elementwise", "vector"] = "elementwise"
    monotone: bool = True
    jacobian_fn: ValueFn | None = field(default=None, repr=False)
    plot_range: tuple[float, float] = (-6.0, 6.0)
    check_params: Callable[[Mapping[str, ParamValue]], str | None] | None = field(
        default=None, repr=False
    )
    bounds: tuple[float, float] = (-math.inf, math.inf)
    """Closed bounds the output always lies in (used by property tests)."""

    @property
    def param_names(self) -> tuple[str, ...]:
        """The parameter names, in declaration order."""
        return tuple(p.name for p in self.params)

    def param(self, name: str) -> Param:
        """The parameter called ``name``, or ActivationError naming the valid ones."""
        for p in self.params:
            if p.name == name:
                return p
        valid = ", ".join(self.param_names) or _("none")
        raise ActivationError(_("{activation} has no parameter {name} (parameters: {valid})")
                              .format(activation=self.name, name=repr(name), valid=valid))

    def defaults(self) -> dict[str, ParamValue]:
        """Every parameter at its default value."""
        return {p.name: p.default for p in self.params}

    def resolve_params(
        self, overrides: Mapping[str, object] | None = None
    ) -> dict[str, ParamValue]:
        """Defaults updated with ``overrides`` after checking names, types and ranges."""
        resolved = self.defaults()
        for name, raw in (overrides or {}).items():
            resolved[name] = self.param(name).coerce(raw, self.name)
        if self.check_params is not None:
            problem = self.check_params(resolved)
            if problem:
                raise ActivationError(f"{self.name}: {problem}")
        return resolved

    def value(self, x: object, **params: ParamValue) -> Array:
        """f(x) as float64, same shape as ``x`` (vector functions act along the last axis)."""
        return self.value_fn(_as_array(x), **self._full(params))

    def derivative(self, x: object, **params: ParamValue) -> Array:
        """f′(x) in closed form; for vector functions the diagonal of the Jacobian."""
        arr = _as_array(x)
        result = self.derivative_fn(arr, **self._full(params))
        # The derivative at NaN is NaN, whatever the branch comparisons chose.
        return np.where(np.isnan(arr), np.nan, result) if self.kind == "elementwise" else result

    def jacobian(self, x: object, **params: ParamValue) -> Array:
        """The Jacobian ∂f_i/∂x_j of a vector function at a 1-D ``x``: shape (n, n)."""
        if self.jacobian_fn is None:
            raise ActivationError(f"{self.name} acts elementwise; its Jacobian is diag(f′(x))")
        arr = _as_array(x)
        if arr.ndim != 1 or arr.size == 0:
            raise ActivationError(f"{self.name}: the Jacobian needs a non-empty 1-D vector")
        return self.jacobian_fn(arr, **self._full(params))

    def curve(self, x: object, **params: ParamValue) -> tuple[Array, Array]:
        """(f, f′) along a 1-D sweep of x, for charts.

        Elementwise functions are evaluated pointwise. A vector function is drawn as its first
        output while the first logit sweeps x and the others stay at :data:`VECTOR_CONTEXT`.
        """
        arr = _as_array(x)
        if self.kind == "elementwise":
            return self.value(arr, **params), self.derivative(arr, **params)
        logits = np.empty((arr.size, 1 + len(VECTOR_CONTEXT)))
        logits[:, 0] = arr.ravel()
        logits[:, 1:] = VECTOR_CONTEXT
        values = self.value(logits, **params)[:, 0].reshape(arr.shape)
        diag = self.derivative(logits, **params)[:, 0].reshape(arr.shape)
        return values, diag

    def _full(self, params: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
        if not params:
            return self.defaults()
        if params.keys() == {p.name for p in self.params}:
            return dict(params)
        return self.resolve_params(params)


def _as_array(x: object) -> Array:
    return np.asarray(x, dtype=np.float64)


def format_params(params: Mapping[str, ParamValue]) -> str:
    """``negative_slope=0.1, alpha=1`` — parameters as a short, readable list."""
    from acttutor.core.numfmt import format_number

    parts = []
    for name, value in params.items():
        shown = format_number(value, 6) if isinstance(value, float) else str(value)
        parts.append(f"{name}={shown}")
    return ", ".join(parts)


# --- shared numerics ---------------------------------------------------------------------------


def _sigmoid(x: Array) -> Array:
    """σ(x) through exp(−|x|): never overflows."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_prime(x: Array) -> Array:
    """σ′(x) = e^(−|x|)/(1 + e^(−|x|))², exact even where σ(x) rounds to 1."""
    e = np.exp(-np.abs(x))
    return e / ((1.0 + e) * (1.0 + e))


def _sech2(x: Array) -> Array:
    """sech²(x) = 4e^(−2|x|)/(1 + e^(−2|x|))², exact in the tails where 1 − tanh² is 0."""
    e1 = np.exp(-np.abs(x))
    e2 = e1 * e1
    return 4.0 * e2 / ((1.0 + e2) * (1.0 + e2))


def _softplus_unit(x: Array) -> Array:
    """log(1 + eˣ) for any x: max(x, 0) + log1p(e^(−|x|))."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _scaled(p: float, x: Array) -> Array:
    """p·x without an overflow warning: the product saturates at ±the largest float.

    Used where the product feeds a function that has long reached its limit there (σ, exp).
    """
    if p == 0:
        return np.where(np.isnan(x), x, 0.0)
    if abs(p) <= 1.0:
        return p * x
    limit = _FMAX / abs(p)
    return p * np.clip(x, -limit, limit)


def _gated(x: Array, gate: Array) -> Array:
    """x·g for a gate g in [0, 1], giving ±inf·g its limit (±inf, or 0 where the gate is closed)."""
    inf = np.isinf(x)
    finite = np.where(inf, 0.0, x) * gate
    return np.where(inf, np.where(gate > 0, x, 0.0), finite)


def _erfc(x: Array) -> Array:
    """The complementary error function from libm, elementwise."""
    # On a 0-d array the ufunc returns a bare Python float: asarray, not .astype.
    return np.asarray(np.frompyfunc(math.erfc, 1, 1)(x), dtype=np.float64)


def _phi_cdf(x: Array) -> Array:
    """Φ(x), the standard normal CDF, as erfc(−x/√2)/2: accurate in both tails."""
    return 0.5 * _erfc(-x * _INV_SQRT_2)


def _phi_pdf(x: Array) -> Array:
    """φ(x) = e^(−x²/2)/√(2π); x is clipped where the result is already 0."""
    xc = np.clip(x, -40.0, 40.0)
    return np.exp(-0.5 * xc * xc) * _INV_SQRT_2PI


def _zero_keep_nan(x: Array) -> Array:
    """0 everywhere except NaN, which stays NaN."""
    return np.where(np.isnan(x), x, 0.0)


def _inside(x: Array, low: float, high: float) -> Array:
    """1.0 strictly inside (low, high), else 0.0: PyTorch's gradient for clamps."""
    return ((x > low) & (x < high)).astype(np.float64)


# --- elementwise functions ---------------------------------------------------------------------


def _identity(x: Array) -> Array:
    return x.copy()


def _identity_d(x: Array) -> Array:
    return np.ones_like(x)


def _step(x: Array) -> Array:
    return np.where(np.isnan(x), np.nan, (x > 0).astype(np.float64))


def _zero_d(x: Array, **_: ParamValue) -> Array:
    return np.zeros_like(x)


def _tanh(x: Array) -> Array:
    return np.tanh(x)


def _tanh_d(x: Array) -> Array:
    return _sech2(x)


def _relu(x: Array) -> Array:
    return np.where(x > 0, x, np.where(np.isnan(x), x, 0.0))


def _relu_d(x: Array) -> Array:
    return (x > 0).astype(np.float64)


def _relu6(x: Array) -> Array:
    return np.clip(x, 0.0, 6.0)


def _relu6_d(x: Array) -> Array:
    return _inside(x, 0.0, 6.0)


def _leaky_d(x: Array, slope: float) -> Array:
    return np.where(x > 0, 1.0, slope)


def _leaky_safe(x: Array, slope: float) -> Array:
    neg = _scaled(slope, np.minimum(x, 0.0))
    return np.where(x > 0, x, neg)


def _leaky_relu(x: Array, negative_slope: float) -> Array:
    return _leaky_safe(x, negative_slope)


def _leaky_relu_d(x: Array, negative_slope: float) -> Array:
    return _leaky_d(x, negative_slope)


def _prelu(x: Array, weight: float) -> Array:
    return _leaky_safe(x, weight)


def _prelu_d(x: Array, weight: float) -> Array:
    return _leaky_d(x, weight)


def _rrelu(x: Array, lower: float, upper: float) -> Array:
    return _leaky_safe(x, (lower + upper) / 2.0)


def _rrelu_d(x: Array, lower: float, upper: float) -> Array:
    return _leaky_d(x, (lower + upper) / 2.0)


def _elu_core(x: Array, alpha: float, scale: float, input_scale: float) -> Array:
    neg = alpha * np.expm1(input_scale * np.minimum(x, 0.0))
    return scale * np.where(x > 0, x, neg)


def _elu_core_d(x: Array, alpha: float, scale: float, input_scale: float) -> Array:
    neg = alpha * input_scale * np.exp(input_scale * np.minimum(x, 0.0))
    return scale * np.where(x > 0, 1.0, neg)


def _elu(x: Array, alpha: float) -> Array:
    return _elu_core(x, alpha, 1.0, 1.0)


def _elu_d(x: Array, alpha: float) -> Array:
    return _elu_core_d(x, alpha, 1.0, 1.0)


def _celu(x: Array, alpha: float) -> Array:
    return _elu_core(x, alpha, 1.0, 1.0 / alpha)


def _celu_d(x: Array, alpha: float) -> Array:
    return _elu_core_d(x, alpha, 1.0, 1.0 / alpha)


def _selu(x: Array) -> Array:
    # Clip the positive side before scaling so SELU_SCALE·1e308 cannot overflow; beyond that the
    # true value is larger than the largest float anyway.
    big = np.clip(x, -math.inf, _FMAX / SELU_SCALE)
    out = _elu_core(big, SELU_ALPHA, SELU_SCALE, 1.0)
    return np.where(x > big, np.inf, out)


def _selu_d(x: Array) -> Array:
    return _elu_core_d(x, SELU_ALPHA, SELU_SCALE, 1.0)


def _gelu(x: Array, approximate: str) -> Array:
    if approximate == "tanh":
        xc = np.clip(x, -100.0, 100.0)
        inner = _SQRT_2_OVER_PI * (xc + _GELU_C * xc * xc * xc)
        # 1 + tanh(u) = 2σ(2u): no cancellation for negative u.
        return _gated(x, _sigmoid(2.0 * inner))
    return _gated(x, _phi_cdf(x))


def _gelu_d(x: Array, approximate: str) -> Array:
    if approximate == "tanh":
        xc = np.clip(x, -100.0, 100.0)
        inner = _SQRT_2_OVER_PI * (xc + _GELU_C * xc * xc * xc)
        inner_d = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_C * xc * xc)
        return _sigmoid(2.0 * inner) + 0.5 * xc * _sech2(inner) * inner_d
    xc = np.clip(x, -40.0, 40.0)
    return _phi_cdf(xc) + xc * _phi_pdf(xc)


def _silu(x: Array) -> Array:
    return _gated(x, _sigmoid(x))


def _silu_d(x: Array) -> Array:
    xc = np.clip(x, -_SAT, _SAT)
    s = _sigmoid(xc)
    return s * (1.0 + xc * _sigmoid(-xc))


def _swish(x: Array, beta: float) -> Array:
    return _gated(x, _sigmoid(_scaled(beta, x)))


def _swish_d(x: Array, beta: float) -> Array:
    u = np.clip(_scaled(beta, x), -_SAT, _SAT)
    s = _sigmoid(u)
    return s + u * s * _sigmoid(-u)


def _mish(x: Array) -> Array:
    return _gated(x, np.tanh(_softplus_unit(x)))


def _mish_d(x: Array) -> Array:
    xc = np.clip(x, -_SAT, _SAT)
    sp = _softplus_unit(xc)
    return np.tanh(sp) + xc * _sech2(sp) * _sigmoid(xc)


def _softplus(x: Array, beta: float, threshold: float) -> Array:
    limit = threshold / beta
    u = _scaled(beta, np.minimum(x, limit))
    return np.where(x > limit, x, np.log1p(np.exp(u)) / beta)


def _softplus_d(x: Array, beta: float, threshold: float) -> Array:
    limit = threshold / beta
    u = _scaled(beta, np.minimum(x, limit))
    return np.where(x > limit, 1.0, _sigmoid(u))


def _softsign(x: Array) -> Array:
    finite = np.where(np.isinf(x), 0.0, x)
    return np.where(np.isinf(x), np.sign(x), finite / (1.0 + np.abs(finite)))


def _softsign_d(x: Array) -> Array:
    inv = 1.0 / (1.0 + np.abs(x))
    return inv * inv


def _hardsigmoid(x: Array) -> Array:
    return np.clip(x + 3.0, 0.0, 6.0) / 6.0


def _hardsigmoid_d(x: Array) -> Array:
    return _inside(x, -3.0, 3.0) / 6.0


def _hardtanh(x: Array, min_val: float, max_val: float) -> Array:
    return np.clip(x, min_val, max_val)


def _hardtanh_d(x: Array, min_val: float, max_val: float) -> Array:
    return _inside(x, min_val, max_val)


def _hardswish(x: Array) -> Array:
    return _gated(x, np.clip(x + 3.0, 0.0, 6.0) / 6.0)


def _hardswish_d(x: Array) -> Array:
    mid = x / 3.0 + 0.5
    return np.where(x <= -3.0, 0.0, np.where(x < 3.0, mid, 1.0))


def _logsigmoid(x: Array) -> Array:
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def _logsigmoid_d(x: Array) -> Array:
    return _sigmoid(-x)


def _tanhshrink(x: Array) -> Array:
    # x − tanh(x) cancels catastrophically near 0; the Taylor series is exact to float64 there.
    small = np.abs(x) < 1e-3
    xs = np.where(small, x, 0.0)
    x2 = xs * xs
    series = xs * x2 * (1.0 / 3.0 - x2 * (2.0 / 15.0 - x2 * 17.0 / 315.0))
    return np.where(small, series, x - np.tanh(x))


def _tanhshrink_d(x: Array) -> Array:
    t = np.tanh(x)
    return t * t


def _softshrink(x: Array, lambd: float) -> Array:
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, _zero_keep_nan(x)))


def _shrink_d(x: Array, lambd: float) -> Array:
    return ((x < -lambd) | (x > lambd)).astype(np.float64)


def _hardshrink(x: Array, lambd: float) -> Array:
    return np.where((x < -lambd) | (x > lambd), x, _zero_keep_nan(x))


def _threshold(x: Array, threshold: float, value: float) -> Array:
    return np.where(x > threshold, x, np.where(np.isnan(x), x, value))


def _threshold_d(x: Array, threshold: float, value: float) -> Array:
    return (x > threshold).astype(np.float64)


# --- vector functions (along the last axis) -----------------------------------------------------


def _shifted(x: Array) -> tuple[Array, Mask]:
    """(x − max(x), +inf mask) along the last axis, exact in the limits and free of warnings.

    A row holding +inf is decided by its +inf entries alone (the mask); a difference below the
    largest float is −inf, as it would be in exact arithmetic followed by rounding.
    """
    posinf = np.isposinf(x)
    has_inf = posinf.any(axis=-1, keepdims=True)
    top = np.max(np.where(posinf, -np.inf, x), axis=-1, keepdims=True)
    top = np.where(np.isneginf(top) | has_inf, 0.0, top)
    xs = np.where(posinf, 0.0, x)
    below = (0.5 * xs - 0.5 * top) < -0.5 * _FMAX
    z = np.where(below, -np.inf, np.where(below, top, xs) - top)
    # Rows decided by +inf (or poisoned by NaN) are computed on a harmless stand-in.
    nan_row = np.isnan(x).any(axis=-1, keepdims=True)
    z = np.where(has_inf | nan_row, np.where(posinf, 0.0, -np.inf), z)
    z = np.where(nan_row, np.nan, z)
    return z, posinf & has_inf & ~nan_row


def _vector(x: Array) -> Array:
    return x.reshape(1) if x.ndim == 0 else x


def _softmax(x: Array) -> Array:
    shape = x.shape
    z, posinf = _shifted(_vector(x))
    e = np.exp(z)
    total = np.sum(e, axis=-1, keepdims=True)
    has_inf = posinf.any(axis=-1, keepdims=True)
    n_inf = np.maximum(posinf.sum(axis=-1, keepdims=True), 1)
    regular = e / np.where(total > 0, total, 1.0)
    out = np.where(has_inf, posinf / n_inf, np.where(total > 0, regular, np.nan))
    return out.reshape(shape)


def _log_softmax(x: Array) -> Array:
    shape = x.shape
    z, posinf = _shifted(_vector(x))
    total = np.sum(np.exp(z), axis=-1, keepdims=True)
    has_inf = posinf.any(axis=-1, keepdims=True)
    n_inf = np.maximum(posinf.sum(axis=-1, keepdims=True), 1).astype(np.float64)
    regular = z - np.log(np.where(total > 0, total, 1.0))
    inf_case = np.where(posinf, -np.log(n_inf), -np.inf)
    out = np.where(has_inf, inf_case, np.where(total > 0, regular, np.nan))
    return out.reshape(shape)


def _softmin(x: Array) -> Array:
    return _softmax(-x)


def _softmax_d(x: Array) -> Array:
    s = _softmax(x)
    return s * (1.0 - s)


def _log_softmax_d(x: Array) -> Array:
    return 1.0 - _softmax(x)


def _softmin_d(x: Array) -> Array:
    s = _softmin(x)
    return -s * (1.0 - s)


def _softmax_jac(x: Array) -> Array:
    s = _softmax(x)
    return np.diag(s) - np.outer(s, s)


def _log_softmax_jac(x: Array) -> Array:
    s = _softmax(x)
    return np.eye(s.size) - np.tile(s, (s.size, 1))


def _softmin_jac(x: Array) -> Array:
    s = _softmin(x)
    return -(np.diag(s) - np.outer(s, s))


# --- parameter cross-checks --------------------------------------------------------------------


def _check_hardtanh(p: Mapping[str, ParamValue]) -> str | None:
    if float(p["min_val"]) >= float(p["max_val"]):
        return f"min_val ({p['min_val']:g}) must be below max_val ({p['max_val']:g})"
    return None


def _check_rrelu(p: Mapping[str, ParamValue]) -> str | None:
    if float(p["lower"]) > float(p["upper"]):
        return f"lower ({p['lower']:g}) must not exceed upper ({p['upper']:g})"
    return None


# --- the registry ------------------------------------------------------------------------------

_INF = math.inf


def _build() -> dict[str, Activation]:
    entries = [
        Activation(
            "identity", "Identity", "f(x) = x", "f′(x) = 1", "(−∞, ∞)",
            N_("Passes its input through unchanged; the output of a regression network."),
            _identity, _identity_d,
        ),
        Activation(
            "step", "Step (Heaviside)", "f(x) = 1 if x > 0 else 0",
            "f′(x) = 0 (undefined at 0; 0 is used)", "{0, 1}",
            N_("The perceptron's hard threshold: fires or not, with no gradient to learn from."),
            _step, _zero_d, bounds=(0.0, 1.0),
        ),
        Activation(
            "sigmoid", "Sigmoid (logistic)", "σ(x) = 1 / (1 + e^(−x))", "σ′(x) = σ(x)·(1 − σ(x))",
            "(0, 1)", N_("Squashes any input into (0, 1); a probability for binary outputs."),
            _sigmoid, _sigmoid_prime, plot_range=(-8.0, 8.0), bounds=(0.0, 1.0),
        ),
        Activation(
            "tanh", "Tanh", "tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x))", "tanh′(x) = 1 − tanh²(x)",
            "(−1, 1)", N_("A zero-centred sigmoid: tanh(x) = 2σ(2x) − 1, steeper at 0."),
            _tanh, _tanh_d, plot_range=(-4.0, 4.0), bounds=(-1.0, 1.0),
        ),
        Activation(
            "relu", "ReLU", "f(x) = max(0, x)", "f′(x) = 1 if x > 0 else 0", "[0, ∞)",
            N_("Rectified linear unit: cheap, no saturation for x > 0, but units can die."),
            _relu, _relu_d, bounds=(0.0, _INF),
        ),
        Activation(
            "relu6", "ReLU6", "f(x) = min(max(0, x), 6)", "f′(x) = 1 if 0 < x < 6 else 0", "[0, 6]",
            N_("ReLU capped at 6, robust in low-precision mobile networks."),
            _relu6, _relu6_d, plot_range=(-3.0, 9.0), bounds=(0.0, 6.0),
        ),
        Activation(
            "leaky_relu", "Leaky ReLU", "f(x) = x if x > 0 else a·x  (a = negative_slope)",
            "f′(x) = 1 if x > 0 else a", "(−∞, ∞)",
            N_("ReLU with a small slope for x < 0, so no unit's gradient is ever exactly zero."),
            _leaky_relu, _leaky_relu_d,
            params=(Param("negative_slope", 0.01, 0.0, 1.0, 0.05,
                          description="slope for x ≤ 0", symbol="a"),),
        ),
        Activation(
            "prelu", "PReLU", "f(x) = x if x > 0 else a·x  (a = weight, learned)",
            "f′(x) = 1 if x > 0 else a", "(−∞, ∞)",
            N_("Parametric ReLU: the negative slope is a weight the network learns."),
            _prelu, _prelu_d, monotone=False,
            params=(Param("weight", 0.25, -1.0, 1.0, 0.05,
                          description="learned slope for x ≤ 0", symbol="a"),),
        ),
        Activation(
            "rrelu", "RReLU (evaluation)", "f(x) = x if x > 0 else a·x,  a = (lower + upper)/2",
            "f′(x) = 1 if x > 0 else (lower + upper)/2", "(−∞, ∞)",
            N_("Randomized leaky ReLU: a random slope in training, its mean at evaluation."),
            _rrelu, _rrelu_d, check_params=_check_rrelu,
            params=(
                Param("lower", 1.0 / 8.0, 0.0, 1.0, 0.05, description="lowest slope"),
                Param("upper", 1.0 / 3.0, 0.0, 1.0, 0.05, description="highest slope"),
            ),
        ),
        Activation(
            "elu", "ELU", "f(x) = x if x > 0 else α·(eˣ − 1)", "f′(x) = 1 if x > 0 else α·eˣ",
            "(−α, ∞)", N_("Exponential linear unit: a smooth negative part that saturates at −α."),
            _elu, _elu_d, monotone=False,
            params=(Param("alpha", 1.0, 0.0, 5.0, 0.1,
                          description="negative saturation level", symbol="α"),),
        ),
        Activation(
            "celu", "CELU", "f(x) = x if x > 0 else α·(e^(x/α) − 1)",
            "f′(x) = 1 if x > 0 else e^(x/α)", "(−α, ∞)",
            N_("Continuously differentiable ELU: slope 1 on both sides of 0 for any α."),
            _celu, _celu_d,
            params=(Param("alpha", 1.0, 0.1, 5.0, 0.1,
                          description="negative saturation level", symbol="α"),),
        ),
        Activation(
            "selu", "SELU", "f(x) = λ·x if x > 0 else λ·α·(eˣ − 1),  λ ≈ 1.0507, α ≈ 1.6733",
            "f′(x) = λ if x > 0 else λ·α·eˣ", "(−λα, ∞) ≈ (−1.7581, ∞)",
            N_("Scaled ELU whose constants keep activations self-normalising."),
            _selu, _selu_d, bounds=(-SELU_SCALE * SELU_ALPHA, _INF),
        ),
        Activation(
            "gelu", "GELU", "f(x) = x·Φ(x)   (tanh form: x/2·(1 + tanh(√(2/π)(x + 0.044715x³))))",
            "f′(x) = Φ(x) + x·φ(x)", "[≈ −0.17, ∞)",
            N_("Gaussian error linear unit: weighs x by how likely it is to be positive."),
            _gelu, _gelu_d, monotone=False, bounds=(-0.1701, _INF),
            params=(Param("approximate", "none", choices=("none", "tanh"),
                          description="exact Φ or the tanh approximation"),),
        ),
        Activation(
            "silu", "SiLU", "f(x) = x·σ(x)", "f′(x) = σ(x)·(1 + x·(1 − σ(x)))", "[≈ −0.28, ∞)",
            N_("Sigmoid linear unit (Swish with β = 1): smooth, non-monotone, self-gated."),
            _silu, _silu_d, monotone=False, bounds=(-0.2785, _INF),
        ),
        Activation(
            "swish", "Swish", "f(x) = x·σ(βx)", "f′(x) = σ(βx) + βx·σ(βx)·(1 − σ(βx))",
            "[≈ −0.28/β, ∞)", N_("x gated by σ(βx): linear at β = 0, close to ReLU for large β."),
            _swish, _swish_d, monotone=False,
            params=(Param("beta", 1.0, 0.0, 10.0, 0.25,
                          description="gate sharpness", symbol="β"),),
        ),
        Activation(
            "mish", "Mish", "f(x) = x·tanh(softplus(x))",
            "f′(x) = tanh(sp(x)) + x·sech²(sp(x))·σ(x)", "[≈ −0.31, ∞)",
            N_("A smooth, non-monotone self-gated activation, close to Swish."),
            _mish, _mish_d, monotone=False, bounds=(-0.3089, _INF),
        ),
        Activation(
            "softplus", "Softplus", "f(x) = (1/β)·log(1 + e^(βx))  (x itself when βx > threshold)",
            "f′(x) = σ(βx)", "(0, ∞)",
            N_("A smooth ReLU; −log σ(x) = softplus(−x) links it to cross-entropy."),
            _softplus, _softplus_d, bounds=(0.0, _INF),
            params=(
                Param("beta", 1.0, 0.1, 20.0, 0.25, description="sharpness", symbol="β"),
                Param("threshold", 20.0, 1.0, 50.0, 1.0,
                      description="above βx = threshold return x"),
            ),
        ),
        Activation(
            "softsign", "Softsign", "f(x) = x / (1 + |x|)", "f′(x) = 1 / (1 + |x|)²", "(−1, 1)",
            N_("Like tanh but with polynomial tails that saturate slowly."),
            _softsign, _softsign_d, plot_range=(-10.0, 10.0), bounds=(-1.0, 1.0),
        ),
        Activation(
            "hardsigmoid", "Hard sigmoid", "f(x) = min(max(0, x + 3), 6) / 6",
            "f′(x) = 1/6 if −3 < x < 3 else 0", "[0, 1]",
            N_("A piecewise-linear sigmoid: cheap on mobile hardware."),
            _hardsigmoid, _hardsigmoid_d, bounds=(0.0, 1.0),
        ),
        Activation(
            "hardtanh", "Hard tanh", "f(x) = min(max(x, min_val), max_val)",
            "f′(x) = 1 if min_val < x < max_val else 0", "[min_val, max_val]",
            N_("A clamp: linear in the middle, flat outside."),
            _hardtanh, _hardtanh_d, plot_range=(-3.0, 3.0), check_params=_check_hardtanh,
            params=(
                Param("min_val", -1.0, -10.0, 10.0, 0.25, description="lower clamp"),
                Param("max_val", 1.0, -10.0, 10.0, 0.25, description="upper clamp"),
            ),
        ),
        Activation(
            "hardswish", "Hard swish", "f(x) = x·min(max(0, x + 3), 6) / 6",
            "f′(x) = 0 if x ≤ −3, x/3 + 1/2 if x < 3, else 1", "[−0.375, ∞)",
            N_("A piecewise-polynomial Swish used in MobileNetV3."),
            _hardswish, _hardswish_d, monotone=False, bounds=(-0.375, _INF),
        ),
        Activation(
            "logsigmoid", "Log-sigmoid", "f(x) = log σ(x) = −softplus(−x)",
            "f′(x) = 1 − σ(x) = σ(−x)", "(−∞, 0)",
            N_("The log of the sigmoid, computed without ever forming σ(x)."),
            _logsigmoid, _logsigmoid_d, bounds=(-_INF, 0.0),
        ),
        Activation(
            "tanhshrink", "Tanhshrink", "f(x) = x − tanh(x)", "f′(x) = tanh²(x)", "(−∞, ∞)",
            N_("What is left of x after tanh is taken away: flat near 0, linear far out."),
            _tanhshrink, _tanhshrink_d,
        ),
        Activation(
            "softshrink", "Softshrink", "f(x) = x − λ if x > λ, x + λ if x < −λ, else 0",
            "f′(x) = 1 if |x| > λ else 0", "(−∞, ∞)",
            N_("Soft thresholding: shrinks every input towards 0 by λ."),
            _softshrink, _shrink_d, plot_range=(-3.0, 3.0),
            params=(Param("lambd", 0.5, 0.0, 5.0, 0.1, description="dead-zone half width",
                          symbol="λ"),),
        ),
        Activation(
            "hardshrink", "Hardshrink", "f(x) = x if |x| > λ else 0", "f′(x) = 1 if |x| > λ else 0",
            "{0} ∪ (−∞, −λ) ∪ (λ, ∞)",
            N_("Hard thresholding: zeroes small inputs, keeps the rest."),
            _hardshrink, _shrink_d, plot_range=(-3.0, 3.0), monotone=False,
            params=(Param("lambd", 0.5, 0.0, 5.0, 0.1, description="dead-zone half width",
                          symbol="λ"),),
        ),
        Activation(
            "threshold", "Threshold", "f(x) = x if x > threshold else value",
            "f′(x) = 1 if x > threshold else 0", "(−∞, ∞)",
            N_("Replaces everything at or below a threshold by a fixed value."),
            _threshold, _threshold_d, monotone=False,
            params=(
                Param("threshold", 0.0, -10.0, 10.0, 0.25, description="cut-off"),
                Param("value", 0.0, -10.0, 10.0, 0.25, description="replacement"),
            ),
        ),
        Activation(
            "softmax", "Softmax", "softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)",
            "∂sᵢ/∂xⱼ = sᵢ·(δᵢⱼ − sⱼ)", "(0, 1), sums to 1",
            N_("Turns a vector of logits into probabilities over classes."),
            _softmax, _softmax_d, kind="vector", jacobian_fn=_softmax_jac, bounds=(0.0, 1.0),
        ),
        Activation(
            "log_softmax", "Log-softmax", "log_softmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ)",
            "∂yᵢ/∂xⱼ = δᵢⱼ − sⱼ", "(−∞, 0)",
            N_("The log of softmax, computed stably; paired with the negative log-likelihood."),
            _log_softmax, _log_softmax_d, kind="vector", jacobian_fn=_log_softmax_jac,
            bounds=(-_INF, 0.0),
        ),
        Activation(
            "softmin", "Softmin", "softmin(x)ᵢ = e^(−xᵢ) / Σⱼ e^(−xⱼ)",
            "∂sᵢ/∂xⱼ = −sᵢ·(δᵢⱼ − sⱼ)", "(0, 1), sums to 1",
            N_("Softmax of −x: the smallest input gets the largest share."),
            _softmin, _softmin_d, kind="vector", jacobian_fn=_softmin_jac, monotone=False,
            bounds=(0.0, 1.0),
        ),
    ]
    return {a.name: a for a in entries}


REGISTRY: dict[str, Activation] = _build()


def get_activation(name: str) -> Activation:
    """The activation called ``name`` (case-insensitive, '-' or ' ' for '_'), or a helpful error."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in REGISTRY:
        return REGISTRY[key]
    close = difflib.get_close_matches(key, list(REGISTRY), n=3, cutoff=0.5)
    hint = _("; did you mean {names}?").format(names=_(" or ").join(close)) if close else ""
    raise ActivationError(
        _("unknown activation {name}{hint} (run 'acttutor list' for all names)").format(
            name=repr(name), hint=hint)
    )
