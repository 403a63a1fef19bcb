"""``acttutor serve`` in a real browser: headless Chromium types a name, answers a question,
and the answer is found in that learner's own progress store on disk.

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright's Python API; Playwright never
downloads a browser of its own here. The test is skipped only where Chromium is not installed
and the ``CI`` variable is unset; ``.ci/run`` installs Chromium and sets ``CI``, so there a
missing browser fails the test. Every wait is for a condition (text on the page, a row in the
store) with a generous limit, never a fixed pause.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ACTTUTOR_CHROMIUM", "/usr/bin/chromium"))

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason=f"no Chromium at {CHROMIUM} (install Debian's: apt-get install chromium)",
)

#: Limits for a loaded two-core machine: each tab starts a Python process running the tutor.
START_LIMIT_S = 120.0
STEP_LIMIT_MS = 90_000

#: Chromium flags for a closed network, as root: no sandbox, no background connections.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

#: Collects what the page's terminal receives as plain text (escape sequences become line
#: breaks): xterm.js draws on a canvas, so the page's DOM does not hold the text.
TERMINAL_TEXT_SCRIPT = r"""
(() => {
  const decoder = new TextDecoder();
  window.__terminalText = "";
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data === "string") return;
        const text = decoder.decode(new Uint8Array(event.data), {stream: true});
        window.__terminalText += text
          .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
          .replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, "\n")
          .replace(/\x1b[()][0-9A-Za-z]/g, "");
      });
    }
  };
})();
"""


@dataclass
class Served:
    """A running ``acttutor serve``, its output so far and where its learners' stores go."""

    url: str
    learners: Path
    process: subprocess.Popen[str]
    output: list[str]
    reader: threading.Thread

    def stop(self) -> str:
        """Stop the server as Ctrl+C does; its whole output."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=90)
        self.reader.join(timeout=90)
        return "".join(self.output)

    def tab_processes(self) -> list[str]:
        """The tabs' tutors still running (they share the server's process group)."""
        found = subprocess.run(
            ["pgrep", "-a", "-g", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [line for line in found.splitlines() if "--session" in line]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """``acttutor serve`` on a free port with its own data folder; stopped with every tab."""
    data = tmp_path / "data"
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "acttutor", "serve", "--port", str(port), "--data-dir", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    output: list[str] = []
    started = threading.Event()

    def read() -> None:
        for line in process.stdout or ():
            output.append(line)
            if "listening on" in line:
                started.set()
        started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    served = Served(f"http://127.0.0.1:{port}/", data / "learners", process, output, reader)
    try:
        started.wait(timeout=START_LIMIT_S)
        if not any("listening on" in line for line in output):
            pytest.fail(f"acttutor serve did not start: {''.join(output)!r}")
        assert f"listening on http://127.0.0.1:{port} (this computer only" in output[0], output
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                pass
        try:  # end any tab's tutor left behind
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=90)


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright (a fresh profile per launch)."""
    assert CHROMIUM.exists(), f"Chromium is required in CI: no {CHROMIUM}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


class Tab:
    """One browser tab on the served tutor, with the terminal's text to wait on."""

    def __init__(self, browser: object, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        # Only the tutor's own server: the page's web-font link would wait on the network.
        self.context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(url)
            else route.abort(),
        )
        self.context.add_init_script(TERMINAL_TEXT_SCRIPT)
        self.page = self.context.new_page()
        #: The tutor's own files the server refused (a page without its scripts never starts
        #: its terminal: better said at once than after a step's whole limit).
        self.refused: list[str] = []
        self.page.on(
            "response",
            lambda response: self.refused.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.url.startswith(url) else None,
        )
        self.page.goto(url)  # returns once the page and its scripts and styles are loaded
        assert not self.refused, f"the server refused the page's own files: {self.refused}"

    def mark(self) -> int:
        """Where the terminal's text ends now (to wait for text shown after this point)."""
        return int(self.page.evaluate("window.__terminalText.length"))

    def wait_for_text(self, *texts: str, since: int = 0) -> str:
        """Wait until one of ``texts`` is shown (after ``since``); returns the one shown."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                "([since, texts]) => texts.some("
                "(t) => window.__terminalText.slice(since).includes(t))",
                arg=[since, list(texts)], timeout=STEP_LIMIT_MS, polling=100,
            )
        except PlaywrightTimeout:
            shown = self.page.evaluate("window.__terminalText")[since:]
            pytest.fail(
                f"none of {texts!r} shown within {STEP_LIMIT_MS // 1000} s; refused files: "
                f"{self.refused}; the terminal's last text: {shown[-600:]!r}"
            )
        shown = self.page.evaluate("window.__terminalText")[since:]
        return next(text for text in texts if text in shown)

    def press(self, *keys: str) -> None:
        """Keys typed into the terminal, one after another."""
        for key in keys:
            self.page.keyboard.press(key)


def _wait_for(condition: Callable[[], object], what: str, limit_s: float = 90.0) -> object:
    """Poll ``condition`` until it returns something truthy (a file another process writes)."""
    deadline = time.monotonic() + limit_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        threading.Event().wait(0.1)


def _answers(store: Path) -> list[tuple[str, str, str]]:
    """(question id, lesson id, answer text) of every answer in a store, [] before it exists."""
    if not store.exists():
        return []
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30) as conn:
        try:
            return conn.execute(
                "SELECT question_id, lesson_id, answer_text FROM answers ORDER BY id"
            ).fetchall()
        except sqlite3.OperationalError:  # the tutor is creating the tables right now
            return []


def _sign_in(tab: Tab, name: str) -> None:
    tab.wait_for_text("What is your name?")
    tab.page.click("#terminal")
    mark = tab.mark()
    tab.page.keyboard.type(name)
    tab.press("Enter")
    tab.wait_for_text(f"acttutor · {name}", since=mark)


def test_a_learner_answers_in_the_browser_and_the_answer_is_in_their_store(
    served: Served, browser: object
) -> None:
    from acttutor.course.loader import load_course

    course = load_course()
    tab = Tab(browser, served.url)
    _sign_in(tab, "Ana")
    # Home lists the lessons once the course is loaded: before that, t would not open a quiz.
    tab.wait_for_text(course.lessons[-1].title.en)

    mark = tab.mark()
    tab.press("t")  # home: take a quiz
    kind = tab.wait_for_text(
        "type a number", "true or false", "select all that apply", "pick one",
        "which activation is drawn?", since=mark,
    )
    mark = tab.mark()
    if kind == "type a number":
        tab.press("0", "Enter")
    elif kind == "true or false":
        tab.press("t", "Enter")
    else:
        tab.press("1", "Enter")
    tab.wait_for_text("Right!", "Not quite.", since=mark)

    store = served.learners / "ana" / "progress.sqlite3"
    answers = _wait_for(lambda: _answers(store), f"an answer in {store}")
    assert len(answers) == 1
    question_id, lesson_id, answer_text = answers[0]
    question = course.question(question_id)
    assert lesson_id == question.lesson
    assert answer_text
    if kind == "type a number":
        assert answer_text == "0"

    # Another learner in another tab starts with an empty history of their own.
    other = Tab(browser, served.url)
    _sign_in(other, "Bo")
    other.wait_for_text(course.lessons[-1].title.en)
    mark = other.mark()
    other.press("s")  # home: stats
    other.wait_for_text("No answers yet", since=mark)
    assert _answers(served.learners / "bo" / "progress.sqlite3") == []
    assert len(_answers(store)) == 1

    # Stopping the server with both tabs open ends their tutors, quietly.
    assert len(served.tab_processes()) == 2
    output = served.stop()
    assert served.process.returncode == 0
    assert "Traceback" not in output and "Error" not in output, output
    _wait_for(lambda: not served.tab_processes(), "the tabs' tutors to end")
