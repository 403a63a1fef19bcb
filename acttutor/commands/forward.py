"""``acttutor forward``: the worked forward (and, with ``--target``, backward) pass, printed.

The same steps as the stepper screen, without the TUI: ``W1·x``, ``+ b1``, the hidden activation,
``W2·h``, ``+ b2``, the output activation, then the loss and every gradient by the chain rule.
Defaults are the source notes' network, so a bare ``acttutor forward`` ends with
``ŷ = σ(6) ≈ 0.9975``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from acttutor.commands.common import fail
from acttutor.core.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from acttutor.core.network import Array, Network, Step, WorkedPass

COMMAND = "forward"

DESCRIPTION = N_("""\
Work through x → h = act1(W1·x + b1) → ŷ = act2(W2·h + b2) step by step.
Without options this is the source notes' example: W1=[[1,−2],[1,5]], x=[2,0], b1=[−3,0],
W2=[[1,3]], b2=[0], ReLU then sigmoid, ending with ŷ = σ(6) ≈ 0.9975. With --target the loss
and the backward pass (every gradient by the chain rule) follow.

Vectors are comma-separated (2,0); matrices have rows separated by ';' (\"1,-2;1,5\"). Each entry
may be an expression such as 1/4 or e^-1. A value starting with '-' may be written as
--b1=-3,0 or --b1 -3,0.""")

EPILOG = N_("""\
examples:
  acttutor forward                                   the source notes' example
  acttutor forward --target 1                        ... plus the loss and all gradients
  acttutor forward --x 1,-1 --hidden tanh            another input, another activation
  acttutor forward --hidden leaky_relu --hidden-param negative_slope=0.1
  acttutor forward --w2 "1,3;-2,1" --b2 0,0 --output softmax --target 0
  acttutor forward --hidden identity                 shows the two layers collapsing into one
  acttutor forward --target 1 --format json
""")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``forward`` subcommand."""
    parser = subparsers.add_parser(
        COMMAND,
        help=_("the worked forward and backward pass of a small network"),
        description=_(DESCRIPTION),
        epilog=_(EPILOG),
    )
    parser.add_argument("--x", type=str, metavar="VEC", help=_("input vector (default: 2,0)"))
    parser.add_argument("--w1", type=str, metavar="MAT",
                        help=_("hidden weights, one row per hidden unit (default: \"1,-2;1,5\")"))
    parser.add_argument("--b1", type=str, metavar="VEC", help=_("hidden biases (default: -3,0)"))
    parser.add_argument("--w2", type=str, metavar="MAT",
                        help=_("output weights, one row per output unit (default: 1,3)"))
    parser.add_argument("--b2", type=str, metavar="VEC", help=_("output biases (default: 0)"))
    parser.add_argument("--hidden", type=str, default="relu", metavar="NAME",
                        help=_("hidden activation, any elementwise one (default: relu)"))
    parser.add_argument("--hidden-param", action="append", metavar="K=V", dest="hidden_param",
                        help=_("a parameter of the hidden activation, e.g. negative_slope=0.1 "
                               "(repeatable)"))
    parser.add_argument("--output", type=str, default="sigmoid", metavar="NAME",
                        help=_("output activation: sigmoid, softmax or identity "
                               "(default: sigmoid)"))
    parser.add_argument("--target", type=str, metavar="VEC",
                        help=_("target: a value per output in [0, 1] for sigmoid, a class index "
                               "(from 0) or probabilities for softmax, any values for identity; "
                               "adds the loss and the backward pass"))
    parser.add_argument("--loss", type=str, metavar="NAME",
                        help=_("binary_cross_entropy, cross_entropy or squared_error (default: "
                               "the natural one for the output)"))
    parser.add_argument("--collapse", action="store_true",
                        help=_("also show the network with no activation as one layer "
                               "(automatic with --hidden identity)"))
    parser.add_argument("--detail", action="store_true",
                        help=_("show one line per unit under every step"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("output format (default: text)"))
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
    from rich.cells import cell_len, set_cell_size

    from acttutor.core.activations import format_params
    from acttutor.core.network import format_matrix, format_vector

    params = dict(net.hidden_params)
    hidden = net.activation.display + (f", {format_params(params)}" if params else "")
    inputs = ngettext("{n} input", "{n} inputs", net.n_inputs).format(n=net.n_inputs)
    units = ngettext("{n} hidden unit", "{n} hidden units", net.n_hidden).format(n=net.n_hidden)
    outputs = ngettext("{n} output", "{n} outputs", net.n_outputs).format(n=net.n_outputs)
    w1, w2 = format_matrix(net.W1), format_matrix(net.W2)
    width = max(cell_len(w1), cell_len(w2))
    return [
        _("Network: {inputs} → {units} ({hidden}) → {outputs} ({output})").format(
            inputs=inputs, units=units, hidden=hidden, outputs=outputs, output=net.output),
        f"  W1 = {set_cell_size(w1, width)}   b1 = {format_vector(net.b1)}",
        f"  W2 = {set_cell_size(w2, width)}   b2 = {format_vector(net.b2)}",
    ]


def _step_lines(number: int, step: Step, detail: bool) -> list[str]:
    lines = [f"  {number}. {step.label}: {step.equation}", f"     {step.numeric}"]
    if step.local:
        lines.append("     " + _("local derivative: {formula}").format(formula=step.local))
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
    lines += ["", _("Forward pass")]
    for number, step in enumerate(work.steps, start=1):
        lines += _step_lines(number, step, args.detail)
    if args.collapse or net.hidden == "identity":
        lines += ["", _("No activation: the two layers are one linear layer")]
        lines.append(f"  {work.collapse[0].detail[0]}")
        for number, step in enumerate(work.collapse, start=1):
            lines += _step_lines(number, step, False)
            if args.detail:
                lines += [f"       {line}" for line in step.detail[1 if number == 1 else 0:]]
    lines += ["", work.summary]
    grads = work.gradients
    if grads is None:
        return lesson_notation("\n".join(lines))
    lines += ["", _("Backward pass ({loss}, target t = {target})").format(
        loss=grads.loss_name, target=format_vector(grads.target))]
    for number, step in enumerate(work.backward, start=1):
        lines += _step_lines(number, step, args.detail)
    relation = "=" if is_exact(grads.loss) else "≈"
    lines += ["", _("Loss L {relation} {value}").format(
        relation=relation, value=format_array(grads.loss)), _("Gradients")]
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
