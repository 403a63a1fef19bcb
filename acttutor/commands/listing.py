"""``acttutor list``: every activation the tutor knows, with its parameters."""

from __future__ import annotations

import argparse

from acttutor.core.i18n import _


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``list`` subcommand."""
    parser = subparsers.add_parser(
        "list",
        help=_("list every activation and its parameters"),
        description=_("List every activation with its formula, range and parameters."),
        epilog=_("example: {command}").format(command="acttutor list"),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the registry, one activation per line."""
    from rich.cells import cell_len, set_cell_size

    from acttutor.core.activations import REGISTRY
    from acttutor.core.numfmt import format_number

    width = max(cell_len(name) for name in REGISTRY)
    for act in REGISTRY.values():
        params = ", ".join(
            f"{p.name}={'|'.join(p.choices)}" if p.is_choice or isinstance(p.default, str)
            else f"{p.name}={format_number(p.default, 6)}"
            for p in act.params
        )
        suffix = f"  [{params}]" if params else ""
        print(f"{set_cell_size(act.name, width)}  {act.formula}{suffix}")
    return 0
