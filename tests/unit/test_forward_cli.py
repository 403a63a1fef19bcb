"""``acttutor forward``: the worked pass as text and JSON; one-line errors with exit status 2."""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys

import pytest

from acttutor import cli
from acttutor.commands import forward

WIRED = "forward" in cli.COMMANDS
SIGMA6 = 1.0 / (1.0 + math.exp(-6.0))


def _local_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="acttutor")
    forward.register(parser.add_subparsers())
    return parser


def run_forward(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Through ``acttutor.cli.main`` once the command is wired there, else a local parser."""
    if WIRED:
        code = cli.main(["forward", *argv])
    else:
        args = _local_parser().parse_args(cli.protect_negative_numbers(["forward", *argv]))
        code = args.run(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_default_text_ends_with_the_seed_result(capsys) -> None:
    code, out, err = run_forward(capsys)
    assert code == 0 and err == ""
    assert out.rstrip().endswith("ŷ = σ(6) ≈ 0.9975")
    assert "[[1, −2], [1, 5]]·[2, 0] = [2, 2]" in out
    assert "[max(0, −1), max(0, 2)] = [0, 2]" in out
    assert "unit 1 is inactive for this input" in out and "is dead" not in out


def test_text_with_target_has_loss_backward_steps_and_gradients(capsys) -> None:
    code, out, _ = run_forward(capsys, "--target", "1")
    assert code == 0
    assert "Backward pass (binary cross-entropy, target t = [1])" in out
    assert "∂L/∂z₂ = ŷ − t" in out
    assert "∂L/∂W₁ ≈ [[0, 0], [−0.01484, 0]]" in out
    assert "Loss L ≈ 0.002476" in out


def test_json_has_steps_output_loss_and_full_precision_grads(capsys) -> None:
    code, out, _ = run_forward(capsys, "--target", "1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"network", "steps", "output", "loss", "grads"} <= data.keys()
    assert [s["key"] for s in data["steps"]] == ["W1x", "z1", "h", "W2h", "z2", "yhat"]
    for step in data["steps"]:
        assert {"key", "label", "symbolic", "numeric", "value"} <= step.keys()
    assert data["output"] == [SIGMA6]
    assert data["steps"][2]["value"] == [0.0, 2.0]
    d = SIGMA6 - 1.0
    assert data["loss"] == pytest.approx(math.log1p(math.exp(-6.0)), abs=1e-16)
    assert set(data["grads"]) == {"W1", "b1", "W2", "b2"}
    assert data["grads"]["W1"] == [[0.0, 0.0], [6 * d, 0.0]]
    assert data["grads"]["W2"] == [[0.0, 2 * d]]
    assert data["grads"]["b1"] == [0.0, 3 * d]
    assert data["grads"]["b2"] == [d]
    assert data["network"]["W1"] == [[1.0, -2.0], [1.0, 5.0]]


def test_json_without_target_has_no_grads(capsys) -> None:
    _, out, _ = run_forward(capsys, "--format", "json")
    data = json.loads(out)
    assert "grads" not in data and "loss" not in data
    assert data["output"] == [SIGMA6]


@pytest.mark.parametrize("argv", [["--b1=-3,0"], ["--b1", "-3,0"], ["--b1", "−3, 0"]])
def test_negative_values_after_an_option(capsys, argv: list[str]) -> None:
    code, out, err = run_forward(capsys, *argv)
    assert code == 0, err
    assert out.rstrip().endswith("≈ 0.9975")


def test_other_networks_and_outputs(capsys) -> None:
    code, out, _ = run_forward(
        capsys, "--w2", "1,3;-2,1", "--b2", "0,0", "--output", "softmax", "--target", "0",
        "--format", "json",
    )
    assert code == 0
    data = json.loads(out)
    assert sum(data["output"]) == pytest.approx(1.0)
    assert data["loss_function"] == "cross_entropy"
    code, out, _ = run_forward(
        capsys, "--hidden", "leaky_relu", "--hidden-param", "negative_slope=1/4", "--x", "-1,0.5"
    )
    assert code == 0
    assert "Leaky ReLU, negative_slope=0.25" in out
    assert "max(0.25·(−5), −5)" in out


def test_identity_hidden_shows_the_collapse(capsys) -> None:
    code, out, _ = run_forward(capsys, "--hidden", "identity")
    assert code == 0
    assert "W = W₂·W₁" in out
    assert "[[1, 3]]·[[1, −2], [1, 5]] = [[4, 13]]" in out
    code, out, _ = run_forward(capsys, "--hidden", "identity", "--format", "json")
    data = json.loads(out)
    assert data["collapse"]["W"] == [[4.0, 13.0]]
    assert data["collapse"]["output"] == data["output"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--w2", "1,3,4"], "W2 has 3 columns but the hidden layer has 2 units"),
        (["--x", "1,2,3"], "x has 3 entries but W1 has 2 columns"),
        (["--x", "1,abc"], "--x entry 2: 'abc' is not a number"),
        (["--w1", "1,2;3"], "--w1 row 2 has 1 entry but row 1 has 2 entries"),
        (["--hidden", "relux"], "did you mean relu"),
        (["--hidden", "softmax"], "elementwise"),
        (["--output", "tanh"], "output must be sigmoid, softmax or identity"),
        (["--output", "softmax"], "softmax needs at least 2 output units"),
        (["--target", "1,0"], "target has 2 entries but the output layer has 1 unit"),
        (["--target", "2"], "between 0 and 1"),
        (["--loss", "cross_entropy", "--target", "1"], "does not fit a sigmoid output"),
        (["--hidden-param", "alpha"], "--hidden-param expects NAME=VALUE"),
        (["--b1", "1/0,0"], "Division by zero"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(capsys, argv: list[str], message: str) -> None:
    code, out, err = run_forward(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("acttutor forward: error: ")
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.skipif(not WIRED, reason="forward is not yet registered in acttutor/cli.py")
def test_subprocess_bad_shape_exits_2_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "acttutor", "forward", "--w2", "1,3,4"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "acttutor forward: error: W2 has 3 columns but the hidden layer has 2 units "
        "(W1 has 2 rows)"
    )


@pytest.mark.skipif(not WIRED, reason="forward is not yet registered in acttutor/cli.py")
def test_subprocess_default_ends_with_0_9975() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "acttutor", "forward"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("0.9975")
