"""The forward pass, the backward pass and the collapse, written out step by step.

Each :class:`Step` is one move of the source notes' worked example — ``W1·x``, ``+ b1``, the hidden
activation, ``W2·h``, ``+ b2``, the output activation — then, backwards, the loss and each
gradient of the chain rule with its local derivative. A step carries its formula in symbols
(``W1·x + b1``), the same formula with the numbers put in (``[2, 2] + [−3, 0]``), the exact
resulting array, one line per unit, and flags for inactive and saturated units, so a screen or the
command line only has to lay the text out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from acttutor.core.activations import format_params
from acttutor.core.i18n import N_, _, ngettext
from acttutor.core.network_model import (
    LOSS_NAMES,
    SATURATION_THRESHOLD,
    Array,
    ForwardPass,
    Gradients,
    Network,
    NetworkError,
    check_input,
    collapse,
    forward,
    gradients,
    output_value,
)
from acttutor.core.network_text import (
    MINUS,
    format_array,
    format_matrix,
    format_number,
    format_vector,
    is_exact,
    parse_matrix,
    parse_vector,
)

__all__ = [
    "COLLAPSE_EXPLANATION",
    "FORWARD_KEYS",
    "Phase",
    "Step",
    "UnitFlag",
    "WorkedPass",
    "backward_steps",
    "collapse_steps",
    "forward_steps",
    "gradient_steps",
    "hidden_flags",
    "output_summary",
    "parse_step_value",
    "pass_steps",
    "worked_pass",
]

Phase = Literal["forward", "backward", "collapse"]

FORWARD_KEYS = ("W1x", "z1", "h", "W2h", "z2", "yhat")
"""The keys of the six forward steps, in order."""

COLLAPSE_EXPLANATION = N_(
    "Without an activation h = W1·x + b1, so ŷ = act2(W2·(W1·x + b1) + b2) "
    "= act2((W2·W1)·x + (W2·b1 + b2)): the two layers are one linear layer W·x + b."
)
"""Why a network with no hidden activation is just one layer, in one sentence (English; the
collapse step's first detail line holds it in the current language)."""


@dataclass(frozen=True)
class UnitFlag:
    """A note about one unit: ``kind`` is ``"inactive"`` or ``"saturated"``.

    Inactive means for *this* input: the unit outputs 0 with derivative 0, so this example sends
    it no gradient. That is not "dead", which means inactive for every input; one example cannot
    tell.

    ``layer`` is ``"hidden"`` or ``"output"``; ``unit`` counts from 0 (messages count from 1).
    """

    layer: Literal["hidden", "output"]
    unit: int
    kind: Literal["inactive", "saturated"]
    message: str


@dataclass(frozen=True, eq=False)
class Step:
    """One step of a worked pass.

    - ``key``: stable id (forward ``W1x z1 h W2h z2 yhat``; backward ``loss dyhat dz2 dW2 db2 dh
      dz1 dW1 db1``; collapse ``W b Wx_b yhat``).
    - ``phase``: ``"forward"``, ``"backward"`` or ``"collapse"``.
    - ``label``: what the step does, e.g. ``"Multiply by W1"``.
    - ``name``: the quantity computed, e.g. ``"z1"``, ``"∂L/∂W1"``.
    - ``symbolic``: its formula in symbols, e.g. ``"W1·x + b1"``.
    - ``expression``: the formula with the numbers put in, without the result (``""`` when the
      result is just a copy, as for ∂L/∂b2 = ∂L/∂z2).
    - ``value``: the exact result (1-D vector, 2-D matrix, or 0-D for the loss), read-only.
    - ``local``: the local derivative the backward step multiplies by (``"relu′(z1) = [0, 1]"``),
      ``""`` for forward steps.
    - ``detail``: one line per unit / row, e.g. ``"h[1] = max(0, −1) = 0"``.
    - ``flags``: inactive or saturated units this step reveals.

    Derived text: ``result`` (``"[0, 2]"``), ``relation`` (``"="`` or ``"≈"`` when rounded),
    ``numeric`` (``"[2, 2] + [−3, 0] = [−1, 2]"``) and ``equation`` (``"z1 = W1·x + b1"``).
    """

    key: str
    phase: Phase
    label: str
    name: str
    symbolic: str
    expression: str
    value: Array
    local: str = ""
    detail: tuple[str, ...] = ()
    flags: tuple[UnitFlag, ...] = ()

    @property
    def result(self) -> str:
        """The value as compact text: ``6``, ``[0, 2]``, ``[[0, 0], [−0.01484, 0]]``."""
        return format_array(self.value)

    @property
    def relation(self) -> str:
        """``"="`` when ``result`` is exact, ``"≈"`` when it is rounded."""
        return "=" if is_exact(self.value) else "≈"

    @property
    def numeric(self) -> str:
        """The formula with numbers and its result: ``"[[1, −2], [1, 5]]·[2, 0] = [2, 2]"``."""
        if not self.expression:
            return f"{self.relation} {self.result}" if self.relation == "≈" else self.result
        return f"{self.expression} {self.relation} {self.result}"

    @property
    def equation(self) -> str:
        """``"z1 = W1·x + b1"`` (just the formula when the name is the formula, as for W1·x)."""
        if self.name == self.symbolic:
            return self.symbolic
        return f"{self.name} = {self.symbolic}"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: keys, texts, ``value`` as nested lists at full precision, flags."""
        return {
            "key": self.key,
            "phase": self.phase,
            "label": self.label,
            "name": self.name,
            "symbolic": self.symbolic,
            "numeric": self.numeric,
            "value": (np.asarray(self.value) + 0.0).tolist(),
            "local": self.local,
            "detail": list(self.detail),
            "flags": [
                {"layer": f.layer, "unit": f.unit, "kind": f.kind, "message": f.message}
                for f in self.flags
            ],
        }


# --- small text helpers --------------------------------------------------------------------------


def _n(value: float) -> str:
    return format_number(value)


def _p(value: float) -> str:
    """A number, parenthesised when negative so that ``(−2)·0`` reads right."""
    text = format_number(value)
    return f"({text})" if text.startswith(MINUS) else text


def _exp(value: float) -> str:
    text = format_number(value)
    if text.startswith(MINUS) or " " in text:  # negative, or "4 × 10⁻⁶"
        return f"e^({text})"
    return f"e^{text}"


def _rel(value: ArrayLike) -> str:
    return "=" if is_exact(value) else "≈"


def _frozen(array: ArrayLike) -> Array:
    out = np.array(array, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


def _dot_text(row: np.ndarray, vec: np.ndarray) -> str:
    return " + ".join(f"{_p(w)}·{_p(v)}" for w, v in zip(row, vec, strict=True))


def _act_symbol(name: str) -> str:
    return "σ" if name == "sigmoid" else name


def _hidden_unit_text(name: str, params: Mapping[str, float | str], z: float) -> str:
    """act1 applied to one number, written with the numbers in where the form is familiar."""
    zs, zp = _n(z), _p(z)
    if name == "identity":
        return zs
    if name == "relu":
        return f"max(0, {zs})"
    if name == "relu6":
        return f"min(max(0, {zs}), 6)"
    if name in ("leaky_relu", "prelu"):
        slope = float(params["negative_slope" if name == "leaky_relu" else "weight"])
        if 0 <= slope <= 1:
            return f"max({_n(slope)}·{zp}, {zs})"
        return zs if z > 0 else f"{_n(slope)}·{zp}"
    if name == "sigmoid":
        return f"1/(1+{_exp(-z)})"
    if name == "tanh":
        return f"tanh({zs})"
    if name == "softplus" and float(params["beta"]) == 1 and z <= float(params["threshold"]):
        return f"ln(1+{_exp(z)})"
    if name == "silu":
        return f"{zp}·σ({zs})"
    if name == "elu":
        return zs if z > 0 else f"{_n(float(params['alpha']))}·({_exp(z)} − 1)"
    return f"{name}({zs})"


def _output_unit_texts(output: str, z: np.ndarray) -> list[str]:
    if output == "sigmoid":
        return [f"1/(1+{_exp(-v)})" for v in z]
    if output == "softmax":
        total = " + ".join(_exp(v) for v in z)
        return [f"{_exp(v)}/({total})" for v in z]
    return [_n(v) for v in z]


def hidden_flags(net: Network, z1: ArrayLike) -> tuple[UnitFlag, ...]:
    """Inactive and saturated hidden units at the pre-activations ``z1``.

    Inactive (for this input): the unit outputs 0 and its derivative is 0 (ReLU with z ≤ 0, for
    instance), so its incoming weights get no gradient from this example. It is *dead* only if that
    holds for every input, which one example cannot show. Saturated: |act1′(z)| < 0.01, so almost
    none flows.
    """
    z = np.asarray(z1, dtype=np.float64)
    act = net.activation
    if act.name == "identity":
        return ()
    values = act.value(z, **net.hidden_params)
    derivs = act.derivative(z, **net.hidden_params)
    name = act.name
    flags: list[UnitFlag] = []
    for i, (zi, fi, di) in enumerate(zip(z, values, derivs, strict=True)):
        if di == 0 and fi == 0:
            flags.append(
                UnitFlag(
                    "hidden",
                    i,
                    "inactive",
                    _("unit {unit} is inactive for this input: z1[{unit}] = {z} gives "
                      "{name}({z}) = 0 and {name}′ = 0, so row {unit} of W1 and b1[{unit}] "
                      "get no gradient from this example (dead would mean inactive for every "
                      "input)").format(unit=i + 1, z=_n(zi), name=name),
                )
            )
        elif abs(di) < SATURATION_THRESHOLD:
            flags.append(
                UnitFlag(
                    "hidden",
                    i,
                    "saturated",
                    _("unit {unit} is saturated: {name}′({z}) = {slope} < {threshold}, so "
                      "almost no gradient flows back through it").format(
                        unit=i + 1, name=name, z=_n(zi), slope=_n(di),
                        threshold=_n(SATURATION_THRESHOLD)),
                )
            )
    return tuple(flags)


def _output_flags(g: Gradients) -> tuple[UnitFlag, ...]:
    if g.loss_id != "squared_error" or g.output_derivative is None:
        return ()
    if g.output_derivative.ndim != 1:
        return ()
    flags = []
    for i, (zi, di) in enumerate(zip(g.forward.z2, g.output_derivative, strict=True)):
        if abs(di) < SATURATION_THRESHOLD:
            flags.append(
                UnitFlag(
                    "output",
                    i,
                    "saturated",
                    _("output {unit} is saturated: σ′({z}) = {slope} < {threshold}; squared "
                      "error multiplies by σ′, so the gradient nearly vanishes (cross-entropy "
                      "would cancel σ′)").format(
                        unit=i + 1, z=_n(zi), slope=_n(di), threshold=_n(SATURATION_THRESHOLD)),
                )
            )
    return tuple(flags)


# --- forward -------------------------------------------------------------------------------------


def pass_steps(net: Network, fp: ForwardPass) -> tuple[Step, ...]:
    """The six forward steps for an already computed :class:`ForwardPass`."""
    act = net.activation
    f = _act_symbol(act.name)
    params = dict(net.hidden_params)
    param_text = f" ({format_params(params)})" if params else ""
    unit_texts = [_hidden_unit_text(act.name, params, float(z)) for z in fp.z1]
    out_texts = _output_unit_texts(net.output, fp.z2)
    out_symbol = {"sigmoid": "σ(z2)", "softmax": "softmax(z2)", "identity": "z2"}[net.output]
    out_label = {
        "sigmoid": _("Apply {activation}").format(activation="sigmoid"),
        "softmax": _("Apply {activation}").format(activation="softmax"),
        "identity": _("Output z2 as it is (identity)"),
    }[net.output]
    if net.output == "softmax":
        out_expr = (
            "[" + ", ".join(_exp(v) for v in fp.z2) + "] / ("
            + " + ".join(_exp(v) for v in fp.z2) + ")"
        )
    else:
        out_expr = "[" + ", ".join(out_texts) + "]"
    return (
        Step(
            key="W1x",
            phase="forward",
            label=_("Multiply by {matrix}").format(matrix="W1"),
            name="W1·x",
            symbolic="W1·x",
            expression=f"{format_matrix(net.W1)}·{format_vector(fp.x)}",
            value=fp.W1x,
            detail=tuple(
                f"(W1·x)[{i + 1}] = {_dot_text(row, fp.x)} {_rel(v)} {_n(v)}"
                for i, (row, v) in enumerate(zip(net.W1, fp.W1x, strict=True))
            ),
        ),
        Step(
            key="z1",
            phase="forward",
            label=_("Add {vector}").format(vector="b1"),
            name="z1",
            symbolic="W1·x + b1",
            expression=f"{format_vector(fp.W1x)} + {format_vector(net.b1)}",
            value=fp.z1,
            detail=tuple(
                f"z1[{i + 1}] = {_n(a)} + {_p(b)} {_rel(v)} {_n(v)}"
                for i, (a, b, v) in enumerate(zip(fp.W1x, net.b1, fp.z1, strict=True))
            ),
        ),
        Step(
            key="h",
            phase="forward",
            label=_("Apply {activation}").format(activation=act.display + param_text),
            name="h",
            symbolic=f"{f}(z1)",
            expression="[" + ", ".join(unit_texts) + "]",
            value=fp.h,
            detail=tuple(
                f"h[{i + 1}] = {text} {_rel(v)} {_n(v)}"
                for i, (text, v) in enumerate(zip(unit_texts, fp.h, strict=True))
            ),
            flags=hidden_flags(net, fp.z1),
        ),
        Step(
            key="W2h",
            phase="forward",
            label=_("Multiply by {matrix}").format(matrix="W2"),
            name="W2·h",
            symbolic="W2·h",
            expression=f"{format_matrix(net.W2)}·{format_vector(fp.h)}",
            value=fp.W2h,
            detail=tuple(
                f"(W2·h)[{i + 1}] = {_dot_text(row, fp.h)} {_rel(v)} {_n(v)}"
                for i, (row, v) in enumerate(zip(net.W2, fp.W2h, strict=True))
            ),
        ),
        Step(
            key="z2",
            phase="forward",
            label=_("Add {vector}").format(vector="b2"),
            name="z2",
            symbolic="W2·h + b2",
            expression=f"{format_vector(fp.W2h)} + {format_vector(net.b2)}",
            value=fp.z2,
            detail=tuple(
                f"z2[{i + 1}] = {_n(a)} + {_p(b)} {_rel(v)} {_n(v)}"
                for i, (a, b, v) in enumerate(zip(fp.W2h, net.b2, fp.z2, strict=True))
            ),
        ),
        Step(
            key="yhat",
            phase="forward",
            label=out_label,
            name="ŷ",
            symbolic=out_symbol,
            expression=out_expr,
            value=fp.yhat,
            detail=tuple(
                f"ŷ[{i + 1}] = {text} {_rel(v)} {_n(v)}"
                for i, (text, v) in enumerate(zip(out_texts, fp.yhat, strict=True))
            ),
        ),
    )


def forward_steps(net: Network, x: ArrayLike) -> tuple[Step, ...]:
    """The forward pass of ``net`` on ``x`` as six steps: W1·x, + b1, act1, W2·h, + b2, act2.

    Raises :class:`~acttutor.core.network_model.NetworkError` when ``x`` does not fit.
    """
    return pass_steps(net, forward(net, x))


def output_summary(net: Network, fp: ForwardPass) -> str:
    """The closing line, e.g. ``"ŷ = σ(6) ≈ 0.9975"`` or ``"ŷ = softmax([1, 2]) ≈ [0.2689, …]"``."""
    single = net.n_outputs == 1
    z = _n(float(fp.z2[0])) if single else format_vector(fp.z2)
    y = _n(float(fp.yhat[0])) if single else format_vector(fp.yhat)
    rel = _rel(fp.yhat)
    if net.output == "identity":
        return f"ŷ = {y}" if rel == "=" else f"ŷ ≈ {y}"
    func = "σ" if net.output == "sigmoid" else "softmax"
    return f"ŷ = {func}({z}) {rel} {y}"


# --- backward ------------------------------------------------------------------------------------


def _loss_step(net: Network, g: Gradients) -> Step:
    fp, t = g.forward, g.target
    y = fp.yhat
    many = net.n_outputs > 1
    detail: tuple[str, ...] = ()
    if g.loss_id == "binary_cross_entropy":
        one_minus = output_value("sigmoid", -fp.z2)  # 1 − σ(z) without cancellation
        terms = [
            f"−[{_n(ti)}·ln({_n(yi)}) + {_n(1 - ti)}·ln({_n(qi)})]"
            for ti, yi, qi in zip(t, y, one_minus, strict=True)
        ]
        symbolic = ("Σ " if many else "") + "−[t·ln ŷ + (1 − t)·ln(1 − ŷ)]"
        expression = " + ".join(terms)
        detail = (
            _("computed from the logit as softplus(z2) − t·z2, which stays exact even when ŷ "
              "rounds to 1"),
        )
    elif g.loss_id == "cross_entropy":
        nonzero = [(ti, yi) for ti, yi in zip(t, y, strict=True) if ti != 0]
        symbolic = "−Σ t·ln ŷ"
        if len(nonzero) == 1 and nonzero[0][0] == 1:
            expression = f"−ln({_n(nonzero[0][1])})"
        else:
            expression = "−(" + " + ".join(f"{_n(ti)}·ln({_n(yi)})" for ti, yi in nonzero) + ")"
        detail = (_("computed from the logits as logsumexp(z2) − t·z2"),)
    else:
        symbolic = "½‖ŷ − t‖²"
        expression = "½·(" + " + ".join(
            f"({_n(yi)} − {_p(ti)})²" for yi, ti in zip(y, t, strict=True)
        ) + ")"
    return Step(
        key="loss",
        phase="backward",
        label=_("Loss ({loss})").format(loss=_(LOSS_NAMES[g.loss_id])),
        name="L",
        symbolic=symbolic,
        expression=expression,
        value=_frozen(np.array(g.loss)),
        detail=detail,
    )


def _output_gradient_steps(net: Network, g: Gradients) -> list[Step]:
    fp, t = g.forward, g.target
    y_minus_t = f"{format_vector(fp.yhat)} − {format_vector(t)}"
    if g.dyhat is None or net.output == "identity":
        local = {
            "binary_cross_entropy": _("σ′(z2) cancels: {formula}").format(
                formula="∂L/∂ŷ·σ′(z2) = (ŷ − t)/(ŷ(1 − ŷ))·ŷ(1 − ŷ) = ŷ − t"),
            "cross_entropy": _("the softmax Jacobian cancels: {formula}").format(
                formula="Jᵀ·∂L/∂ŷ = ŷ − t"),
            "squared_error": _("{derivative}, so {formula}").format(
                derivative="identity′(z2) = 1", formula="∂L/∂z2 = ∂L/∂ŷ = ŷ − t"),
        }[g.loss_id]
        return [
            Step(
                key="dz2",
                phase="backward",
                label=_("Gradient at the output logits"),
                name="∂L/∂z2",
                symbolic="ŷ − t",
                expression=y_minus_t,
                value=g.dz2,
                local=local,
            )
        ]
    assert g.output_derivative is not None  # set for squared error with sigmoid/softmax
    dyhat = Step(
        key="dyhat",
        phase="backward",
        label=_("Gradient at the output"),
        name="∂L/∂ŷ",
        symbolic="ŷ − t",
        expression=y_minus_t,
        value=g.dyhat,
        local="∂(½‖ŷ − t‖²)/∂ŷ = ŷ − t",
    )
    if net.output == "sigmoid":
        dz2 = Step(
            key="dz2",
            phase="backward",
            label=_("Through the {activation}").format(activation="sigmoid"),
            name="∂L/∂z2",
            symbolic="∂L/∂ŷ ⊙ σ′(z2)",
            expression=f"{format_vector(g.dyhat)} ⊙ {format_vector(g.output_derivative)}",
            value=g.dz2,
            local=f"σ′(z2) = ŷ ⊙ (1 − ŷ) {_rel(g.output_derivative)} "
            f"{format_vector(g.output_derivative)}",
            flags=_output_flags(g),
        )
    else:
        symmetric = _("symmetric")
        dz2 = Step(
            key="dz2",
            phase="backward",
            label=_("Through the {activation}").format(activation="softmax"),
            name="∂L/∂z2",
            symbolic="J·∂L/∂ŷ",
            expression=f"{format_matrix(g.output_derivative)}·{format_vector(g.dyhat)}",
            value=g.dz2,
            local=f"J = diag(ŷ) − ŷ·ŷᵀ ({symmetric}) {_rel(g.output_derivative)} "
            f"{format_matrix(g.output_derivative)}",
        )
    return [dyhat, dz2]


def gradient_steps(net: Network, g: Gradients) -> tuple[Step, ...]:
    """The backward steps for already computed :class:`Gradients`, from the loss to W1 and b1."""
    fp = g.forward
    act = net.activation
    f = act.name
    flags = hidden_flags(net, fp.z1)
    deriv_units = ", ".join(f"{f}′({_n(z)})" for z in fp.z1)
    steps = [_loss_step(net, g), *_output_gradient_steps(net, g)]
    steps += [
        Step(
            key="dW2",
            phase="backward",
            label=_("Gradient for {parameter}").format(parameter="W2"),
            name="∂L/∂W2",
            symbolic="∂L/∂z2·hᵀ",
            expression=f"{format_vector(g.dz2)}·{format_vector(fp.h)}ᵀ",
            value=g.dW2,
            local="∂z2[i]/∂W2[i][j] = h[j]",
            detail=tuple(
                _("row {row}: {formula}").format(
                    row=i + 1,
                    formula=f"{_p(d)}·{format_vector(fp.h)} {_rel(row)} {format_vector(row)}")
                for i, (d, row) in enumerate(zip(g.dz2, g.dW2, strict=True))
            ),
        ),
        Step(
            key="db2",
            phase="backward",
            label=_("Gradient for {parameter}").format(parameter="b2"),
            name="∂L/∂b2",
            symbolic="∂L/∂z2",
            expression="",
            value=g.db2,
            local="∂z2/∂b2 = 1",
        ),
        Step(
            key="dh",
            phase="backward",
            label=_("Back through {layer}").format(layer="W2"),
            name="∂L/∂h",
            symbolic="W2ᵀ·∂L/∂z2",
            expression=f"{format_matrix(net.W2.T)}·{format_vector(g.dz2)}",
            value=g.dh,
            local="∂z2/∂h = W2",
            detail=tuple(
                f"∂L/∂h[{j + 1}] = {_dot_text(col, g.dz2)} {_rel(v)} {_n(v)}"
                for j, (col, v) in enumerate(zip(net.W2.T, g.dh, strict=True))
            ),
        ),
        Step(
            key="dz1",
            phase="backward",
            label=_("Back through {layer}").format(layer=act.display),
            name="∂L/∂z1",
            symbolic=f"∂L/∂h ⊙ {f}′(z1)",
            expression=f"{format_vector(g.dh)} ⊙ {format_vector(g.hidden_derivative)}",
            value=g.dz1,
            local=f"{f}′(z1) = [{deriv_units}] {_rel(g.hidden_derivative)} "
            f"{format_vector(g.hidden_derivative)}",
            detail=tuple(
                f"∂L/∂z1[{i + 1}] = {_p(dh)}·{f}′({_n(z)}) = {_p(dh)}·{_p(d)} {_rel(v)} {_n(v)}"
                for i, (dh, z, d, v) in enumerate(
                    zip(g.dh, fp.z1, g.hidden_derivative, g.dz1, strict=True)
                )
            ),
            flags=flags,
        ),
        Step(
            key="dW1",
            phase="backward",
            label=_("Gradient for {parameter}").format(parameter="W1"),
            name="∂L/∂W1",
            symbolic="∂L/∂z1·xᵀ",
            expression=f"{format_vector(g.dz1)}·{format_vector(fp.x)}ᵀ",
            value=g.dW1,
            local="∂z1[i]/∂W1[i][j] = x[j]",
            detail=tuple(
                _("row {row}: {formula}").format(
                    row=i + 1,
                    formula=f"{_p(d)}·{format_vector(fp.x)} {_rel(row)} {format_vector(row)}")
                for i, (d, row) in enumerate(zip(g.dz1, g.dW1, strict=True))
            ),
            flags=tuple(fl for fl in flags if fl.kind == "inactive"),
        ),
        Step(
            key="db1",
            phase="backward",
            label=_("Gradient for {parameter}").format(parameter="b1"),
            name="∂L/∂b1",
            symbolic="∂L/∂z1",
            expression="",
            value=g.db1,
            local="∂z1/∂b1 = 1",
        ),
    ]
    return tuple(steps)


def backward_steps(
    net: Network, x: ArrayLike, target: ArrayLike, loss: str | None = None
) -> tuple[Step, ...]:
    """The loss and the chain rule back to every weight and bias, one step per gradient.

    Keys in order: ``loss``, (``dyhat`` for squared error with sigmoid/softmax), ``dz2``,
    ``dW2``, ``db2``, ``dh``, ``dz1``, ``dW1``, ``db1``. ``loss=None`` picks the natural loss.
    """
    return gradient_steps(net, gradients(net, x, target, loss))


# --- collapse ------------------------------------------------------------------------------------


def collapse_steps(net: Network, x: ArrayLike | None = None) -> tuple[Step, ...]:
    """W = W2·W1 and b = W2·b1 + b2 as steps; with ``x`` also W·x + b and the output.

    The hidden activation of ``net`` is ignored (this is the network with no activation), so the
    last value equals ``predict(net.with_hidden("identity"), x)``.
    """
    c = collapse(net)
    steps = [
        Step(
            key="W",
            phase="collapse",
            label=_("Merge the weights"),
            name="W",
            symbolic="W2·W1",
            expression=f"{format_matrix(net.W2)}·{format_matrix(net.W1)}",
            value=c.W,
            detail=(
                _(COLLAPSE_EXPLANATION),
                *(
                    f"W[{i + 1}][{j + 1}] = {_dot_text(net.W2[i], net.W1[:, j])} "
                    f"{_rel(c.W[i, j])} {_n(c.W[i, j])}"
                    for i in range(net.n_outputs)
                    for j in range(net.n_inputs)
                ),
            ),
        ),
        Step(
            key="b",
            phase="collapse",
            label=_("Merge the biases"),
            name="b",
            symbolic="W2·b1 + b2",
            expression=f"{format_matrix(net.W2)}·{format_vector(net.b1)} + "
            f"{format_vector(net.b2)}",
            value=c.b,
            detail=tuple(
                f"b[{i + 1}] = {_dot_text(net.W2[i], net.b1)} + {_p(net.b2[i])} "
                f"{_rel(c.b[i])} {_n(c.b[i])}"
                for i in range(net.n_outputs)
            ),
        ),
    ]
    if x is None:
        return tuple(steps)
    xv = check_input(net, x)
    z = c.W @ xv + c.b
    y = output_value(net.output, z)
    out_symbol = {"sigmoid": "σ(z2)", "softmax": "softmax(z2)", "identity": "z2"}[net.output]
    steps += [
        Step(
            key="Wx_b",
            phase="collapse",
            label=_("One linear layer"),
            name="z2",
            symbolic="W·x + b",
            expression=f"{format_matrix(c.W)}·{format_vector(xv)} + {format_vector(c.b)}",
            value=_frozen(z),
        ),
        Step(
            key="yhat",
            phase="collapse",
            label=_("Apply {activation}").format(activation=net.output),
            name="ŷ",
            symbolic=out_symbol,
            expression="[" + ", ".join(_output_unit_texts(net.output, z)) + "]",
            value=_frozen(y),
        ),
    ]
    return tuple(steps)


# --- the whole worked example --------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class WorkedPass:
    """Everything a stepper shows for one network and input, computed once.

    ``steps`` are the six forward steps, ``backward`` the backward steps (empty without a
    target), ``collapse`` the collapse steps with ``x`` (always there: the "no activation" view).
    """

    network: Network
    forward: ForwardPass
    steps: tuple[Step, ...]
    summary: str
    gradients: Gradients | None
    backward: tuple[Step, ...]
    collapse: tuple[Step, ...]

    @property
    def all_steps(self) -> tuple[Step, ...]:
        """Forward steps, then backward steps."""
        return self.steps + self.backward


def worked_pass(
    net: Network, x: ArrayLike, target: ArrayLike | None = None, loss: str | None = None
) -> WorkedPass:
    """Forward steps, the output line, and with a ``target`` the gradients and backward steps.

    Raises :class:`~acttutor.core.network_model.NetworkError` for an input, target or loss that
    does not fit ``net``.
    """
    fp = forward(net, x)
    grads = None if target is None else gradients(net, fp.x, target, loss)
    return WorkedPass(
        network=net,
        forward=fp,
        steps=pass_steps(net, fp),
        summary=output_summary(net, fp),
        gradients=grads,
        backward=() if grads is None else gradient_steps(net, grads),
        collapse=collapse_steps(net, fp.x),
    )


def parse_step_value(step: Step, text: str) -> Array:
    """Read what a learner typed as a guess for ``step`` in the shape of its value.

    A scalar step (the loss) takes one number, a vector step ``"0, 2"``, a matrix step
    ``"0,0; -0.01,0"``. Raises :class:`~acttutor.core.network_model.NetworkError` for a bad
    number or a wrong count, e.g. ``"h needs 2 numbers, got 3"``.
    """
    value = np.asarray(step.value)
    if value.ndim == 2:
        guess = parse_matrix(text, step.name)
    else:
        guess = parse_vector(text, step.name)
    expected = value.shape if value.ndim else (1,)
    if guess.shape != expected:
        if value.ndim == 2:
            want = _("a {rows}×{columns} matrix").format(rows=expected[0], columns=expected[1])
            got = f"{guess.shape[0]}×{guess.shape[1]}"
        else:
            want = ngettext("{n} number", "{n} numbers", expected[0]).format(n=expected[0])
            got = str(guess.shape[0])
        raise NetworkError(_("{name} needs {want}, got {got}").format(
            name=step.name, want=want, got=got), step.key)
    return _frozen(guess.reshape(value.shape))
