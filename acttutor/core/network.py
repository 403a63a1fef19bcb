"""The worked two-layer network: one import for the model, its math, its text and its steps.

``x → h = act1(W1·x + b1) → ŷ = act2(W2·h + b2)``, small enough to do by hand (at most 8 inputs
and 8 units per layer). Pure numpy, never imports a UI library. The pieces live in

- :mod:`acttutor.core.network_model`: :class:`Network`, :func:`forward`, :func:`gradients`,
  :func:`collapse` — the numbers;
- :mod:`acttutor.core.network_text`: :func:`format_number`, :func:`parse_vector`,
  :func:`parse_matrix` — numbers as text and back;
- :mod:`acttutor.core.network_steps`: :class:`Step`, :func:`forward_steps`,
  :func:`backward_steps`, :func:`collapse_steps` — the worked steps.

Example (the source notes' network)::

    net, x = default_network(), default_input()
    for step in forward_steps(net, x):
        print(step.label, step.equation, step.numeric)
    output_summary(net, forward(net, x))          # 'ŷ = σ(6) ≈ 0.9975'
"""

from __future__ import annotations

from acttutor.core.network_model import (
    COMPATIBLE_LOSSES,
    LOSS_NAMES,
    LOSSES,
    MAX_ABS,
    MAX_UNITS,
    NATURAL_LOSS,
    OUTPUTS,
    SATURATION_THRESHOLD,
    Array,
    Collapse,
    ForwardPass,
    Gradients,
    Network,
    NetworkError,
    check_input,
    collapse,
    collapsed_output,
    default_input,
    default_network,
    default_target,
    forward,
    gradients,
    loss_value,
    normalize_target,
    output_value,
    predict,
    resolve_loss,
)
from acttutor.core.network_steps import (
    COLLAPSE_EXPLANATION,
    FORWARD_KEYS,
    Phase,
    Step,
    UnitFlag,
    WorkedPass,
    backward_steps,
    collapse_steps,
    forward_steps,
    gradient_steps,
    hidden_flags,
    output_summary,
    parse_step_value,
    pass_steps,
    worked_pass,
)
from acttutor.core.network_text import (
    MINUS,
    format_array,
    format_matrix,
    format_number,
    format_vector,
    is_exact,
    nonfinite_reason,
    parse_hidden_params,
    parse_matrix,
    parse_number_entry,
    parse_vector,
)

__all__ = [
    "COLLAPSE_EXPLANATION",
    "COMPATIBLE_LOSSES",
    "FORWARD_KEYS",
    "LOSSES",
    "LOSS_NAMES",
    "MAX_ABS",
    "MAX_UNITS",
    "MINUS",
    "NATURAL_LOSS",
    "OUTPUTS",
    "SATURATION_THRESHOLD",
    "Array",
    "Collapse",
    "ForwardPass",
    "Gradients",
    "Network",
    "NetworkError",
    "Phase",
    "Step",
    "UnitFlag",
    "WorkedPass",
    "backward_steps",
    "check_input",
    "collapse",
    "collapse_steps",
    "collapsed_output",
    "default_input",
    "default_network",
    "default_target",
    "format_array",
    "format_matrix",
    "format_number",
    "format_vector",
    "forward",
    "forward_steps",
    "gradient_steps",
    "gradients",
    "hidden_flags",
    "is_exact",
    "loss_value",
    "normalize_target",
    "output_summary",
    "output_value",
    "parse_matrix",
    "nonfinite_reason",
    "parse_hidden_params",
    "parse_number_entry",
    "parse_step_value",
    "parse_vector",
    "pass_steps",
    "predict",
    "resolve_loss",
    "worked_pass",
]
