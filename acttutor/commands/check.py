"""``acttutor check [DIR]``: validate a content root and print every problem as path:line."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from acttutor.commands.common import fail
from acttutor.core.i18n import N_, _

EPILOG = N_("""\
DIR is a content root (course.yaml, lessons/, quizzes/). A DIR whose course.yaml has a title is
checked on its own; otherwise (your own lessons and banks) it is checked on top of the built-in
course, as --content would load it. Without DIR the built-in course is checked, together with
any --content folders.

With --require-lang CODE, every lesson and text with no translation in that language is a
problem too (texts that are only formulas, numbers, code or activation names need none).

exit status: 0 valid, 1 content problems, 2 usage error
examples:
  acttutor check
  acttutor check ./my-course
  acttutor check --require-lang ko
""")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help=_("validate a content root; the built-in course when DIR is omitted"),
        description=_("Validate lessons and quiz banks; print each problem as "
                      "path:line: message."),
        epilog=_(EPILOG),
    )
    parser.add_argument("dir", nargs="?", metavar="DIR",
                        help=_("content folder to check (default: the built-in course)"))
    parser.add_argument("--require-lang", metavar="CODE", dest="require_lang",
                        help=_("report every lesson and text not translated into CODE (e.g. "
                               "ko) as a problem"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the content; print problems and a summary on stdout; return 0, 1 or 2."""
    from acttutor.core.text import neutralise
    from acttutor.course.checker import check_roots
    from acttutor.course.fields import is_lang
    from acttutor.course.files import folder_problem
    from acttutor.course.loader import is_standalone_root
    from acttutor.course.paths import builtin_content_root

    directory = getattr(args, "dir", None)
    require_lang = getattr(args, "require_lang", None)
    if require_lang is not None and not is_lang(require_lang):
        return fail("check", neutralise(_("--require-lang {code!r}: give a 2-letter language "
                                          "code like ko").format(code=require_lang)))
    extra = [Path(p) for p in (getattr(args, "content", None) or [])]
    if directory is None:
        for root in extra:
            problem = folder_problem(root)
            if problem:
                return fail("check", neutralise(f"--content {root}: {problem}"))
        roots = [builtin_content_root(), *extra]
    else:
        root = Path(directory)
        problem = folder_problem(root)
        if problem and os.path.exists(root) and not os.path.isdir(root):
            problem += " " + _("(give the folder holding course.yaml, lessons/ and quizzes/)")
        if problem:
            return fail("check", neutralise(f"{directory}: {problem}"))
        roots = [root] if is_standalone_root(root) else [builtin_content_root(), root]
    report = check_roots(roots, require_lang=require_lang)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1
