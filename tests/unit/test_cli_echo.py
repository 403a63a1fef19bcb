"""Error messages quote what the learner typed, character for character (issue 12, item 6)."""

from __future__ import annotations

import pytest

from acttutor import cli
from acttutor.core.numparse import NumberParseError, parse_number


def error_line(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the CLI, expect a usage error, return the last line of stderr."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exited:  # argparse's own errors
        code = int(exited.code or 0)
    assert code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "quoted"),
    [
        (("quiz", "--seed", "-1x"), "'-1x'"),
        (("quiz", "--count", "-3.5"), "'-3.5'"),
        (("quiz", "--count", "-3e2"), "'-3e2'"),
        (("table", "relu", "--x", "-1e-3x"), "'-1e-3x'"),
        (("table", "relu", "--x", "−abc"), "'−abc'"),
        (("forward", "--b1", "-3x,0"), "'-3x'"),
        (("forward", "--b1", "-3,x"), "'x'"),
        (("plot", "elu", "--param", "alpha=−1x"), "'−1x'"),
        (("plot", "elu", "--param", "alpha=-1x"), "'-1x'"),
        (("plot", "relu", "--range", "−3x", "3"), "'−3x'"),
    ],
)
def test_errors_quote_the_typed_text(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], quoted: str
) -> None:
    line = error_line(capsys, *argv)
    assert quoted in line, line
    typed_minus = any("−" in word for word in argv)
    assert typed_minus or "−" not in line, line  # no minus sign the learner never typed


def test_an_option_word_after_an_option_is_not_rewritten(
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = error_line(capsys, "table", "relu", "--x", "-abc")
    assert "--x" in line and "−" not in line


@pytest.mark.parametrize(
    ("argv", "value"),
    [(("quiz", "--seed", "-1"), -1), (("quiz", "--seed", "-1e0"), None)],
)
def test_negative_values_reach_the_command_as_typed(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], value: int | None
) -> None:
    parser = cli.build_parser(cli.command_module(argv))
    if value is None:
        with pytest.raises(SystemExit):
            parser.parse_args(list(argv))
        assert "'-1e0'" in capsys.readouterr().err
    else:
        assert parser.parse_args(list(argv)).seed == value


def test_negative_vectors_and_infinities_are_values() -> None:
    parser = cli.build_parser("table")
    args = parser.parse_args(["table", "relu", "--x", "-1e-3", "-inf", "-.5"])
    assert args.x == ["-1e-3", "-inf", "-.5"]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [("×2", "'×'"), ("2 ÷)", "')'"), ("(1×2 3", "'3'"), ("2 × (3 ÷ 4 5)", "'5'"), ("÷", "'÷'")],
)
def test_number_errors_quote_the_typed_character(text: str, quoted: str) -> None:
    with pytest.raises(NumberParseError) as raised:
        parse_number(text)
    message = str(raised.value)
    assert quoted in message
    assert "'*'" not in message and "'/'" not in message
