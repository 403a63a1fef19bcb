"""argparse in the learner's language: its own words ("usage:", "options", error lines) through
acttutor's catalog.

argparse looks its words up in the process-wide gettext domain, which follows the locale and not
``--lang``. Instead, :class:`TranslatedParser` and :class:`TranslatedHelpFormatter` use argparse's
public hooks: the usage prefix and section headings pass through the formatter, the ``-h`` option
is added with a translated help, and :meth:`TranslatedParser.error` translates argparse's error
messages by matching them against argparse's English templates (listed here with ``N_`` so that
the catalog holds them, in argparse's own ``%`` form).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from acttutor.core.i18n import N_, _, ngettext

#: argparse's error templates a learner can meet, as argparse writes them.
ERROR_TEMPLATES = (
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)

#: Section headings argparse makes itself.
HEADINGS = (N_("positional arguments"), N_("options"))

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")
_EXPECTED_N = re.compile(r"expected (\d+) arguments?")


def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching what ``template`` gives once filled in, one group per placeholder."""
    parts, position, index = [], 0, 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position:match.start()]))
        name = match.group(1) or f"_{index}"
        index += 1
        parts.append(f"(?P<{name}>.+?)")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


_PATTERNS = [(template, _pattern(template)) for template in ERROR_TEMPLATES]


def _fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``%s``/``%(name)s`` replaced by the matched text, in order."""
    counter = iter(range(len(values) + 1))

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or f"_{next(counter)}"
        return values.get(name, match.group(0))

    return _PLACEHOLDER.sub(value, template)


def translate_error(message: str) -> str:
    """argparse's English error ``message`` in the current language (unchanged when unknown)."""
    expected = _EXPECTED_N.fullmatch(message)
    if expected:
        count = int(expected.group(1))
        return ngettext("expected %s argument", "expected %s arguments", count) % count
    for template, pattern in _PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        values = match.groupdict()
        if "message" in values:
            values["message"] = translate_error(values["message"])
        return _fill(_(template), values)
    return message


class TranslatedHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with the usage prefix and argparse's section headings in the current language.

    Descriptions and epilogs are shown as written (each command lays out its own examples).
    """

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """The usage line, prefixed with "usage: " in the current language."""
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        """A section, its heading translated ("options", "positional arguments")."""
        super().start_section(_(heading) if heading else heading)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """An option's help wrapped to ``width`` terminal cells (Hangul takes two), where
        argparse's own wrapping counts characters."""
        from rich.cells import cell_len

        if cell_len(text) == len(text):  # one cell per character: argparse's own wrapping
            return super()._split_lines(text, width)
        lines: list[str] = []
        line = ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if line and cell_len(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
        return lines


class TranslatedParser(argparse.ArgumentParser):
    """ArgumentParser whose help, usage and errors speak the current language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", TranslatedHelpFormatter)
        kwargs["add_help"] = False  # our own -h below, with translated help
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )

    def error(self, message: str) -> NoReturn:
        """Print the usage and one error line in the current language; exit status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, _("%(prog)s: error: %(message)s\n")
                  % {"prog": self.prog, "message": translate_error(message)})
