"""``acttutor forward``: the worked forward (and, with ``--target``, backward) pass, printed.

The same steps as the stepper screen, without the TUI: ``W1·x``, ``+ b1``, the hidden activation,
``W2·h``, ``+ b2``, the output activation, then the loss and every gradient by the chain rule.
Defaults are the seeds' network, so a bare ``acttutor forward`` ends with ``ŷ = σ(6) ≈ 0.9975``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from acttutor.commands.common import fail

if TYPE_CHECKING:
    from acttutor.core.network import Array, Network, Step, WorkedPass

COMMAND = "forward"

DESCRIPTION = """\
Work through x → h = act1(W1·x + b1) → ŷ = act2(W2·h + b2) step by step.
Without options this is the seeds' example: W1=[[1,−2],[1,5]], x=[2,0], b1=[−3,0], W2=[[1,3]],
b2=[0], ReLU then sigmoid, ending with ŷ = σ(6) ≈ 0.9975. With --target the loss and the
backward pass (every gradient by the chain rule) follow.

Vectors are comma-separated (2,0); matrices have rows separated by ';' (\"1,-2;1,5\"). Each entry
may be an expression such as 1/4 or e^-1. A value starting with '-' may be written as
--b1=-3,0 or --b1 -3,0."""

EPILOG = """\
examples:
  acttutor forward                                   the seeds' example
  acttutor forward --target 1                        ... plus the loss and all gradients
  acttutor forward --x 1,-1 --hidden tanh            another input, another activation
  acttutor forward --hidden leaky_relu --hidden-param negative_slope=0.1
  acttutor forward --w2 "1,3;-2,1" --b2 0,0 --output softmax --target 0
  acttutor forward --hidden identity                 shows the two layers collapsing into one
  acttutor forward --target 1 --format json
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``forward`` subcommand."""
    parser = subparsers.add_parser(
        COMMAND,
        help="the worked forward and backward pass of a small network",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    parser.add_argument("--x", type=str, metavar="VEC", help="input vector (default: 2,0)")
    parser.add_argument("--w1", type=str, metavar="MAT",
                        help="hidden weights, one row per hidden unit (default: \"1,-2;1,5\")")
    parser.add_argument("--b1", type=str, metavar="VEC", help="hidden biases (default: -3,0)")
    parser.add_argument("--w2", type=str, metavar="MAT",
                        help="output weights, one row per output unit (default: 1,3)")
    parser.add_argument("--b2", type=str, metavar="VEC", help="output biases (default: 0)")
    parser.add_argument("--hidden", type=str, default="relu", metavar="NAME",
                        help="hidden activation, any elementwise one (default: relu)")
    parser.add_argument("--hidden-param", action="append", metavar="K=V", dest="hidden_param",
                        help="a parameter of the hidden activation, e.g. negative_slope=0.1 "
                             "(repeatable)")
    parser.add_argument("--output", type=str, default="sigmoid", metavar="NAME",
                        help="output activation: sigmoid, softmax or identity (default: sigmoid)")
    parser.add_argument("--target", type=str, metavar="VEC",
                        help="target: a value per output in [0, 1] for sigmoid, a class index "
                             "(from 0) or probabilities for softmax, any values for identity; "
                             "adds the loss and the backward pass")
    parser.add_argument("--loss", type=str, metavar="NAME",
                        help="binary_cross_entropy, cross_entropy or squared_error (default: the "
                             "natural one for the output)")
    parser.add_argument("--collapse", action="store_true",
                        help="also show the network with no activation as one layer "
                             "(automatic with --hidden identity)")
    parser.add_argument("--detail", action="store_true",
                        help="show one line per unit under every step")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.set_defaults(run=run)


def _build(args: argparse.Namespace) -> tuple[Network, Array, Array | None]:
    from acttutor.core.network import (
        Network,
        check_input,
        default_input,
        default_network,
        normalize_target,
        parse_hidden_params,
        parse_matrix,
        parse_vector,
    )

    base = default_network()
    net = Network(
        W1=base.W1 if args.w1 is None else parse_matrix(args.w1, "--w1"),
        b1=base.b1 if args.b1 is None else parse_vector(args.b1, "--b1"),
        W2=base.W2 if args.w2 is None else parse_matrix(args.w2, "--w2"),
        b2=base.b2 if args.b2 is None else parse_vector(args.b2, "--b2"),
        hidden=args.hidden,
        hidden_params=parse_hidden_params(args.hidden, args.hidden_param or ()),
        output=args.output,
    )
    x = check_input(net, default_input() if args.x is None else parse_vector(args.x, "--x"))
    target = None
    if args.target is not None:
        target = normalize_target(net, parse_vector(args.target, "--target"))
    return net, x, target


def _describe(net: Network) -> list[str]:
    from acttutor.core.activations import format_params
    from acttutor.core.network import format_matrix, format_vector

    params = dict(net.hidden_params)
    hidden = net.activation.display + (f", {format_params(params)}" if params else "")
    inputs = "input" if net.n_inputs == 1 else "inputs"
    units = "hidden unit" if net.n_hidden == 1 else "hidden units"
    outputs = "output" if net.n_outputs == 1 else "outputs"
    w1, w2 = format_matrix(net.W1), format_matrix(net.W2)
    width = max(len(w1), len(w2))
    return [
        f"Network: {net.n_inputs} {inputs} → {net.n_hidden} {units} ({hidden}) → "
        f"{net.n_outputs} {outputs} ({net.output})",
        f"  W1 = {w1.ljust(width)}   b1 = {format_vector(net.b1)}",
        f"  W2 = {w2.ljust(width)}   b2 = {format_vector(net.b2)}",
    ]


def _step_lines(number: int, step: Step, detail: bool) -> list[str]:
    lines = [f"  {number}. {step.label}: {step.equation}", f"     {step.numeric}"]
    if step.local:
        lines.append(f"     local derivative: {step.local}")
    if detail:
        lines += [f"       {line}" for line in step.detail]
    lines += [f"     ! {flag.message}" for flag in step.flags]
    return lines


def _text(args: argparse.Namespace, work: WorkedPass) -> str:
    from acttutor.core.network import format_array, format_vector, is_exact
    from acttutor.core.notation import lesson_notation

    net = work.network
    lines = _describe(net)
    lines.append(f"  x  = {format_vector(work.forward.x)}")
    lines += ["", "Forward pass"]
    for number, step in enumerate(work.steps, start=1):
        lines += _step_lines(number, step, args.detail)
    if args.collapse or net.hidden == "identity":
        lines += ["", "No activation: the two layers are one linear layer"]
        lines.append(f"  {work.collapse[0].detail[0]}")
        for number, step in enumerate(work.collapse, start=1):
            lines += _step_lines(number, step, False)
            if args.detail:
                lines += [f"       {line}" for line in step.detail[1 if number == 1 else 0:]]
    lines += ["", work.summary]
    grads = work.gradients
    if grads is None:
        return lesson_notation("\n".join(lines))
    lines += ["", f"Backward pass ({grads.loss_name}, target t = {format_vector(grads.target)})"]
    for number, step in enumerate(work.backward, start=1):
        lines += _step_lines(number, step, args.detail)
    relation = "=" if is_exact(grads.loss) else "≈"
    lines += ["", f"Loss L {relation} {format_array(grads.loss)}", "Gradients"]
    for name, value in (("W1", grads.dW1), ("b1", grads.db1), ("W2", grads.dW2),
                        ("b2", grads.db2)):
        lines.append(f"  ∂L/∂{name} {'=' if is_exact(value) else '≈'} {format_array(value)}")
    return lesson_notation("\n".join(lines))


def _json(args: argparse.Namespace, work: WorkedPass) -> str:
    from acttutor.core.network import collapse

    net, fp = work.network, work.forward
    document: dict[str, object] = {
        "network": net.as_dict(),
        "x": fp.x.tolist(),
        "steps": [step.as_dict() for step in work.steps],
        "output": fp.yhat.tolist(),
        "summary": work.summary,
    }
    if args.collapse or net.hidden == "identity":
        c = collapse(net)
        document["collapse"] = {
            "W": c.W.tolist(),
            "b": c.b.tolist(),
            "output": work.collapse[-1].value.tolist(),
            "steps": [step.as_dict() for step in work.collapse],
        }
    grads = work.gradients
    if grads is not None:
        document["target"] = grads.target.tolist()
        document["loss_function"] = grads.loss_id
        document["loss"] = grads.loss
        document["backward_steps"] = [step.as_dict() for step in work.backward]
        document["grads"] = grads.as_dict()
    return json.dumps(document, ensure_ascii=False, indent=2)


def run(args: argparse.Namespace) -> int:
    """Print the worked pass; exit status 2 with one line on stderr for any input mistake."""
    from acttutor.core.network import NetworkError, resolve_loss, worked_pass

    try:
        net, x, target = _build(args)
        if args.loss is not None:
            resolve_loss(net, args.loss)
        work = worked_pass(net, x, target, args.loss)
        text = _json(args, work) if args.format == "json" else _text(args, work)
    except NetworkError as error:
        return fail(COMMAND, str(error))
    sys.stdout.write(text + "\n")
    return 0
