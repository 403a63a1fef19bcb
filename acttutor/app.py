"""The acttutor app and ``make_app``, the one factory the CLI and every test use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from acttutor.core.i18n import N_, _

if TYPE_CHECKING:
    from textual.command import Provider

    from acttutor.course.models import Course, Lesson, Section
    from acttutor.course.quiz import QuizPlan, QuizResult
    from acttutor.progress.learners import Learner
    from acttutor.progress.records import Stats
    from acttutor.progress.store import ProgressStore
    from acttutor.screens.too_small import TooSmallScreen

#: Textual's own commands in the palette (``get_system_commands``), for the catalog.
SYSTEM_COMMAND_TEXTS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)

#: Below this many columns × rows the app shows a notice instead of its screens.
MIN_SIZE = (60, 18)


def _tutor_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not on the first paint)."""
    from acttutor.palette import TutorCommands

    return TutorCommands


class StartupError(Exception):
    """The tutor cannot start (invalid content, unknown lesson): a message and an exit status."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class QuizRequest:
    """What quiz to start: lessons (empty = all), length, seed, review-first."""

    lessons: tuple[str, ...] = ()
    count: int = 10
    seed: int | None = None
    review: bool = False


@dataclass(frozen=True)
class StartHome:
    """Open the tutor at home (plain ``acttutor``)."""


@dataclass(frozen=True)
class StartLesson:
    """Open the tutor straight at one lesson (``acttutor lesson ID``)."""

    lesson_id: str


@dataclass(frozen=True)
class StartQuiz:
    """Open the tutor straight in a quiz (``acttutor quiz ...``)."""

    request: QuizRequest = QuizRequest()


@dataclass(frozen=True)
class StartForward:
    """Open the tutor straight in the forward-pass room."""


StartRequest: TypeAlias = StartHome | StartLesson | StartQuiz | StartForward
"""Where the tutor opens."""

START_HOME = StartHome()
"""The plain start, the default of ``make_app``."""


class StartingScreen(Screen[None]):
    """The app's default screen, at the bottom of the stack (blank, or "Loading the course…").

    Home is pushed on it at once for a plain start. A direct start (``acttutor quiz`` /
    ``lesson`` / ``forward``) opens its room on it instead: composing home would delay the
    room, which hides it at once. When the learner comes back down to this screen (Escape from
    the room), it becomes home.
    """

    DEFAULT_CSS = """
    StartingScreen Static { padding: 1 2; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        """A loading line, for a direct start still loading its course (home has its own)."""
        tutor = self.app
        loading = getattr(tutor, "course", None) is None
        if loading and not isinstance(getattr(tutor, "start", START_HOME), StartHome):
            yield Static(_("Loading the course…"))

    _covered = False

    def on_screen_suspend(self) -> None:
        """A room (or the too-small notice) opened on top."""
        self._covered = True

    def on_screen_resume(self) -> None:
        """Open home on top once the room opened on this screen has closed (not while exiting).

        Checked after the refresh: while one room replaces another (``switch_screen``, as the
        quiz does for its results) this screen is on top only for a moment.
        """
        self.call_after_refresh(self._home_if_uncovered)

    def _home_if_uncovered(self) -> None:
        tutor = self.app
        if not self._covered or tutor.return_code is not None or tutor.screen is not self:
            return
        if getattr(tutor, "course", None) is not None:
            from acttutor.screens.home import HomeScreen

            tutor.push_screen(HomeScreen())


class ActTutorApp(App[None]):
    """Lessons with live charts, an explorer, the worked forward pass, quizzes and stats."""

    TITLE = "acttutor"
    SUB_TITLE = N_("activation functions, hands on")
    COMMANDS = App.COMMANDS | {_tutor_commands}
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", N_("quit"), show=False),
        Binding("question_mark", "keys", N_("keys"), key_display="?"),
    ]

    def __init__(
        self,
        *,
        content_roots: Sequence[Path] = (),
        data_dir: Path | None = None,
        start: StartRequest = START_HOME,
        course: Course | None = None,
        store: ProgressStore | None = None,
        lang: str = "en",
        learners_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.sub_title = _(self.SUB_TITLE)
        self.content_roots = tuple(content_roots)
        self.data_dir = data_dir
        self.start: StartRequest = start
        self.course: Course | None = course
        """The loaded course; None until the loader worker finishes."""
        self.store: ProgressStore | None = store
        """The learner's progress; None until opened."""
        self.lang = lang
        self.learners_dir = learners_dir
        """Served mode (``acttutor serve``): ask the learner's name first, and keep their
        progress in a folder of this one (see :mod:`acttutor.progress.learners`)."""
        self._too_small: TooSmallScreen | None = None
        self._started = False

    # -- start-up ---------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The bottom of the screen stack: a loading line that turns into home (StartingScreen)."""
        return StartingScreen(id="_default")

    def on_mount(self) -> None:
        """Open the first screen: home, or (on the next message) the room a direct start asks
        for. An app built without a course or store loads them first, in a worker. Served, the
        learner gives their name first."""
        if self.learners_dir is not None and self.store is None:
            from acttutor.screens.learner import LearnerScreen

            self.push_screen(LearnerScreen(self.learners_dir), self._learner_chosen)
            self._start_screen_open()
            return
        home = isinstance(self.start, StartHome)
        if home:
            from acttutor.screens.home import HomeScreen

            self.push_screen(HomeScreen())
            self._start_screen_open()
        if self.course is not None and self.store is not None:
            # Not after a refresh: that would wait for the next frame tick with nothing to
            # show; a room's screen is built once the start-up batch is over.
            self.call_later(self._course_ready)
        else:
            # Start loading only once the first screen is painted: the loader's thread imports
            # the course modules and reads the files, and under the GIL that would delay the paint.
            self.call_after_refresh(self._load)

    def _learner_chosen(self, learner: Learner | None) -> None:
        """Served mode: the learner named, so start as usual with their own progress folder."""
        if learner is None:
            return
        self.learners_dir = None
        self.data_dir = learner.data_dir
        self.title = f"acttutor · {learner.name}"
        self.on_mount()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        """Load the course and open the progress store (in a thread: YAML and SQLite)."""
        if self.course is None:
            from acttutor.course.loader import load_course
            from acttutor.course.problems import ContentError

            try:
                course = load_course(self.content_roots)
            except ContentError as exc:
                self.call_from_thread(self.exit, None, 1, exc.report())
                return
            self.course = course
        if self.store is None:
            from acttutor.progress.store import ProgressStore

            self.store = ProgressStore.open(self.data_dir)
        self.call_from_thread(self._course_ready, True)

    def _course_ready(self, loaded_late: bool = False) -> None:
        """Course and store are there: open the room a direct start asks for. ``loaded_late``:
        they came from the worker, after home was composed without them."""
        for notice in self.take_store_notices():
            self.notify(notice, severity="warning", timeout=12)
        start = self.start
        if isinstance(start, StartHome):
            from acttutor.screens.home import HomeScreen

            for screen in self.screen_stack:
                if isinstance(screen, HomeScreen) and loaded_late:
                    screen.refresh_outline()
            return
        if isinstance(start, StartLesson):
            if not self._has_lesson(start.lesson_id):
                self.exit(None, 2, self._unknown_lesson(start.lesson_id))
                return
            self.open_lesson(start.lesson_id)
        elif isinstance(start, StartQuiz):
            request = start.request
            unknown = [lid for lid in request.lessons if not self._has_lesson(lid)]
            if unknown:
                self.exit(None, 2, self._unknown_lesson(unknown[0]))
                return
            self.open_quiz(request.lessons, request.count, request.seed, request.review)
        elif isinstance(start, StartForward):
            self.open_room("forward")
        self._start_screen_open()

    def _has_lesson(self, lesson_id: str) -> bool:
        assert self.course is not None
        return self.course.has_lesson(lesson_id)

    def _unknown_lesson(self, lesson_id: str) -> str:
        assert self.course is not None
        import difflib

        ids = [lesson.id for lesson in self.course.lessons]
        close = difflib.get_close_matches(lesson_id, ids, n=1)
        if close:
            return _("acttutor: error: no lesson {lesson!r}. Did you mean {close}? Lessons: {ids}"
                     ).format(lesson=lesson_id, close=close[0], ids=", ".join(ids))
        return _("acttutor: error: no lesson {lesson!r}. Lessons: {ids}").format(
            lesson=lesson_id, ids=", ".join(ids))

    # -- size -------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Cover the screens with a notice while the terminal is below MIN_SIZE."""
        if self._started:
            self._fit_notice(*event.size)

    def _start_screen_open(self) -> None:
        """The first screen is open: from now on the size notice goes on top of the stack (a
        notice pushed before it would end up under it)."""
        self._started = True
        self._fit_notice(*self.size)

    def _fit_notice(self, width: int, height: int) -> None:
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if small and self._too_small is None:
            # Imported only when needed: most starts are large enough.
            from acttutor.screens.too_small import TooSmallScreen

            self._too_small = TooSmallScreen(MIN_SIZE, (width, height))
            self.push_screen(self._too_small)
        elif small and self._too_small is not None:
            self._too_small.show_size(width, height)
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    # -- text and progress helpers used by the screens ----------------------------------------

    def text(self, value: object) -> str:
        """A content text field in the learner's language (English when not translated)."""
        getter = getattr(value, "get", None)
        if callable(getter):
            return str(getter(self.lang))
        return "" if value is None else str(value)

    def lesson_sections(self, lesson: Lesson) -> tuple[Section, ...]:
        """The lesson's sections, translated when a translation exists."""
        return lesson.sections_in(self.lang)

    def lessons_read(self) -> dict[str, Any]:
        """Lessons the learner has opened."""
        return self.store.lessons_read() if self.store is not None else {}

    def lesson_known(self) -> dict[str, tuple[int, int]]:
        """Per lesson with answers: (questions whose latest answer was right, its questions)."""
        if self.store is None or self.course is None:
            return {}
        latest = self.store.latest_correct()
        known: dict[str, tuple[int, int]] = {}
        for lesson in self.course.lessons:
            ids = [q.id for q in self.course.questions_for(lesson.id)]
            if any(qid in latest for qid in ids):
                known[lesson.id] = (sum(latest.get(qid, False) for qid in ids), len(ids))
        return known

    def due_count(self) -> int:
        """Questions of the course due for review now."""
        if self.store is None or self.course is None:
            return 0
        ids = [q.id for q in self.course.questions]
        return self.store.due_count(ids)

    def stats(self) -> Stats | None:
        """The progress summary."""
        return self.store.stats() if self.store is not None else None

    def take_store_notices(self) -> list[str]:
        """New learner-facing notices from the progress store (damage, saving problems)."""
        return self.store.take_notices() if self.store is not None else []

    def mark_lesson_read(self, lesson_id: str) -> None:
        """Record that a lesson was opened."""
        if self.store is not None:
            self.store.mark_lesson_read(lesson_id)
            for notice in self.take_store_notices():
                self.notify(notice, severity="warning", timeout=12)

    # -- navigation ---------------------------------------------------------------------------

    def open_lesson(
        self,
        lesson_id: str,
        section: str | None = None,
        *,
        chart: tuple[str, Mapping[str, object]] | None = None,
        from_quiz: bool = False,
    ) -> None:
        """Open a lesson (optionally at a section, charting ``chart``'s activation first)."""
        from acttutor.screens.lesson import LessonScreen

        if self.course is None or not self._has_lesson(lesson_id):
            self.notify(_("No lesson {lesson!r}.").format(lesson=lesson_id), severity="error")
            return
        self.push_screen(LessonScreen(lesson_id, section, chart=chart, from_quiz=from_quiz))

    def open_explorer(self, activation: str | None = None) -> None:
        """Open the explorer, optionally with ``activation`` first.

        An explorer already open is reused (its first chart becomes ``activation``), so plotting
        from the palette again and again never stacks explorers: the screens opened on top of it
        (a lesson, the stats) close first, unless one of them is a quiz, which is never closed
        behind the learner's back (then a new explorer opens on top).
        """
        from acttutor.screens.explorer import ExplorerScreen
        from acttutor.screens.quiz import QuizScreen

        stack = self.screen_stack
        open_at = max((i for i, s in enumerate(stack) if isinstance(s, ExplorerScreen)), default=-1)
        above = stack[open_at + 1:]
        if open_at < 0 or any(isinstance(screen, QuizScreen) for screen in above):
            self.push_screen(ExplorerScreen(activation))
            return
        for _screen in above:
            self.pop_screen()
        explorer = stack[open_at]
        assert isinstance(explorer, ExplorerScreen)
        if activation is not None:
            explorer.show_first(activation)

    def open_quiz(
        self,
        lessons: Sequence[str] = (),
        count: int = 10,
        seed: int | None = None,
        review: bool = False,
    ) -> None:
        """Start a quiz."""
        from acttutor.screens.quiz import QuizScreen

        if self.course is None:
            return
        request = QuizRequest(tuple(lessons), count, seed, review)
        self.push_screen(QuizScreen(request))

    def show_results(self, request: QuizRequest, result: QuizResult) -> None:
        """Replace the finished quiz with its results."""
        from acttutor.screens.results import ResultsScreen

        self.switch_screen(ResultsScreen(request, result))

    def retry_quiz(self, request: QuizRequest, plan: QuizPlan) -> None:
        """Replace the results with a quiz of the ready ``plan`` (the mistakes to review)."""
        from acttutor.screens.quiz import QuizScreen

        self.switch_screen(QuizScreen(request, plan=plan))

    def open_room(self, room: str) -> None:
        """Open one of the rooms listed on home."""
        if self.course is None:
            self.notify(_("The course is still loading…"), timeout=2)
            return
        if room == "explorer":
            self.open_explorer()
        elif room == "quiz":
            self.open_quiz()
        elif room == "review":
            self.open_quiz(review=True)
        elif room == "stats":
            from acttutor.screens.stats import StatsScreen

            self.push_screen(StatsScreen())
        elif room == "forward":
            from acttutor.screens.forward import ForwardScreen

            self.push_screen(ForwardScreen())

    # -- keys ---------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands in the palette (theme, quit, keys, screenshot…), translated."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))

    def action_command_palette(self) -> None:
        """Open the command palette, with its prompt in the learner's language."""
        from textual.command import CommandPalette

        already = any(isinstance(screen, CommandPalette) for screen in self.screen_stack)
        if self.use_command_palette and not already:
            self.push_screen(
                CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )

    def action_keys(self) -> None:
        """Show or hide the keys of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def make_app(
    *,
    content_roots: Sequence[Path] = (),
    data_dir: Path | None = None,
    start: StartRequest = START_HOME,
    course: Course | None = None,
    store: ProgressStore | None = None,
    lang: str = "en",
    learners_dir: Path | None = None,
) -> ActTutorApp:
    """Build the tutor. The CLI passes paths; tests may pass a loaded course and store.

    The course is loaded and the progress store opened here, before anything is drawn: every
    first screen shows them (home its lesson list), and reading the built-in course takes about
    25 ms. Invalid content stops the start with the checker's messages (StartupError).
    With ``learners_dir`` (``acttutor serve``) the tutor first asks the learner's name and opens
    their progress in its own folder there. ``lang`` (``en`` or ``ko``) is the language of the
    interface and of lessons and questions where they are translated.
    """
    from acttutor.core.i18n import use_language

    use_language(lang)  # the interface and the content in one language (the CLI resolved it)
    if course is None:
        from acttutor.course.loader import load_course

        try:
            course = load_course(content_roots)
        except Exception as exc:
            from acttutor.course.problems import ContentError  # needed only when it fails

            if not isinstance(exc, ContentError):
                raise
            raise StartupError(exc.report(), exit_code=1) from None
    if store is None and learners_dir is None:
        from acttutor.progress.store import ProgressStore

        store = ProgressStore.open(data_dir)
    return ActTutorApp(
        content_roots=content_roots, data_dir=data_dir, start=start, course=course,
        store=store, lang=lang, learners_dir=learners_dir,
    )
