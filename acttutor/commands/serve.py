"""``acttutor serve``: the tutor in web browsers, one tutor process per tab (textual-serve).

The server (:func:`run`) checks everything a learner could trip over before it listens: the
port, the address, the ``--content`` folders and the course itself. Each browser tab then starts
``python -m acttutor.commands.serve --session ...`` (:func:`session_main`), a tutor that first
asks the learner's name and keeps their answers in ``<data dir>/learners/<name>/``.
"""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acttutor.commands.common import fail
from acttutor.core.i18n import _, ngettext

if TYPE_CHECKING:
    from aiohttp import web

COMMAND = "serve"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
_EVERY_ADDRESS = ("0.0.0.0", "::", "")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        COMMAND,
        help=_("serve the tutor to web browsers, one tutor per tab (e.g. for a class)"),
        description=_(
            "Serve the tutor to web browsers with textual-serve. Each tab runs its own tutor,\n"
            "which first asks the learner's name; each name keeps its own progress in\n"
            "<data dir>/learners/<name>/. Listens on 127.0.0.1 (this computer only) unless\n"
            "--host says otherwise."
        ),
        epilog=_(
            "examples:\n"
            "  acttutor serve                        http://127.0.0.1:8000 on this computer\n"
            "  acttutor serve --host 0.0.0.0         a class on a trusted network\n"
            "  acttutor serve --port 8080 --lang ko --content ./my-course"
        ),
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, metavar="HOST",
        help=_("address to listen on (default 127.0.0.1: this computer only; "
               "0.0.0.0: every network this computer is on)"),
    )
    parser.add_argument(
        "--port", default=str(DEFAULT_PORT), metavar="PORT",
        help=_("port to listen on, 1-65535 (default {port})").format(port=DEFAULT_PORT),
    )
    parser.set_defaults(run=run)


# --------------------------------------------------------------------------- checks


def parse_port(text: str) -> int:
    """The port number, or ValueError with a message for the learner."""
    try:
        port = int(text.strip())
    except ValueError:
        raise ValueError(_("--port must be a whole number from 1 to 65535, not {value}")
                         .format(value=repr(text))) from None
    if not 1 <= port <= 65535:
        raise ValueError(_("--port must be from 1 to 65535, not {port}").format(port=port))
    return port


def check_can_listen(host: str, port: int) -> str | None:
    """None when ``host:port`` can be listened on now, else what stands in the way.

    Binds a socket and closes it again, with the same address reuse aiohttp uses, so a port
    only lingering after a previous server (TIME_WAIT) counts as free and one in use does not.
    """
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError):
        return _("--host {host} is not an address or a known host name").format(host=repr(host))
    family, kind, proto, _name, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
            probe.listen(1)
    except OSError as exc:
        return _listen_problem(exc, host, port)
    return None


def _listen_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return _("port {port} on {host} is in use (another program, or another acttutor "
                 "serve); choose another with --port").format(port=port, host=host)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("port {port} needs administrator rights here; choose one above 1023 with "
                 "--port").format(port=port)
    if exc.errno == errno.EADDRNOTAVAIL:
        return _("--host {host} is not an address of this computer").format(host=host)
    return _("cannot listen on {host}:{port}: {reason}").format(
        host=host, port=port, reason=exc.strerror or exc)


def check_content_folder(text: str) -> str | None:
    """None when ``--content`` folder ``text`` can be read, else what is wrong with it."""
    root = Path(text).expanduser()
    if not root.exists():
        return _("--content {folder}: no such folder").format(folder=text)
    if not root.is_dir():
        return _("--content {folder}: not a folder (give the folder holding course.yaml)").format(
            folder=text)
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        return _("--content {folder}: cannot be read ({reason})").format(
            folder=text, reason=exc.strerror or exc)
    return None


def _share_address() -> str:
    """This computer's address on its local network, for the URL learners type."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            # No packet is sent: connecting a UDP socket only picks the outgoing interface.
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


# --------------------------------------------------------------------------- the server


def session_command(content: Sequence[Path], lang: str, learners_dir: Path) -> str:
    """The shell command textual-serve runs for each browser tab."""
    words = [sys.executable, "-m", "acttutor.commands.serve", "--session",
             "--lang", lang, "--learners", str(learners_dir)]
    for root in content:
        words += ["--content", str(root)]
    # textual-serve runs it through the shell; exec leaves one process per tab, the tutor.
    return "exec " + shlex.join(words)


def _make_server(command: str, host: str, port: int, lines: Sequence[str]) -> Any:
    from textual_serve.server import Server

    class TutorServer(Server):
        """textual-serve's server with acttutor's start-up lines and per-request page URLs."""

        async def on_startup(self, app: web.Application) -> None:
            for line in lines:
                print(line, flush=True)

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.on_cleanup.append(self._release_tab_processes)
            return app

        async def _release_tab_processes(self, app: web.Application) -> None:
            # The tabs' tutors have quit by now; their process transports are closed when
            # collected, which must happen while the event loop still runs (after it is
            # closed, asyncio prints "Event loop is closed" tracebacks on the way out).
            import gc

            gc.collect()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # The page's websocket and static URLs must name the address the learner's browser
            # used (textual-serve would write the listening address, useless for 0.0.0.0). The
            # page is built without awaiting, so no other request sees this value.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    return TutorServer(command, host=host, port=port, title="acttutor")


def run(args: argparse.Namespace) -> int:
    """Check the options, the port and the course, then serve until Ctrl+C."""
    lang = str(args.lang)
    try:
        port = parse_port(args.port)
    except ValueError as exc:
        return fail(COMMAND, str(exc))
    host = str(args.host).strip()
    for text in args.content:
        problem = check_content_folder(text)
        if problem is not None:
            return fail(COMMAND, problem)
    content = [Path(text).expanduser().resolve() for text in args.content]

    from acttutor.course.loader import load_course
    from acttutor.course.problems import ContentError
    from acttutor.progress.learners import LEARNERS_FOLDER
    from acttutor.progress.paths import data_dir

    try:
        course = load_course(content)  # invalid content stops here, before any tab starts
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    learners_dir = (data_dir(args.data_dir) / LEARNERS_FOLDER).resolve()
    try:
        learners_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fail(COMMAND, _("cannot make {folder} for progress: {reason}").format(
            folder=learners_dir, reason=exc.strerror or exc))
    problem = check_can_listen(host, port)
    if problem is not None:
        return fail(COMMAND, problem)

    everywhere = host in _EVERY_ADDRESS
    where = (
        _("every network of this computer; learners open {url}").format(
            url=_url(_share_address(), port))
        if everywhere
        else _("this computer only; --host 0.0.0.0 lets others on your network in")
        if host in ("127.0.0.1", "localhost", "::1")
        else _("learners open {url}").format(url=_url(host, port))
    )
    lessons = ngettext("{n} lesson", "{n} lessons", len(course.lessons)).format(
        n=len(course.lessons))
    questions = ngettext("{n} question", "{n} questions", len(course.questions)).format(
        n=len(course.questions))
    name = _("name")
    lines = [
        "acttutor serve: " + _("listening on {url} ({where})").format(
            url=_url(host or "0.0.0.0", port), where=where),
        "acttutor serve: " + _("{lessons}, {questions}; progress in {folder}").format(
            lessons=lessons, questions=questions,
            folder=f"{learners_dir}{os.sep}<{name}>"),
        "acttutor serve: " + _("press Ctrl+C to stop"),
    ]
    server = _make_server(session_command(content, lang, learners_dir), host, port, lines)
    try:
        server.serve()
    except OSError as exc:  # taken between the check and the start
        return fail(COMMAND, _listen_problem(exc, host, port))
    return 0


# --------------------------------------------------------------------------- one tab's tutor


def session_main(argv: Sequence[str] | None = None) -> int:
    """The tutor of one browser tab (run by textual-serve, not by people)."""
    parser = argparse.ArgumentParser(prog="acttutor-serve-session", add_help=False)
    parser.add_argument("--session", action="store_true", required=True)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--learners", required=True)
    parser.add_argument("--content", action="append", default=[])
    args = parser.parse_args(argv)

    from acttutor.app import StartupError, make_app
    from acttutor.core.i18n import use_language

    use_language(args.lang)
    try:
        app = make_app(
            content_roots=[Path(p) for p in args.content],
            learners_dir=Path(args.learners),
            lang=args.lang,
        )
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    app.run()
    return int(app.return_code or 0)


if __name__ == "__main__":
    sys.exit(session_main())
