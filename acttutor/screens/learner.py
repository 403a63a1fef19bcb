"""The first screen of a served tutor (``acttutor serve``): who is learning?

Each browser tab runs its own tutor; the name typed here picks the learner's progress store, so
classmates never see each other's answers and one learner's tabs share one history.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

from acttutor.core.i18n import _
from acttutor.progress.learners import MAX_NAME_LENGTH, Learner, LearnerNameError, learner


class LearnerNameValidator(Validator):
    """Accepts the names :func:`acttutor.progress.learners.check_name` accepts."""

    def validate(self, value: str) -> ValidationResult:
        """Valid, or a failure whose description says what to change."""
        try:
            learner(Path("."), value)
        except LearnerNameError as exc:
            return self.failure(str(exc))
        return self.success()


class LearnerScreen(Screen[Learner]):
    """Asks for the learner's name; dismisses with the :class:`Learner` it names."""

    DEFAULT_CSS = """
    LearnerScreen { align: center middle; }
    LearnerScreen #learner-box {
        width: 60; max-width: 100%; height: auto;
        border: round $primary; padding: 1 2;
    }
    LearnerScreen #learner-problem { color: $error; height: auto; }
    LearnerScreen #learner-note { color: $text-muted; height: auto; margin-top: 1; }
    """

    def __init__(self, learners_dir: Path) -> None:
        super().__init__()
        self.learners_dir = learners_dir
        """Where each learner's folder (and progress store) is made."""

    def compose(self) -> ComposeResult:
        """A question, the name field, a line for problems, a note on where answers go."""
        with Vertical(id="learner-box"):
            yield Static(Content(_("Welcome to acttutor. What is your name?")))
            yield Input(
                placeholder=_("your name"),
                max_length=MAX_NAME_LENGTH,
                validators=[LearnerNameValidator()],
                validate_on=["submitted"],
                id="learner-name",
            )
            yield Static(id="learner-problem")
            yield Static(
                Content(
                    _(
                        "Your answers are kept under this name on the tutor's computer. "
                        "Use the same name next time to carry on."
                    )
                ),
                id="learner-note",
            )

    def on_mount(self) -> None:
        """The name field has the focus."""
        self.query_one("#learner-name", Input).focus()

    @on(Input.Submitted, "#learner-name")
    def _name_submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#learner-problem", Static)
        result = event.validation_result
        if result is not None and not result.is_valid:
            problem.update(Content(" ".join(result.failure_descriptions)))
            return
        problem.update("")
        self.dismiss(learner(self.learners_dir, event.value))
