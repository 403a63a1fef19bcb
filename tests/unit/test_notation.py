"""The forward pass in the lessons' notation: z₁ = W₁x + b₁, z₂ = W₂h + b₂, loss L."""

from __future__ import annotations

import re

from acttutor.core.network import default_input, default_network, default_target, worked_pass
from acttutor.core.notation import lesson_notation, lesson_worked_pass

#: The stepper's ASCII ids, which a learner should never see.
_IDS = re.compile(r"(?<![A-Za-z0-9_])(W1|W2|b1|b2|z1|z2)(?![A-Za-z0-9_])")


def test_ids_become_the_lessons_symbols() -> None:
    assert lesson_notation("z1 = W1·x + b1") == "z₁ = W₁·x + b₁"
    assert lesson_notation("∂L/∂z2 = ŷ − t") == "∂L/∂z₂ = ŷ − t"
    assert lesson_notation("∂z2[i]/∂W2[i][j] = h[j]") == "∂z₂[i]/∂W₂[i][j] = h[j]"
    assert lesson_notation("Loss L ≈ 0.0025 (ReLU, GELU)") == "Loss L ≈ 0.0025 (ReLU, GELU)"


def test_every_text_of_a_worked_pass_is_translated() -> None:
    worked = lesson_worked_pass(
        worked_pass(default_network(), default_input(), default_target())
    )
    texts = [worked.summary]
    for step in worked.all_steps + worked.collapse:
        texts += [step.label, step.equation, step.numeric, step.local, *step.detail]
        texts += [flag.message for flag in step.flags]
    leftover = [text for text in texts if _IDS.search(text)]
    assert not leftover
    assert any("z₁ = W₁·x + b₁" in text for text in texts)


def test_cli_text_uses_the_lessons_notation(capsys) -> None:
    from acttutor.cli import main

    assert main(["forward", "--target", "1"]) == 0
    out = capsys.readouterr().out
    assert "z₁ = W₁·x + b₁" in out and "∂L/∂z₂ = ŷ − t" in out and "Loss L ≈ 0.002476" in out
    assert not _IDS.search(out)
