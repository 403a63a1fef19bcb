"""The ``acttutor`` command line: the tutor itself and its scriptable companions."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from acttutor import __version__
from acttutor.commands.translated_argparse import TranslatedHelpFormatter, TranslatedParser
from acttutor.core.i18n import LANGUAGES, N_, _, resolve_language, use_language

#: Subcommand modules under ``acttutor.commands``, in the order ``--help`` lists them.
COMMANDS = ("tui", "plot", "table", "list", "forward", "check", "stats", "serve", "export")

#: Command name -> the module (of :data:`COMMANDS`) that registers it.
COMMAND_MODULES = {
    "lesson": "tui", "quiz": "tui", "plot": "plot", "table": "table", "list": "list",
    "forward": "forward", "check": "check", "stats": "stats",
    "serve": "serve", "export": "export",
}

#: Global options that take a value (the value is not the command name), alone or as ``OPT=``.
_VALUED_GLOBALS = ("--content", "--lang", "--data-dir")
_VALUED_PREFIXES = tuple(f"{option}=" for option in _VALUED_GLOBALS)

DESCRIPTION = N_("""\
A terminal tutor and quiz for neural-network activation functions.
Run without a command to open the tutor.
""")

EPILOG = N_("""\
examples:
  acttutor                                   open the tutor (lessons, explorer, forward pass, quiz)
  acttutor lesson relu                       open one lesson directly
  acttutor quiz --count 10                   a ten-question quiz
  acttutor quiz --review                     review the questions that are due
  acttutor plot elu --param alpha=0.5        f and f′ as a text chart
  acttutor table sigmoid --x 0 6 --format csv
  acttutor forward --x 2,0 --target 1        the worked forward and backward pass
  acttutor check ./my-course                 validate your own lessons and quiz banks
  acttutor stats --format json               your progress, for scripts
  acttutor list                              every activation and its parameters
  acttutor serve --host 0.0.0.0              the tutor in web browsers, for a class
  acttutor export anki course.apkg           every question as an Anki deck
""")


#: Words that are values even though they start with '-': negative numbers in any notation the
#: number parsers accept (``-1e-3``, ``-.5``, ``-3,0``) and the signed non-finite words.
_NEGATIVE_VALUE = r"^-\.?\d|^-(inf|infinity|nan)$"


def _module_name(command: str) -> str:
    return {"list": "listing"}.get(command, command)


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts, before or after the command name."""
    parser.add_argument(
        "--content", action="append", metavar="DIR", default=argparse.SUPPRESS,
        help=_("add your own lessons and quiz banks from DIR (repeatable)"),
    )
    parser.add_argument(
        "--lang", metavar="CODE", default=argparse.SUPPRESS,
        help=_("language of the tutor: en or ko (default: $ACTTUTOR_LANG, else the locale)"),
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS,
        help=_("where progress is stored (default: $ACTTUTOR_DATA_DIR or the user data folder)"),
    )


class ValueFriendlyParser(TranslatedParser):
    """ArgumentParser that reads every word in :data:`_NEGATIVE_VALUE` as a value.

    argparse takes only plain decimals (``-1``, ``-1.5``) for values and anything else starting
    with '-' for an option. No option of acttutor starts with '-' and a digit, so such words are
    values, passed on exactly as typed, so that an error quotes the learner's own text.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(_NEGATIVE_VALUE, re.IGNORECASE)


class CommandParser(ValueFriendlyParser):
    """The parser of one subcommand: keeps its help text's layout and takes the global options."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", TranslatedHelpFormatter)
        super().__init__(**kwargs)
        add_global_options(self)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered, or only the module ``only``'s.

    Once the command name is known (see :func:`command_module`), its own module is enough to
    parse the rest; the other modules are not imported.
    """
    parser = ValueFriendlyParser(
        prog="acttutor", description=_(DESCRIPTION), epilog=_(EPILOG),
        formatter_class=TranslatedHelpFormatter,
    )
    add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"acttutor {__version__}",
                        help=_("show the version and exit"))
    subparsers = parser.add_subparsers(
        title=_("commands"), metavar="COMMAND", parser_class=CommandParser
    )
    for command in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"acttutor.commands.{_module_name(command)}")
        module.register(subparsers)
    return parser


def command_module(words: Sequence[str]) -> str | None:
    """The module registering the command ``words`` name (``tui`` for none: the tutor's home),
    or None when the full parser is needed (help, version, an unknown or misspelt command)."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in _VALUED_GLOBALS:
            skip = True
        elif word.startswith("-"):
            if not word.startswith(_VALUED_PREFIXES):  # help, version, anything argparse decides
                return None
        else:
            return COMMAND_MODULES.get(word)
    return "tui"


def requested_language(words: Sequence[str]) -> str | None:
    """The value of ``--lang`` among ``words`` (lower-cased), or None when it is not given.

    Read before the parser is built, so that ``--help`` is already in that language.
    """
    found = None
    for index, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(words):
            found = words[index + 1]
        elif word.startswith("--lang="):
            found = word.partition("=")[2]
    return None if found is None else found.strip().lower()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    requested = requested_language(words)
    known = requested in LANGUAGES
    lang = resolve_language(requested if known else None, os.environ)
    use_language(lang)  # before any text is built: help, errors, output and the app
    if requested is not None and not known:
        print(_("acttutor: error: --lang must be one of {languages}, not {value}").format(
            languages=", ".join(LANGUAGES), value=repr(requested)), file=sys.stderr)
        return 2
    parser = build_parser(command_module(words))
    args = parser.parse_args(words)
    if not hasattr(args, "content"):
        args.content = []
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    args.lang = lang
    run = getattr(args, "run", None)
    if run is None:
        from acttutor.commands.tui import run_home

        return run_home(args)
    try:
        return int(run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `acttutor table ... | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return 0
