"""The small dense network x → h = act1(W1·x + b1) → ŷ = act2(W2·h + b2) and its exact math.

This module holds the numbers only: the validated :class:`Network`, the forward values
(:func:`forward`), the loss and every gradient by the chain rule (:func:`gradients`), and the
"two linear layers are one" collapse (:func:`collapse`). The worded, step-by-step presentation of
the same numbers lives in :mod:`acttutor.core.network_steps`; import both through
:mod:`acttutor.core.network`.

Conventions: vectors are 1-D float64 arrays, ``W1`` has one row per hidden unit and one column per
input, ``W2`` one row per output unit and one column per hidden unit. Every array a caller gets
back is read-only.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from acttutor.core.activations import ActivationError, get_activation
from acttutor.core.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from acttutor.core.activations import Activation

__all__ = [
    "MAX_UNITS",
    "MAX_ABS",
    "OUTPUTS",
    "LOSSES",
    "LOSS_NAMES",
    "NATURAL_LOSS",
    "COMPATIBLE_LOSSES",
    "SATURATION_THRESHOLD",
    "Array",
    "NetworkError",
    "Network",
    "ForwardPass",
    "Gradients",
    "Collapse",
    "default_network",
    "default_input",
    "default_target",
    "check_input",
    "normalize_target",
    "resolve_loss",
    "output_value",
    "forward",
    "predict",
    "loss_value",
    "gradients",
    "collapse",
    "collapsed_output",
]

Array = NDArray[np.float64]

MAX_UNITS = 8
"""At most this many inputs, hidden units and output units: the network must fit on a screen."""

MAX_ABS = 1e6
"""Largest magnitude accepted for an input, weight, bias or target (keeps every result finite)."""

OUTPUTS = ("sigmoid", "softmax", "identity")
"""The output activations the network supports."""

LOSSES = ("binary_cross_entropy", "cross_entropy", "squared_error")
"""Loss function ids."""

LOSS_NAMES = {
    "binary_cross_entropy": N_("binary cross-entropy"),
    "cross_entropy": N_("cross-entropy"),
    "squared_error": N_("squared error"),
}
"""A readable name for each loss id (in English; :func:`loss_name` gives it translated)."""

NATURAL_LOSS = {
    "sigmoid": "binary_cross_entropy",
    "softmax": "cross_entropy",
    "identity": "squared_error",
}
"""The loss that pairs with each output activation so that ∂L/∂z2 = ŷ − t."""

COMPATIBLE_LOSSES = {
    "sigmoid": ("binary_cross_entropy", "squared_error"),
    "softmax": ("cross_entropy", "squared_error"),
    "identity": ("squared_error",),
}
"""Losses that make sense for each output activation (natural one first)."""

SATURATION_THRESHOLD = 0.01
"""A unit whose activation has |f′(z)| below this is flagged as saturated."""

_LOSS_ALIASES = {
    "bce": "binary_cross_entropy",
    "binary_crossentropy": "binary_cross_entropy",
    "ce": "cross_entropy",
    "crossentropy": "cross_entropy",
    "categorical_cross_entropy": "cross_entropy",
    "se": "squared_error",
    "mse": "squared_error",
    "sse": "squared_error",
}


class NetworkError(ValueError):
    """A network, input, target or typed-in number the user supplied is not usable.

    ``str(error)`` is one sentence naming the offending field (``W2``, ``x``, ``target``...) and
    what to change; ``field`` holds that name for a UI that wants to mark the field.
    """

    def __init__(self, message: str, field_name: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field_name


def _frozen(array: np.ndarray) -> Array:
    out = np.array(array, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


def _plural(count: int, word: str) -> str:
    """``count`` and ``word`` ("1 entry", "3 rows") in the current language."""
    if word == "entry":
        text = ngettext("{n} entry", "{n} entries", count)
    elif word == "row":
        text = ngettext("{n} row", "{n} rows", count)
    elif word == "column":
        text = ngettext("{n} column", "{n} columns", count)
    else:
        text = ngettext("{n} unit", "{n} units", count)
    return text.format(n=count)


def _as_float_array(name: str, value: object) -> np.ndarray:
    """Turn lists/arrays into float64, naming the field when that is impossible."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise NetworkError(
            _("{name} must hold numbers only (rows of equal length), got {value}").format(
                name=name, value=repr(value)), name
        ) from None
    return array


def _check_entries(name: str, array: np.ndarray) -> None:
    """Reject nan, ±inf and magnitudes beyond MAX_ABS, naming the first bad entry."""
    bad = ~np.isfinite(array) | (np.abs(np.where(np.isfinite(array), array, 0.0)) > MAX_ABS)
    if not bad.any():
        return
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    entry = array[index]
    where = name + "".join(f"[{i + 1}]" for i in index)
    if math.isnan(entry):
        reason = _("{where} is nan (not a number); every entry must be a finite number")
    elif math.isinf(entry):
        reason = _("{where} is infinite; every entry must be a finite number")
    else:
        reason = _("{where} is {value}; entries must lie between {low} and {high}")
    text = reason.format(where=where, value=f"{entry:g}", low=f"−{MAX_ABS:,.0f}",
                         high=f"{MAX_ABS:,.0f}")
    raise NetworkError(_("{reason} (entries are counted from 1)").format(reason=text), name)


def _matrix(name: str, value: object) -> np.ndarray:
    array = _as_float_array(name, value)
    if array.ndim != 2:
        raise NetworkError(
            _("{name} must be a matrix (rows of numbers), got an array of shape {shape}").format(
                name=name, shape=array.shape), name
        )
    if array.size == 0:
        raise NetworkError(_("{name} is empty; it needs at least one row and one column")
                           .format(name=name), name)
    _check_entries(name, array)
    return array


def _vector(name: str, value: object) -> np.ndarray:
    array = _as_float_array(name, value)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise NetworkError(
            _("{name} must be a vector (a single list of numbers), got shape {shape}").format(
                name=name, shape=array.shape), name
        )
    if array.size == 0:
        raise NetworkError(_("{name} is empty; it needs at least one number").format(name=name),
                           name)
    _check_entries(name, array)
    return array


@dataclass(frozen=True, eq=False)
class Network:
    """A validated two-layer dense network; build it with lists or arrays.

    Raises :class:`NetworkError` when a shape does not fit (``"W2 has 3 columns but the hidden
    layer has 2 units"``), an entry is nan/inf or too large, a layer has more than
    :data:`MAX_UNITS` units, the hidden activation is unknown or not elementwise, its parameters
    are invalid, or the output is not one of :data:`OUTPUTS`. ``hidden`` and ``output`` are stored
    as canonical registry names and ``hidden_params`` with every default filled in, so use
    :meth:`with_hidden` rather than ``dataclasses.replace`` to switch the hidden activation.
    """

    W1: Array
    b1: Array
    W2: Array
    b2: Array
    hidden: str = "relu"
    hidden_params: Mapping[str, float | str] = field(default_factory=dict)
    output: str = "sigmoid"

    def __post_init__(self) -> None:
        W1 = _matrix("W1", self.W1)
        b1 = _vector("b1", self.b1)
        W2 = _matrix("W2", self.W2)
        b2 = _vector("b2", self.b2)
        n_hidden, n_inputs = W1.shape
        n_outputs = W2.shape[0]
        for name, label, count in (
            ("W1", N_("W1 has {n} columns (inputs)"), n_inputs),
            ("W1", N_("W1 has {n} rows (hidden units)"), n_hidden),
            ("W2", N_("W2 has {n} rows (output units)"), n_outputs),
        ):
            if count > MAX_UNITS:
                raise NetworkError(
                    _("{problem}; at most {most} are allowed").format(
                        problem=_(label).format(n=count), most=MAX_UNITS), name
                )
        if b1.shape[0] != n_hidden:
            raise NetworkError(
                _("b1 has {entries} but W1 has {rows} (one bias per hidden unit)").format(
                    entries=_plural(b1.shape[0], "entry"), rows=_plural(n_hidden, "row")),
                "b1",
            )
        if W2.shape[1] != n_hidden:
            raise NetworkError(
                _("W2 has {columns} but the hidden layer has {units} (W1 has {rows})").format(
                    columns=_plural(W2.shape[1], "column"), units=_plural(n_hidden, "unit"),
                    rows=_plural(n_hidden, "row")),
                "W2",
            )
        if b2.shape[0] != n_outputs:
            raise NetworkError(
                _("b2 has {entries} but W2 has {rows} (one bias per output unit)").format(
                    entries=_plural(b2.shape[0], "entry"), rows=_plural(n_outputs, "row")),
                "b2",
            )
        act = _hidden_activation(self.hidden)
        try:
            params = act.resolve_params(dict(self.hidden_params or {}))
        except ActivationError as error:
            raise NetworkError(_("hidden activation: {problem}").format(problem=error),
                               "hidden_params") from None
        output = _output_name(self.output, n_outputs)
        object.__setattr__(self, "W1", _frozen(W1))
        object.__setattr__(self, "b1", _frozen(b1))
        object.__setattr__(self, "W2", _frozen(W2))
        object.__setattr__(self, "b2", _frozen(b2))
        object.__setattr__(self, "hidden", act.name)
        object.__setattr__(self, "hidden_params", MappingProxyType(dict(params)))
        object.__setattr__(self, "output", output)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        return (
            self.hidden == other.hidden
            and self.output == other.output
            and dict(self.hidden_params) == dict(other.hidden_params)
            and all(
                np.array_equal(getattr(self, name), getattr(other, name))
                for name in ("W1", "b1", "W2", "b2")
            )
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def n_inputs(self) -> int:
        """Number of inputs (columns of W1)."""
        return int(self.W1.shape[1])

    @property
    def n_hidden(self) -> int:
        """Number of hidden units (rows of W1)."""
        return int(self.W1.shape[0])

    @property
    def n_outputs(self) -> int:
        """Number of output units (rows of W2)."""
        return int(self.W2.shape[0])

    @property
    def activation(self) -> Activation:
        """The registry entry of the hidden activation."""
        return get_activation(self.hidden)

    @property
    def natural_loss(self) -> str:
        """The loss id that pairs with the output activation."""
        return NATURAL_LOSS[self.output]

    def with_hidden(
        self, hidden: str, params: Mapping[str, float | str] | None = None
    ) -> Network:
        """A copy with another hidden activation; ``params`` default to that activation's."""
        return dataclasses.replace(self, hidden=hidden, hidden_params=dict(params or {}))

    def with_output(self, output: str) -> Network:
        """A copy with another output activation (sigmoid, softmax or identity)."""
        return dataclasses.replace(self, output=output)

    def resized(self, n_inputs: int, n_hidden: int, n_outputs: int) -> Network:
        """A copy with other layer sizes: kept entries stay, new ones are 0.

        Raises :class:`NetworkError` for sizes below 1 or above :data:`MAX_UNITS`, or when a
        softmax output would be left with a single unit.
        """
        for what, count in ((N_("inputs"), n_inputs), (N_("hidden units"), n_hidden),
                            (N_("output units"), n_outputs)):
            if not 1 <= count <= MAX_UNITS:
                raise NetworkError(_("{what} must be between 1 and {most}, got {count}").format(
                    what=_(what), most=MAX_UNITS, count=count))

        def fit(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
            out = np.zeros(shape)
            common = tuple(slice(0, min(a, b)) for a, b in zip(array.shape, shape, strict=True))
            out[common] = array[common]
            return out

        return dataclasses.replace(
            self,
            W1=fit(self.W1, (n_hidden, n_inputs)),
            b1=fit(self.b1, (n_hidden,)),
            W2=fit(self.W2, (n_outputs, n_hidden)),
            b2=fit(self.b2, (n_outputs,)),
        )

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready description (nested lists, full float precision)."""
        return {
            "inputs": self.n_inputs,
            "hidden_units": self.n_hidden,
            "outputs": self.n_outputs,
            "W1": self.W1.tolist(),
            "b1": self.b1.tolist(),
            "W2": self.W2.tolist(),
            "b2": self.b2.tolist(),
            "hidden": self.hidden,
            "hidden_params": dict(self.hidden_params),
            "output": self.output,
        }


def _hidden_activation(name: object) -> Activation:
    if not isinstance(name, str) or not name.strip():
        raise NetworkError(_("hidden activation must be a name such as relu or tanh"), "hidden")
    try:
        act = get_activation(name.strip())
    except ActivationError as error:
        raise NetworkError(_("hidden activation: {problem}").format(problem=error),
                           "hidden") from None
    if act.kind != "elementwise":
        raise NetworkError(
            _("hidden activation {name} works on a whole vector, not unit by unit; choose an "
              "elementwise one such as relu, tanh or sigmoid (softmax belongs to the output)")
            .format(name=act.name),
            "hidden",
        )
    return act


def _output_name(name: object, n_outputs: int) -> str:
    text = name.strip().lower() if isinstance(name, str) else ""
    if text not in OUTPUTS:
        raise NetworkError(
            _("output must be sigmoid, softmax or identity, got {name}").format(name=repr(name)),
            "output",
        )
    if text == "softmax" and n_outputs < 2:
        raise NetworkError(
            _("softmax needs at least 2 output units (W2 has 1 row); add a row to W2 and b2, "
              "or use sigmoid for a single output"),
            "output",
        )
    return text


def default_network() -> Network:
    """The source notes' worked example: W1=[[1,−2],[1,5]], b1=[−3,0], W2=[[1,3]], b2=[0], ReLU, σ.
    """
    return Network(
        W1=np.array([[1.0, -2.0], [1.0, 5.0]]),
        b1=np.array([-3.0, 0.0]),
        W2=np.array([[1.0, 3.0]]),
        b2=np.array([0.0]),
        hidden="relu",
        output="sigmoid",
    )


def default_input() -> Array:
    """The source notes' input x = [2, 0]."""
    return _frozen(np.array([2.0, 0.0]))


def default_target() -> Array:
    """A target for the source notes' example: t = [1] (the positive class)."""
    return _frozen(np.array([1.0]))


def check_input(net: Network, x: ArrayLike) -> Array:
    """Validate ``x`` against ``net`` and return it as a read-only float vector."""
    vector = _vector("x", x)
    if vector.shape[0] != net.n_inputs:
        raise NetworkError(
            _("x has {entries} but W1 has {columns} (one per input)").format(
                entries=_plural(vector.shape[0], "entry"),
                columns=_plural(net.n_inputs, "column")),
            "x",
        )
    return _frozen(vector)


def resolve_loss(net: Network, loss: str | None) -> str:
    """The canonical loss id for ``net``: ``None`` means the natural one for its output."""
    if loss is None:
        return net.natural_loss
    key = loss.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(loss, str) else ""
    key = _LOSS_ALIASES.get(key, key)
    allowed = COMPATIBLE_LOSSES[net.output]
    if key not in LOSSES:
        raise NetworkError(
            _("unknown loss {loss}; choose one of {losses}").format(
                loss=repr(loss), losses=", ".join(allowed)), "loss"
        )
    if key not in allowed:
        raise NetworkError(
            _("{loss} does not fit a {output} output; choose {losses}").format(
                loss=_(LOSS_NAMES[key]), output=net.output,
                losses=_(" or ").join(allowed)),
            "loss",
        )
    return key


def normalize_target(net: Network, target: ArrayLike) -> Array:
    """Validate ``target`` for ``net``'s output and return it as a vector of length n_outputs.

    sigmoid: one value in [0, 1] per output (a scalar is fine for one output). softmax: a class
    index counted from 0, or a probability vector (entries ≥ 0 summing to 1), returned as the
    one-hot/probability vector. identity: any finite value per output.
    """
    array = _as_float_array("target", target)
    if array.ndim > 1:
        raise NetworkError(
            _("target must be a number or a list of numbers, got shape {shape}").format(
                shape=array.shape), "target"
        )
    array = array.reshape(-1)
    if array.size == 0:
        raise NetworkError(_("target is empty; give one value per output unit"), "target")
    _check_entries("target", array)
    n = net.n_outputs
    if net.output == "softmax" and array.size == 1:
        index = float(array[0])
        if not index.is_integer() or not 0 <= index < n:
            raise NetworkError(
                _("target {index} is not a class index: with {n} softmax outputs give an "
                  "integer from 0 to {last}, or a probability vector of {n} entries").format(
                    index=f"{index:g}", n=n, last=n - 1),
                "target",
            )
        one_hot = np.zeros(n)
        one_hot[int(index)] = 1.0
        return _frozen(one_hot)
    if array.size != n:
        raise NetworkError(
            _("target has {entries} but the output layer has {units}").format(
                entries=_plural(array.size, "entry"), units=_plural(n, "unit")),
            "target",
        )
    if net.output == "sigmoid" and ((array < 0) | (array > 1)).any():
        raise NetworkError(
            _("target entries must lie between 0 and 1 for a sigmoid output"), "target"
        )
    if net.output == "softmax":
        if (array < 0).any() or abs(float(array.sum()) - 1.0) > 1e-6:
            raise NetworkError(
                _("a softmax target must be a class index or probabilities ≥ 0 that sum to 1"),
                "target",
            )
    return _frozen(array)


def _sigmoid(z: Array) -> Array:
    # Never exponentiate a positive number: no overflow for any finite z.
    e = np.exp(-np.abs(z))
    sigma: Array = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return sigma


def output_value(output: str, z: ArrayLike) -> Array:
    """Apply the output activation (sigmoid, softmax or identity) to the logits ``z``."""
    logits = np.asarray(z, dtype=np.float64)
    if output == "sigmoid":
        return _sigmoid(logits)
    if output == "softmax":
        e = np.exp(logits - np.max(logits))
        probabilities: Array = e / np.sum(e)
        return probabilities
    if output == "identity":
        return logits.copy()
    raise NetworkError(
        _("output must be sigmoid, softmax or identity, got {name}").format(name=repr(output)),
        "output",
    )


@dataclass(frozen=True, eq=False)
class ForwardPass:
    """Every intermediate vector of one forward pass (all read-only float64 vectors)."""

    x: Array
    W1x: Array
    z1: Array
    h: Array
    W2h: Array
    z2: Array
    yhat: Array


def forward(net: Network, x: ArrayLike) -> ForwardPass:
    """Run ``net`` on ``x`` and keep every intermediate value."""
    xv = check_input(net, x)
    act = net.activation
    W1x = net.W1 @ xv
    z1 = W1x + net.b1
    h = np.asarray(act.value(z1, **net.hidden_params), dtype=np.float64)
    W2h = net.W2 @ h
    z2 = W2h + net.b2
    yhat = output_value(net.output, z2)
    return ForwardPass(
        x=xv,
        W1x=_frozen(W1x),
        z1=_frozen(z1),
        h=_frozen(h),
        W2h=_frozen(W2h),
        z2=_frozen(z2),
        yhat=_frozen(yhat),
    )


def predict(net: Network, x: ArrayLike) -> Array:
    """The network output ŷ for ``x``."""
    return forward(net, x).yhat


def _loss_from(loss: str, output: str, z2: np.ndarray, yhat: np.ndarray, t: np.ndarray) -> float:
    if loss == "binary_cross_entropy":
        # −[t·ln σ(z) + (1−t)·ln(1−σ(z))] = softplus(z) − t·z, exact even when σ(z) rounds to 1.
        # The max(z, 0) − t·z part is taken first so that a confident right answer (z = 6,
        # t = 1) does not lose its digits to 6 + 0.0025 − 6.
        return float(np.sum((np.maximum(z2, 0.0) - t * z2) + np.log1p(np.exp(-np.abs(z2)))))
    if loss == "cross_entropy":
        # −Σ t·ln softmax(z) = Σ t·(m − z) + ln Σ e^(z − m)·Σt with m = max z; the largest term
        # of the sum is exactly 1, so ln(1 + rest) keeps the digits of a small loss.
        k = int(np.argmax(z2))
        rest = float(np.sum(np.delete(np.exp(z2 - z2[k]), k)))
        return float(np.dot(t, z2[k] - z2) + math.log1p(rest) * np.sum(t))
    return float(0.5 * np.sum((yhat - t) ** 2))


def loss_value(net: Network, x: ArrayLike, target: ArrayLike, loss: str | None = None) -> float:
    """The loss of ``net`` on (``x``, ``target``); ``loss=None`` picks the natural loss."""
    loss_id = resolve_loss(net, loss)
    t = normalize_target(net, target)
    fp = forward(net, x)
    return _loss_from(loss_id, net.output, fp.z2, fp.yhat, t)


@dataclass(frozen=True, eq=False)
class Gradients:
    """The loss and its gradient with respect to every weight, bias and intermediate vector.

    ``dyhat`` (∂L/∂ŷ) is only set for squared error; with the natural losses the output
    activation's derivative cancels and the chain starts at ``dz2`` = ŷ − t. ``output_derivative``
    is σ′(z2) for squared error with sigmoid, the softmax Jacobian (n×n) for squared error with
    softmax, and ``None`` otherwise. ``hidden_derivative`` is act1′(z1).
    """

    loss_id: str
    loss: float
    target: Array
    forward: ForwardPass
    dyhat: Array | None
    output_derivative: Array | None
    dz2: Array
    dW2: Array
    db2: Array
    dh: Array
    hidden_derivative: Array
    dz1: Array
    dW1: Array
    db1: Array

    @property
    def loss_name(self) -> str:
        """The loss in words in the current language, e.g. ``"binary cross-entropy"``."""
        return _(LOSS_NAMES[self.loss_id])

    def as_dict(self) -> dict[str, list[float] | list[list[float]]]:
        """``{"W1": [[...]], "b1": [...], "W2": [[...]], "b2": [...]}`` at full precision."""
        # + 0.0 turns −0.0 into 0.0, which reads better in JSON and means the same.
        return {
            "W1": (self.dW1 + 0.0).tolist(),
            "b1": (self.db1 + 0.0).tolist(),
            "W2": (self.dW2 + 0.0).tolist(),
            "b2": (self.db2 + 0.0).tolist(),
        }


def gradients(
    net: Network, x: ArrayLike, target: ArrayLike, loss: str | None = None
) -> Gradients:
    """Backpropagate the loss of ``net`` on (``x``, ``target``) to every weight and bias.

    ``loss=None`` picks the natural loss for the output (binary cross-entropy for sigmoid,
    cross-entropy for softmax, squared error ½‖ŷ − t‖² for identity); squared error is also
    accepted for sigmoid and softmax outputs.
    """
    loss_id = resolve_loss(net, loss)
    t = normalize_target(net, target)
    fp = forward(net, x)
    value = _loss_from(loss_id, net.output, fp.z2, fp.yhat, t)
    dyhat: np.ndarray | None = None
    out_deriv: np.ndarray | None = None
    if loss_id == "squared_error":
        dyhat = fp.yhat - t
        if net.output == "sigmoid":
            out_deriv = fp.yhat * (1.0 - fp.yhat)
            dz2 = dyhat * out_deriv
        elif net.output == "softmax":
            out_deriv = np.diag(fp.yhat) - np.outer(fp.yhat, fp.yhat)
            dz2 = out_deriv.T @ dyhat
        else:
            dz2 = dyhat.copy()
    else:
        # σ′ (or the softmax Jacobian) cancels against the derivative of the log: ∂L/∂z2 = ŷ − t.
        dz2 = fp.yhat - t
    dW2 = np.outer(dz2, fp.h)
    db2 = dz2.copy()
    dh = net.W2.T @ dz2
    hidden_deriv = np.asarray(
        net.activation.derivative(fp.z1, **net.hidden_params), dtype=np.float64
    )
    dz1 = dh * hidden_deriv
    dW1 = np.outer(dz1, fp.x)
    db1 = dz1.copy()
    return Gradients(
        loss_id=loss_id,
        loss=value,
        target=t,
        forward=fp,
        dyhat=None if dyhat is None else _frozen(dyhat),
        output_derivative=None if out_deriv is None else _frozen(out_deriv),
        dz2=_frozen(dz2),
        dW2=_frozen(dW2),
        db2=_frozen(db2),
        dh=_frozen(dh),
        hidden_derivative=_frozen(hidden_deriv),
        dz1=_frozen(dz1),
        dW1=_frozen(dW1),
        db1=_frozen(db1),
    )


@dataclass(frozen=True, eq=False)
class Collapse:
    """The single linear map W·x + b that the two layers are when the hidden layer is linear."""

    W: Array
    b: Array


def collapse(net: Network) -> Collapse:
    """W = W2·W1 and b = W2·b1 + b2: ``net`` with its hidden activation removed, as one layer.

    The hidden activation of ``net`` is ignored: this is what the network *would* compute with
    no activation (identity), which is exactly what it computes when ``net.hidden`` is identity.
    """
    return Collapse(W=_frozen(net.W2 @ net.W1), b=_frozen(net.W2 @ net.b1 + net.b2))


def collapsed_output(net: Network, x: ArrayLike) -> Array:
    """act2(W·x + b) with the collapsed map: equals ``predict(net.with_hidden("identity"), x)``."""
    xv = check_input(net, x)
    c = collapse(net)
    return _frozen(output_value(net.output, c.W @ xv + c.b))
