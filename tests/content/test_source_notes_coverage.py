"""Every concept of the source notes has a lesson section and at least one question on it.

The source notes are five Korean study notes on activation functions. Each point they make is
listed here with the (lesson, section) that teaches it; the test fails when that section
disappears or no question of the course asks about it.
"""

from __future__ import annotations

import pytest

from acttutor.course.loader import load_course
from acttutor.course.models import Course

CONCEPTS: dict[str, tuple[str, str]] = {
    # note 000: why activations; sigmoid, tanh, ReLU, leaky ReLU; interview questions
    "activations add non-linearity and reshape the feature space": ("why-activations", "bending"),
    "the step function cannot be trained by backpropagation": ("step-and-identity", "no-gradient"),
    "sigmoid maps to (0, 1), threshold 0.5 for binary classification": ("sigmoid", "range"),
    "the sigmoid's derivative lies in (0, 0.25]": ("sigmoid", "derivative"),
    "stacked sigmoids make gradients vanish": ("sigmoid", "vanishing"),
    "sigmoid costs an exponential and is not zero-centred": ("sigmoid", "drawbacks"),
    "tanh has range (−1, 1) and is zero-centred": ("tanh", "zero-centred"),
    "tanh still saturates and vanishes": ("tanh", "saturation"),
    "ReLU's slope is 1 for x > 0, so it eases the vanishing gradient": ("relu", "why"),
    "ReLU is one comparison and fast": ("relu", "definition"),
    "why ReLU replaced the sigmoid (interview)": ("interview", "vanishing"),
    "dying ReLU, and batch normalisation as a remedy": ("relu", "dying"),
    "ReLU networks approximate curves by combining linear pieces": ("relu", "approximation"),
    "leaky ReLU and parametric ReLU": ("leaky-relu-family", "prelu"),
    # note 001: ReLU in PyTorch, its variants, inactive vs dead; softmax
    "PyTorch's ReLU is a C++ kernel (clamp_min), relu_ is in-place": ("relu", "pytorch"),
    "ReLU variants: leaky ReLU, PReLU, SELU, RReLU": ("leaky-relu-family", "rrelu"),
    "inactive (for an input) versus dead units": ("forward-pass", "dead"),
    "how to detect dead units in practice": ("relu", "detecting-dead"),
    "which activation transformers use": ("modern-activations", "gelu"),
    "softmax turns logits into probabilities for multi-class outputs": ("softmax", "definition"),
    "softmax for multi-class, sigmoid for binary": ("softmax", "vs-sigmoid"),
    # note 002: sigmoid + cross-entropy, softplus, all-positive outputs, dying causes, kink
    "binary cross-entropy and its t = 1 form": ("sigmoid-cross-entropy", "bce"),
    "the log cancels the sigmoid's exponential into softplus": ("sigmoid-cross-entropy", "cancel"),
    "cross-entropy prevents gradient saturation at the output": (
        "sigmoid-cross-entropy", "no-saturation"),
    "softplus with its sharpness β": ("softplus", "beta"),
    "∂J/∂w = ∂J/∂z · x for one weight": ("positive-outputs", "gradient"),
    "all-positive inputs give same-sign gradients": ("positive-outputs", "same-sign"),
    "updates restricted to two quadrants (0–90°, 180–270°)": ("positive-outputs", "quadrants"),
    "the zig-zag path slows learning": ("positive-outputs", "zigzag"),
    "dying ReLU from bad initialisation or a large learning rate": ("relu", "dying"),
    "a non-differentiable point is fine (left or right derivative)": ("relu", "kink"),
    # note 003: neuron threshold, the summary table, ELU, softmax example, softmax's cost
    "a neuron computes wx + b and fires above a threshold": ("why-activations", "neuron"),
    "sigmoid and tanh now mostly at the last layer": ("sigmoid", "uses"),
    "leaky ReLU max(0.01x, x) and its extra hyperparameter": ("leaky-relu-family", "leaky"),
    "ELU α(eˣ − 1) and its exponential cost": ("elu-family", "elu"),
    "softmax of [2.0, 1.0, 0.1] is [0.659, 0.242, 0.099]": ("softmax", "examples"),
    "the summary table of ranges, strengths and uses": ("comparison", "table"),
    "tanh in RNNs": ("tanh", "rnn"),
    "softmax's cost": ("softmax", "jacobian"),
    # note 004: linear collapse, the identity, tanh's slope, ELU, softmax sum, more functions,
    # the worked forward pass
    "without activations the layers collapse into one linear map": ("why-activations", "collapse"),
    "the identity activation a(x) = x": ("step-and-identity", "identity"),
    "the sigmoid formula": ("sigmoid", "formula"),
    "tanh is steeper than the sigmoid near 0": ("tanh", "slope"),
    "ELU's smooth negative side": ("elu-family", "negative"),
    "SELU": ("elu-family", "selu"),
    "Swish": ("modern-activations", "silu"),
    "maxout": ("modern-activations", "maxout"),
    "the step function": ("step-and-identity", "step"),
    "the worked forward pass: W₁x + b₁ = [−1, 2], ReLU gives [0, 2]": ("forward-pass", "relu"),
    "the worked forward pass: ŷ = σ(6) ≈ 0.9975": ("forward-pass", "output"),
}


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


@pytest.mark.parametrize("concept", list(CONCEPTS))
def test_concept_has_a_section_and_a_question(course, concept) -> None:
    lesson_id, section_id = CONCEPTS[concept]
    lesson = course.lesson(lesson_id)
    assert section_id in {s.id for s in lesson.sections}, (concept, lesson_id, section_id)
    asked = [q.id for q in course.questions_for(lesson_id) if q.section == section_id]
    assert asked, f"no question on {concept!r} ({lesson_id} › {section_id})"
