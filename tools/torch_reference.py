"""Regenerate tests/fixtures/torch_reference.json from PyTorch (float64, autograd derivatives).

torch is not a dependency of acttutor; run this by hand in an environment that has it:
    python tools/torch_reference.py > tests/fixtures/torch_reference.json
"""

from __future__ import annotations

import json

import torch
import torch.nn.functional as F  # noqa: N812

XS = sorted(
    set(
        [round(-12 + 0.25 * i, 4) for i in range(97)]
        + [-40.0, -25.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 25.0, 40.0, 1e-6, -1e-6, 1e-3]
    )
)

CASES = [
    ("identity", {}, lambda x: x),
    ("sigmoid", {}, torch.sigmoid),
    ("tanh", {}, torch.tanh),
    ("relu", {}, F.relu),
    ("relu6", {}, F.relu6),
    ("leaky_relu", {}, F.leaky_relu),
    ("leaky_relu", {"negative_slope": 0.2}, lambda x: F.leaky_relu(x, 0.2)),
    ("prelu", {}, lambda x: F.prelu(x, torch.tensor([0.25], dtype=torch.float64))),
    ("prelu", {"weight": -0.5}, lambda x: F.prelu(x, torch.tensor([-0.5], dtype=torch.float64))),
    ("rrelu", {}, lambda x: F.rrelu(x, training=False)),
    ("rrelu", {"lower": 0.1, "upper": 0.3}, lambda x: F.rrelu(x, 0.1, 0.3, training=False)),
    ("elu", {}, F.elu),
    ("elu", {"alpha": 0.5}, lambda x: F.elu(x, 0.5)),
    ("celu", {}, F.celu),
    ("celu", {"alpha": 2.0}, lambda x: F.celu(x, 2.0)),
    ("selu", {}, F.selu),
    ("gelu", {}, F.gelu),
    ("gelu", {"approximate": "tanh"}, lambda x: F.gelu(x, approximate="tanh")),
    ("silu", {}, F.silu),
    ("swish", {"beta": 2.0}, lambda x: x * torch.sigmoid(2.0 * x)),
    ("mish", {}, F.mish),
    ("softplus", {}, F.softplus),
    ("softplus", {"beta": 2.0, "threshold": 10.0}, lambda x: F.softplus(x, 2.0, 10.0)),
    ("softsign", {}, F.softsign),
    ("hardsigmoid", {}, F.hardsigmoid),
    ("hardtanh", {}, F.hardtanh),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, lambda x: F.hardtanh(x, -2.0, 0.5)),
    ("hardswish", {}, F.hardswish),
    ("logsigmoid", {}, F.logsigmoid),
    ("tanhshrink", {}, F.tanhshrink),
    ("softshrink", {}, F.softshrink),
    ("softshrink", {"lambd": 1.0}, lambda x: F.softshrink(x, 1.0)),
    ("hardshrink", {}, F.hardshrink),
    ("threshold", {"threshold": 1.0, "value": -2.0}, lambda x: F.threshold(x, 1.0, -2.0)),
]

VECTORS = [[2.0, 1.0, 0.1], [0.0, 1.0, 2.0], [-3.0, 0.5, 7.0, 2.0], [100.0, -100.0], [5.0]]
VECTOR_CASES = [
    ("softmax", lambda v: F.softmax(v, dim=-1)),
    ("log_softmax", lambda v: F.log_softmax(v, dim=-1)),
    ("softmin", lambda v: F.softmin(v, dim=-1)),
]


def main() -> None:
    out: dict[str, object] = {"torch": torch.__version__, "x": XS, "elementwise": [], "vector": []}
    for name, params, fn in CASES:
        x = torch.tensor(XS, dtype=torch.float64, requires_grad=True)
        y = fn(x)
        (grad,) = torch.autograd.grad(y.sum(), x)
        out["elementwise"].append(
            {"name": name, "params": params, "value": y.tolist(), "derivative": grad.tolist()}
        )
    for name, fn in VECTOR_CASES:
        for vec in VECTORS:
            v = torch.tensor(vec, dtype=torch.float64)
            jac = torch.autograd.functional.jacobian(fn, v)
            out["vector"].append(
                {"name": name, "x": vec, "value": fn(v).tolist(), "jacobian": jac.tolist()}
            )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
