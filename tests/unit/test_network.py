"""The worked network: seeds example, gradients vs central differences, flags, collapse."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest

from acttutor.core.activations import REGISTRY, get_activation
from acttutor.core.network import (
    FORWARD_KEYS,
    MAX_ABS,
    Network,
    NetworkError,
    backward_steps,
    check_input,
    collapse,
    collapse_steps,
    collapsed_output,
    default_input,
    default_network,
    forward,
    forward_steps,
    gradients,
    hidden_flags,
    loss_value,
    normalize_target,
    output_summary,
    predict,
    resolve_loss,
)

SIGMA6 = 1.0 / (1.0 + math.exp(-6.0))


# --- the source notes' example ---------------------------------------------------------------


def test_seed_example_values_to_1e_12() -> None:
    fp = forward(default_network(), default_input())
    np.testing.assert_allclose(fp.W1x, [2.0, 2.0], atol=1e-12)
    np.testing.assert_allclose(fp.z1, [-1.0, 2.0], atol=1e-12)
    np.testing.assert_allclose(fp.h, [0.0, 2.0], atol=1e-12)
    np.testing.assert_allclose(fp.W2h, [6.0], atol=1e-12)
    np.testing.assert_allclose(fp.z2, [6.0], atol=1e-12)
    assert abs(fp.yhat[0] - SIGMA6) < 1e-12
    assert f"{fp.yhat[0]:.4f}" == "0.9975"


def test_seed_forward_steps_read_like_the_seeds() -> None:
    steps = forward_steps(default_network(), [2, 0])
    assert tuple(s.key for s in steps) == FORWARD_KEYS
    by_key = {s.key: s for s in steps}
    assert by_key["W1x"].label == "Multiply by W1"
    assert by_key["W1x"].symbolic == "W1·x"
    assert by_key["W1x"].numeric == "[[1, −2], [1, 5]]·[2, 0] = [2, 2]"
    assert by_key["z1"].numeric == "[2, 2] + [−3, 0] = [−1, 2]"
    assert by_key["z1"].equation == "z1 = W1·x + b1"
    assert by_key["h"].numeric == "[max(0, −1), max(0, 2)] = [0, 2]"
    assert by_key["h"].detail == ("h[1] = max(0, −1) = 0", "h[2] = max(0, 2) = 2")
    assert by_key["W2h"].numeric == "[[1, 3]]·[0, 2] = [6]"
    assert by_key["z2"].numeric == "[6] + [0] = [6]"
    assert by_key["yhat"].numeric == "[1/(1+e^(−6))] ≈ [0.9975]"
    assert by_key["yhat"].relation == "≈"
    assert by_key["W1x"].relation == "="
    assert abs(by_key["yhat"].value[0] - SIGMA6) < 1e-12
    assert by_key["W1x"].detail[0] == "(W1·x)[1] = 1·2 + (−2)·0 = 2"
    net = default_network()
    assert output_summary(net, forward(net, default_input())) == "ŷ = σ(6) ≈ 0.9975"


def test_seed_example_gradients_in_closed_form() -> None:
    g = gradients(default_network(), default_input(), 1)
    d = SIGMA6 - 1.0
    assert g.loss_id == "binary_cross_entropy"
    assert g.loss == pytest.approx(math.log1p(math.exp(-6.0)), rel=1e-14)
    np.testing.assert_allclose(g.dz2, [d], atol=1e-15)
    np.testing.assert_allclose(g.dW2, [[0.0, 2 * d]], atol=1e-15)
    np.testing.assert_allclose(g.db2, [d], atol=1e-15)
    np.testing.assert_allclose(g.dh, [d, 3 * d], atol=1e-15)
    np.testing.assert_allclose(g.dz1, [0.0, 3 * d], atol=1e-15)
    np.testing.assert_allclose(g.dW1, [[0.0, 0.0], [6 * d, 0.0]], atol=1e-15)
    np.testing.assert_allclose(g.db1, [0.0, 3 * d], atol=1e-15)
    assert g.as_dict()["W1"] == [[0.0, 0.0], [6 * d, 0.0]]


def test_seed_backward_steps_show_the_chain_rule() -> None:
    steps = backward_steps(default_network(), default_input(), 1)
    keys = [s.key for s in steps]
    assert keys == ["loss", "dz2", "dW2", "db2", "dh", "dz1", "dW1", "db1"]
    by_key = {s.key: s for s in steps}
    assert by_key["loss"].value.shape == ()
    assert by_key["dz2"].equation == "∂L/∂z2 = ŷ − t"
    assert by_key["dz2"].numeric == "[0.9975] − [1] ≈ [−0.002473]"
    assert by_key["dh"].symbolic == "W2ᵀ·∂L/∂z2"
    assert by_key["dz1"].symbolic == "∂L/∂h ⊙ relu′(z1)"
    assert by_key["dz1"].local == "relu′(z1) = [relu′(−1), relu′(2)] = [0, 1]"
    assert by_key["dW1"].symbolic == "∂L/∂z1·xᵀ"
    assert by_key["dW1"].result == "[[0, 0], [−0.01484, 0]]"
    assert all(s.phase == "backward" for s in steps)
    assert all(s.local for s in steps if s.key != "loss")


def test_squared_error_with_sigmoid_adds_the_dyhat_step() -> None:
    steps = backward_steps(default_network(), default_input(), 0, loss="mse")
    assert [s.key for s in steps][:3] == ["loss", "dyhat", "dz2"]
    dz2 = steps[2]
    assert dz2.symbolic == "∂L/∂ŷ ⊙ σ′(z2)"
    # σ′(6) ≈ 0.00247: the output unit is saturated and squared error feels it.
    assert [(f.layer, f.unit, f.kind) for f in dz2.flags] == [("output", 0, "saturated")]


# --- flags ---------------------------------------------------------------------------------------


def test_inactive_relu_unit_is_flagged_in_the_seed_example() -> None:
    steps = {s.key: s for s in forward_steps(default_network(), default_input())}
    flags = steps["h"].flags
    assert [(f.layer, f.unit, f.kind) for f in flags] == [("hidden", 0, "inactive")]
    assert "unit 1 is inactive for this input" in flags[0].message
    assert "is dead" not in flags[0].message
    back = {s.key: s for s in backward_steps(default_network(), default_input(), 1)}
    assert [f.kind for f in back["dz1"].flags] == ["inactive"]
    assert back["dW1"].value[0].tolist() == [0.0, 0.0]


def test_saturated_tanh_unit_is_flagged() -> None:
    net = Network(W1=[[5, 0], [0.1, 0]], b1=[0, 0], W2=[[1, 1]], b2=[0], hidden="tanh")
    flags = hidden_flags(net, forward(net, [2, 0]).z1)  # z1 = [10, 0.2]
    assert [(f.unit, f.kind) for f in flags] == [(0, "saturated")]
    assert "tanh′(10)" in flags[0].message
    steps = {s.key: s for s in forward_steps(net, [2, 0])}
    assert [f.kind for f in steps["h"].flags] == ["saturated"]


def test_saturated_sigmoid_hidden_unit_and_healthy_units_are_not_flagged() -> None:
    net = Network(W1=[[-4], [1]], b1=[-3, 0], W2=[[1, 1]], b2=[0], hidden="sigmoid")
    assert [(f.unit, f.kind) for f in hidden_flags(net, forward(net, [2]).z1)] == [
        (0, "saturated")
    ]
    relu = Network(W1=[[1], [2]], b1=[0, 0], W2=[[1, 1]], b2=[0])
    assert hidden_flags(relu, forward(relu, [1]).z1) == ()
    identity = relu.with_hidden("identity")
    assert hidden_flags(identity, [-5.0, -5.0]) == ()


# --- gradients against central differences -------------------------------------------------------

HIDDEN_CONFIGS: list[tuple[str, dict[str, float | str]]] = [
    (name, {}) for name, act in REGISTRY.items() if act.kind == "elementwise"
] + [
    ("leaky_relu", {"negative_slope": 0.2}),
    ("elu", {"alpha": 0.5}),
    ("gelu", {"approximate": "tanh"}),
    ("softplus", {"beta": 2.0}),
    ("swish", {"beta": 1.7}),
    ("hardtanh", {"min_val": -0.5, "max_val": 2.0}),
]

OUTPUT_LOSS = [
    ("sigmoid", "binary_cross_entropy"),
    ("sigmoid", "squared_error"),
    ("softmax", "cross_entropy"),
    ("softmax", "squared_error"),
    ("identity", "squared_error"),
]


def _smooth_at(name: str, params: dict[str, float | str], z: np.ndarray) -> bool:
    """True when the closed-form derivative matches a finite difference at every z (no kink)."""
    act = get_activation(name)
    eps = 1e-4
    numeric = (act.value(z + eps, **params) - act.value(z - eps, **params)) / (2 * eps)
    return bool(np.allclose(numeric, act.derivative(z, **params), rtol=1e-4, atol=1e-6))


def _random_case(
    rng: np.random.Generator, hidden: str, params: dict[str, float | str], output: str
) -> tuple[Network, np.ndarray, np.ndarray]:
    while True:
        n_in = int(rng.integers(1, 5))
        n_hid = int(rng.integers(1, 5))
        n_out = int(rng.integers(2 if output == "softmax" else 1, 4))
        net = Network(
            W1=rng.normal(0, 1, (n_hid, n_in)),
            b1=rng.normal(0, 1, n_hid),
            W2=rng.normal(0, 1, (n_out, n_hid)),
            b2=rng.normal(0, 1, n_out),
            hidden=hidden,
            hidden_params=params,
            output=output,
        )
        x = rng.normal(0, 1.5, n_in)
        if output == "sigmoid":
            target = rng.uniform(0, 1, n_out)
        elif output == "softmax":
            target = rng.dirichlet(np.ones(n_out))
        else:
            target = rng.normal(0, 2, n_out)
        if _smooth_at(hidden, dict(net.hidden_params), forward(net, x).z1):
            return net, x, target


def _reference_loss(
    net: Network, params: dict[str, np.ndarray], x: np.ndarray, t: np.ndarray, loss: str
) -> float:
    """The loss written the textbook way, independently of the module under test."""
    act = get_activation(net.hidden)
    h = act.value(params["W1"] @ x + params["b1"], **net.hidden_params)
    z = params["W2"] @ h + params["b2"]
    if net.output == "sigmoid":
        y = 1.0 / (1.0 + np.exp(-z))
    elif net.output == "softmax":
        y = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    else:
        y = z
    if loss == "binary_cross_entropy":
        return float(-np.sum(t * np.log(y) + (1 - t) * np.log(1 - y)))
    if loss == "cross_entropy":
        return float(-np.sum(t * np.log(y)))
    return float(0.5 * np.sum((y - t) ** 2))


def _numeric_gradient(
    net: Network, x: np.ndarray, target: np.ndarray, loss: str, field: str
) -> np.ndarray:
    eps = 1e-6
    params = {name: np.array(getattr(net, name)) for name in ("W1", "b1", "W2", "b2")}
    base = params[field]
    grad = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        saved = base[index]
        base[index] = saved + eps
        lp = _reference_loss(net, params, x, target, loss)
        base[index] = saved - eps
        lm = _reference_loss(net, params, x, target, loss)
        base[index] = saved
        grad[index] = (lp - lm) / (2 * eps)
    return grad


@pytest.mark.parametrize(("output", "loss"), OUTPUT_LOSS)
@pytest.mark.parametrize(
    ("hidden", "params"), HIDDEN_CONFIGS, ids=[f"{n}{p or ''}" for n, p in HIDDEN_CONFIGS]
)
def test_gradients_match_central_differences(
    hidden: str, params: dict[str, float | str], output: str, loss: str
) -> None:
    seed = sum(map(ord, hidden + str(params) + output + loss))
    rng = np.random.default_rng(seed)
    for _ in range(3):
        net, x, target = _random_case(rng, hidden, params, output)
        g = gradients(net, x, target, loss)
        assert g.loss == pytest.approx(loss_value(net, x, target, loss), rel=1e-12)
        reference = {n: np.array(getattr(net, n)) for n in ("W1", "b1", "W2", "b2")}
        assert g.loss == pytest.approx(_reference_loss(net, reference, x, target, loss), rel=1e-9)
        for field, analytic in (("W1", g.dW1), ("b1", g.db1), ("W2", g.dW2), ("b2", g.db2)):
            numeric = _numeric_gradient(net, x, target, loss, field)
            np.testing.assert_allclose(
                analytic, numeric, rtol=1e-5, atol=1e-7, err_msg=f"{field} of {net}"
            )


def test_softmax_class_index_target_equals_one_hot() -> None:
    net = Network(W1=[[1, 0], [0, 1]], b1=[0, 0], W2=[[1, 2], [3, -1], [0, 1]], b2=[0, 0, 0],
                  output="softmax")
    by_index = gradients(net, [0.5, -1], 2)
    by_vector = gradients(net, [0.5, -1], [0, 0, 1])
    assert by_index.loss == by_vector.loss
    np.testing.assert_array_equal(by_index.dW1, by_vector.dW1)
    yhat = predict(net, [0.5, -1])
    assert by_index.loss == pytest.approx(-math.log(yhat[2]), rel=1e-12)


def test_small_losses_keep_their_digits() -> None:
    net = Network(W1=[[1]], b1=[0], W2=[[20], [-20]], b2=[0, 0], output="softmax")
    # z2 = [20, −20], right class 0: L = ln(1 + e^−40), far below float64's epsilon at 1.
    assert loss_value(net, [1], 0) == pytest.approx(math.log1p(math.exp(-40.0)), rel=1e-14)
    sig = Network(W1=[[1]], b1=[0], W2=[[40]], b2=[0])
    assert loss_value(sig, [1], 1) == pytest.approx(math.log1p(math.exp(-40.0)), rel=1e-14)


def test_losses_are_stable_for_huge_logits() -> None:
    net = Network(W1=[[1]], b1=[0], W2=[[1000]], b2=[0])
    g = gradients(net, [1], 0)  # z2 = 1000, ŷ rounds to 1, target 0
    assert g.loss == pytest.approx(1000.0)
    assert np.isfinite(g.dW1).all()
    assert g.dz2[0] == pytest.approx(1.0)


def test_no_numpy_warnings_at_the_extremes() -> None:
    big = MAX_ABS
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        for name, act in REGISTRY.items():
            if act.kind != "elementwise":
                continue
            for output, loss, target in (
                ("sigmoid", None, [1, 0]),
                ("softmax", None, 1),
                ("identity", None, [big, -big]),
                ("sigmoid", "squared_error", [0, 1]),
                ("softmax", "squared_error", [0.5, 0.5]),
            ):
                net = Network(
                    W1=np.full((8, 8), big), b1=np.full(8, -big), W2=np.full((2, 8), big),
                    b2=[big, -big], hidden=name, output=output,
                )
                for x in (np.full(8, big), np.full(8, -big)):
                    g = gradients(net, x, target, loss)
                    assert np.isfinite(g.loss)
                    backward_steps(net, x, target, loss)
                    forward_steps(net, x)


# --- collapse ------------------------------------------------------------------------------------


def test_collapse_of_the_seed_network() -> None:
    c = collapse(default_network())
    np.testing.assert_array_equal(c.W, [[4.0, 13.0]])
    np.testing.assert_array_equal(c.b, [-3.0])
    steps = collapse_steps(default_network(), default_input())
    assert [s.key for s in steps] == ["W", "b", "Wx_b", "yhat"]
    assert steps[0].numeric == "[[1, 3]]·[[1, −2], [1, 5]] = [[4, 13]]"
    assert steps[1].numeric == "[[1, 3]]·[−3, 0] + [0] = [−3]"
    assert steps[2].numeric == "[[4, 13]]·[2, 0] + [−3] = [5]"
    assert "one linear layer" in steps[0].detail[0]
    assert len(collapse_steps(default_network())) == 2


@pytest.mark.parametrize("output", ["sigmoid", "softmax", "identity"])
def test_collapse_matches_the_identity_network(output: str) -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        n_in, n_hid, n_out = (int(v) for v in rng.integers(2, 9, 3))
        net = Network(
            W1=rng.normal(size=(n_hid, n_in)), b1=rng.normal(size=n_hid),
            W2=rng.normal(size=(n_out, n_hid)), b2=rng.normal(size=n_out),
            hidden="tanh", output=output,
        )
        c = collapse(net)
        np.testing.assert_allclose(c.W, net.W2 @ net.W1, rtol=1e-14)
        np.testing.assert_allclose(c.b, net.W2 @ net.b1 + net.b2, rtol=1e-14)
        x = rng.normal(size=n_in)
        linear = net.with_hidden("identity")
        np.testing.assert_allclose(collapsed_output(net, x), predict(linear, x), atol=1e-12)
        np.testing.assert_allclose(
            collapse_steps(net, x)[-1].value, predict(linear, x), atol=1e-12
        )
        # The point of the lesson: with tanh in between, it is *not* one linear layer.
        assert not np.allclose(predict(net, x), predict(linear, x))


# --- validation ----------------------------------------------------------------------------------


def _seed(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = dict(
        W1=[[1, -2], [1, 5]], b1=[-3, 0], W2=[[1, 3]], b2=[0], hidden="relu", output="sigmoid"
    )
    fields.update(changes)
    return fields


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"W2": [[1, 3, 4]]}, "W2 has 3 columns but the hidden layer has 2 units"),
        ({"b1": [1, 2, 3]}, "b1 has 3 entries but W1 has 2 rows"),
        ({"b2": [0, 1]}, "b2 has 2 entries but W2 has 1 row"),
        ({"W1": [1, 2]}, "W1 must be a matrix"),
        ({"W1": [[1, 2], [3]]}, "W1 must hold numbers only"),
        ({"W1": [[1, float("nan")], [1, 5]]}, "W1[1][2] is nan"),
        ({"b1": [float("inf"), 0]}, "b1[1] is infinite"),
        ({"W2": [[1, 2e7]]}, "W2[1][2] is 2e+07"),
        ({"W1": np.ones((2, 9))}, "W1 has 9 columns (inputs); at most 8"),
        ({"W1": np.ones((9, 2)), "b1": np.ones(9), "W2": np.ones((1, 9))}, "at most 8"),
        ({"W1": [[]]}, "W1 is empty"),
        ({"hidden": "relux"}, "relu"),
        ({"hidden": "softmax"}, "elementwise"),
        ({"output": "tanh"}, "output must be sigmoid, softmax or identity"),
        ({"output": "softmax"}, "softmax needs at least 2 output units"),
        ({"hidden": "leaky_relu", "hidden_params": {"negative_slope": 5}}, "out of range"),
        ({"hidden_params": {"alpha": 1}}, "no parameter 'alpha'"),
    ],
)
def test_invalid_networks_are_rejected_with_a_clear_message(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(NetworkError, match=None) as info:
        Network(**_seed(**changes))
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_network_is_frozen_read_only_and_comparable() -> None:
    net = default_network()
    with pytest.raises(AttributeError):
        net.hidden = "tanh"  # type: ignore[misc]
    with pytest.raises(ValueError):
        net.W1[0, 0] = 7.0
    assert net == Network(**_seed())
    assert net != net.with_hidden("tanh")
    assert net.with_hidden("leaky_relu").hidden_params == {"negative_slope": 0.01}
    assert net.n_inputs == 2 and net.n_hidden == 2 and net.n_outputs == 1
    bigger = net.resized(3, 4, 2)
    assert bigger.W1.shape == (4, 3) and bigger.W2.shape == (2, 4)
    assert bigger.W1[:2, :2].tolist() == net.W1.tolist()
    with pytest.raises(NetworkError):
        net.resized(0, 2, 1)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        ([1, 2, 3], "x has 3 entries but W1 has 2 columns"),
        ([1, float("nan")], "x[2] is nan"),
        ([[1, 2]], "x must be a vector"),
    ],
)
def test_bad_inputs_are_rejected(x: object, message: str) -> None:
    with pytest.raises(NetworkError) as info:
        check_input(default_network(), x)
    assert message in str(info.value)


def test_targets_are_checked_for_each_output() -> None:
    net = default_network()
    assert normalize_target(net, 1).tolist() == [1.0]
    with pytest.raises(NetworkError, match="target has 2 entries but the output layer has 1"):
        normalize_target(net, [1, 0])
    with pytest.raises(NetworkError, match="between 0 and 1"):
        normalize_target(net, 2)
    soft = net.resized(2, 2, 3).with_output("softmax")
    assert normalize_target(soft, 2).tolist() == [0.0, 0.0, 1.0]
    with pytest.raises(NetworkError, match="integer from 0 to 2"):
        normalize_target(soft, 3)
    with pytest.raises(NetworkError, match="sum to 1"):
        normalize_target(soft, [0.5, 0.6, 0])
    ident = net.with_output("identity")
    assert normalize_target(ident, [-4.5]).tolist() == [-4.5]


def test_losses_are_resolved_by_output() -> None:
    net = default_network()
    assert resolve_loss(net, None) == "binary_cross_entropy"
    assert resolve_loss(net, "MSE") == "squared_error"
    with pytest.raises(NetworkError, match="does not fit a sigmoid output"):
        resolve_loss(net, "cross_entropy")
    with pytest.raises(NetworkError, match="unknown loss"):
        resolve_loss(net, "hinge")
    assert resolve_loss(net.with_output("identity"), None) == "squared_error"


def test_step_as_dict_is_json_ready() -> None:
    import json

    step = forward_steps(default_network(), default_input())[-1]
    data = json.loads(json.dumps(step.as_dict()))
    assert {"key", "label", "symbolic", "numeric", "value", "flags"} <= data.keys()
    assert data["value"] == [SIGMA6]


def test_core_never_imports_the_ui() -> None:
    code = (
        "import sys, acttutor.core.network as n; n.backward_steps(n.default_network(), [2, 0], 1);"
        "print(any(m.split('.')[0] in ('textual', 'plotext', 'textual_plotext')"
        " for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_worked_pass_bundles_everything_a_stepper_needs() -> None:
    from acttutor.core.network import worked_pass

    plain = worked_pass(default_network(), default_input())
    assert [s.key for s in plain.steps] == list(FORWARD_KEYS)
    assert plain.backward == () and plain.gradients is None
    assert plain.summary == "ŷ = σ(6) ≈ 0.9975"
    assert plain.collapse[0].value.tolist() == [[4.0, 13.0]]
    full = worked_pass(default_network(), default_input(), 1)
    assert full.gradients is not None
    assert [s.key for s in full.all_steps][6:] == [
        "loss", "dz2", "dW2", "db2", "dh", "dz1", "dW1", "db1"
    ]


def test_parse_step_value_reads_guesses_in_the_step_shape() -> None:
    from acttutor.core.network import parse_step_value, worked_pass

    work = worked_pass(default_network(), default_input(), 1)
    steps = {s.key: s for s in work.all_steps}
    assert parse_step_value(steps["h"], "0, 2").tolist() == [0.0, 2.0]
    assert parse_step_value(steps["loss"], "0.0025").shape == ()
    assert parse_step_value(steps["dW1"], "0,0; -0.0148, 0").shape == (2, 2)
    with pytest.raises(NetworkError, match="h needs 2 numbers, got 3"):
        parse_step_value(steps["h"], "0, 2, 3")
    with pytest.raises(NetworkError, match="needs a 2×2 matrix, got 1×2"):
        parse_step_value(steps["dW1"], "0, 0")
    with pytest.raises(NetworkError, match="is not a number"):
        parse_step_value(steps["z1"], "-1, two")
