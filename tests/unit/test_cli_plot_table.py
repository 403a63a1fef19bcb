"""``acttutor plot``, ``table`` and ``list``: output formats and one-line usage errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from acttutor import __version__
from acttutor.cli import (
    COMMAND_MODULES,
    build_parser,
    command_module,
    main,
)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_csv_matches_the_done_when(capsys) -> None:
    code, out, _ = run_cli(capsys, "table", "sigmoid", "--x", "0", "6", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["x", "value", "derivative"]
    assert rows[1] == ["0.0", "0.5", "0.25"]
    assert rows[2][1] == "0.9975273768433653"
    assert rows[2][2] == "0.0024665092913600485"


def test_table_json_shape_and_full_precision(capsys) -> None:
    code, out, _ = run_cli(
        capsys, "table", "leaky_relu", "--param", "negative_slope=0.1",
        "--range", "-1", "1", "--num", "3", "--format", "json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["activation"] == "leaky_relu"
    assert data["params"] == {"negative_slope": 0.1}
    assert data["points"] == [
        {"x": -1.0, "value": -0.1, "derivative": 0.1},
        {"x": 0.0, "value": 0.0, "derivative": 0.1},
        {"x": 1.0, "value": 1.0, "derivative": 1.0},
    ]


def test_vector_table_is_one_vector_with_jacobian(capsys) -> None:
    code, out, _ = run_cli(capsys, "table", "softmax", "--x", "2", "1", "0.1", "--format", "json")
    data = json.loads(out)
    assert code == 0
    values = [p["value"] for p in data["points"]]
    assert values == pytest.approx([0.659, 0.242, 0.099], abs=5e-4)
    assert len(data["jacobian"]) == 3
    assert [p["derivative"] for p in data["points"]] == [data["jacobian"][i][i] for i in range(3)]


def test_nonfinite_and_negative_x_are_accepted(capsys) -> None:
    code, out, err = run_cli(
        capsys, "table", "sigmoid", "--x", "nan", "inf", "-inf", "-1e-3", "--format", "csv"
    )
    assert code == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert [r[1] for r in rows[:3]] == ["nan", "1.0", "0.0"]
    assert float(rows[3][0]) == -0.001


def test_text_table_lists_every_point(capsys) -> None:
    code, out, _ = run_cli(capsys, "table", "relu", "--range", "-2", "2", "--num", "5")
    assert code == 0
    assert out.splitlines()[0] == "relu"
    assert len([line for line in out.splitlines() if line.strip()]) == 3 + 5


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["table", "sigmod", "--x", "1"], "did you mean sigmoid"),
        (["table", "elu", "--param", "beta=2", "--x", "1"], "no parameter 'beta'"),
        (["table", "elu", "--param", "alpha=99", "--x", "1"], "out of range"),
        (["table", "elu", "--param", "alpha", "--x", "1"], "NAME=VALUE"),
        (["table", "relu", "--x", "abc"], "x must be a number, not 'abc'"),
        (["table", "relu", "--range", "2", "1"], "A < B"),
        (["table", "relu", "--range", "0", "1", "--num", "0"], "--num must be"),
        (["table", "relu", "--range", "0", "1", "--num", "1000001"], "--num must be"),
        (["plot", "relu", "--range", "1", "1"], "A < B"),
        (["plot", "nope"], "unknown activation"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(capsys, argv, message) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("acttutor ")


def test_plot_draws_both_curves_with_legend_and_title(capsys) -> None:
    code, out, _ = run_cli(
        capsys, "plot", "elu", "--param", "alpha=0.5", "--width", "70", "--height", "20"
    )
    assert code == 0
    assert "\x1b[" not in out  # not a terminal: no colour codes
    assert "f(x)" in out and "f′(x)" in out
    assert "alpha=0.5" in out.splitlines()[0]
    assert max(len(line) for line in out.splitlines()) <= 70


def test_plot_without_derivative(capsys) -> None:
    _, out, _ = run_cli(
        capsys, "plot", "relu", "--no-derivative", "--width", "60", "--height", "15"
    )
    assert "f(x)" in out and "f′(x)" not in out


def test_list_names_every_activation(capsys) -> None:
    from acttutor.core.activations import REGISTRY

    _, out, _ = run_cli(capsys, "list")
    names = [line.split()[0] for line in out.splitlines()]
    assert names == list(REGISTRY)


def test_negative_values_after_options_are_values_as_typed() -> None:
    args = build_parser("table").parse_args(["table", "relu", "--x", "-inf", "-1e-3", "-3,0"])
    assert args.x == ["-inf", "-1e-3", "-3,0"]


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["quiz", "--count", "3"], "tui"),
        (["--lang", "ko", "lesson", "relu"], "tui"),
        (["--content=./mine", "--data-dir", "/tmp/d", "stats"], "stats"),
        (["--content", "quiz", "plot", "elu"], "plot"),
        (["list"], "list"),
        (["--help"], None),
        (["--version", "quiz"], None),
        (["--cont", "dir", "quiz"], None),  # an abbreviation: argparse decides
        (["qiuz"], None),  # misspelt: the full parser suggests the commands
        ([], "tui"),  # no command: the tutor's home
        (["--lang", "ko"], "tui"),
    ],
)
def test_command_module_finds_the_command_after_global_options(argv, module) -> None:
    assert command_module(argv) == module


def test_the_narrow_parser_parses_like_the_full_one() -> None:
    """Each command parsed with only its module registered gives the same namespace."""
    samples = {
        "quiz": ["--lang", "ko", "quiz", "--lesson", "relu", "--count", "3", "--seed", "7"],
        "lesson": ["lesson", "relu", "--data-dir", "d"],
        "plot": ["plot", "elu", "--param", "alpha=0.5"],
        "table": ["table", "sigmoid", "--x", "0", "6", "--format", "csv"],
        "list": ["list"],
        "forward": ["forward", "--x", "2,0", "--target", "1"],
        "check": ["check", "dir"],
        "stats": ["--content", "c", "stats", "--format", "json"],
        "serve": ["serve", "--host", "0.0.0.0", "--port", "8080", "--lang", "ko"],
        "export": ["export", "anki", "x.apkg", "--lesson", "relu", "--generated", "2"],
        "": ["--lang", "ko", "--data-dir", "d"],
    }
    assert set(samples) == {*COMMAND_MODULES, ""}
    for argv in samples.values():
        narrow = vars(build_parser(command_module(argv)).parse_args(argv))
        full = vars(build_parser().parse_args(argv))
        assert narrow == full, argv


def test_a_misspelt_command_still_lists_the_commands(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["qiuz"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'qiuz'" in err and "quiz" in err


def test_help_and_version_through_the_console_entry() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "acttutor", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("plot", "table", "list", "lesson", "quiz"):
        assert f"acttutor {command}" in help_text
    version = subprocess.run(
        [sys.executable, "-m", "acttutor", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert version.strip() == f"acttutor {__version__}"


def test_bad_input_never_prints_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "acttutor", "table", "relu", "--x", "1", "--param", "x=="],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_bad_language_code_is_a_usage_error(capsys) -> None:
    code, _, err = run_cli(capsys, "--lang", "korean", "lesson", "sigmoid")
    assert code == 2
    assert "--lang must be one of en, ko, not 'korean'" in err


@pytest.mark.parametrize("argv", [
    ("plot", "relu", "--width", "0"),
    ("plot", "relu", "--height", "0"),
    ("plot", "relu", "--range", "-1e308", "1e308"),
    ("table", "softmax", "--range", "0", "1", "--num", "30000"),
])
def test_cli_bounds_give_one_line_and_exit_2(capsys, argv) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_plot_ticks_are_round_with_the_screen_minus(capsys) -> None:
    code, out, _ = run_cli(capsys, "plot", "tanh", "--range", "-3", "3", "--width", "60",
                           "--height", "16")
    assert code == 0
    assert "−2" in out and "-2" not in out
    assert "0.33" not in out and "0.99" not in out
