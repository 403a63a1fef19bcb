"""Command palette entries: open a lesson, plot an activation, start a quiz, the forward pass."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from acttutor.core.i18n import _

if TYPE_CHECKING:
    from acttutor.app import ActTutorApp


class TutorCommands(Provider):
    """Everything a learner can jump to from ctrl+p."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from acttutor.core.activations import REGISTRY

        tutor = cast("ActTutorApp", self.app)
        commands: list[tuple[str, Callable[[], object], str]] = []
        course = tutor.course
        if course is not None:
            for lesson in course.lessons:
                commands.append((
                    _("Open lesson: {title}").format(title=tutor.text(lesson.title)),
                    partial(tutor.open_lesson, lesson.id),
                    tutor.text(lesson.summary),
                ))
        commands += [
            (_("Start quiz"), partial(tutor.open_room, "quiz"),
             _("Ten questions from the whole course")),
            (_("Review due questions"), partial(tutor.open_room, "review"),
             _("Spaced repetition: what is due now")),
            (_("Forward pass"), partial(tutor.open_room, "forward"),
             _("Step through the worked 2-layer network")),
            (_("Explorer"), partial(tutor.open_room, "explorer"),
             _("Overlay and compare activations")),
            (_("Stats"), partial(tutor.open_room, "stats"), _("Your answers and accuracy")),
        ]
        for act in REGISTRY.values():
            commands.append(
                (_("Plot: {name}").format(name=act.display),
                 partial(tutor.open_explorer, act.name), _(act.summary))
            )
        return commands

    async def discover(self) -> Hits:
        """All commands, when nothing is typed yet."""
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands matching ``query``, best first."""
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
