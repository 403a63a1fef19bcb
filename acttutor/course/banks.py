"""Quiz banks: ``quizzes/<bank>.yaml``, each question read by its type's table of fields.

Every question has ``id``, ``type``, ``section``, ``prompt`` and ``explanation`` (``lesson`` and
``tags`` are optional); :data:`_QUESTION_TYPES` lists each type's own fields, how each is read
and the checks across them. Nested mappings (``plot``, ``template``, ``check``) have their keys
in :data:`_RECORDS`. :class:`BankReader` reads banks into :attr:`banks`, queues the engine facts
(``check:`` and generated templates) and remembers each lesson/section reference for the loader
to resolve once every lesson is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acttutor.core.i18n import _, pgettext
from acttutor.course.facts import FactChecker
from acttutor.course.fields import (
    FAILED,
    SourceFile,
    describe,
    finite,
    is_id,
    is_int,
    is_number,
    is_whole,
    shown_number,
    suggest,
)
from acttutor.course.models import (
    Bank,
    CheckSpec,
    Choice,
    ChoiceQuestion,
    GeneratedQuestion,
    GeneratedTemplate,
    LocalText,
    MultiQuestion,
    NumericQuestion,
    PlotQuestion,
    PlotSpec,
    Question,
    TrueFalseQuestion,
    grid_size,
)
from acttutor.course.texts import TextReader
from acttutor.course.yamlmarks import Tagged, YList, YMap

if TYPE_CHECKING:
    from acttutor.core.activations import Activation  # noqa: F401

MAX_CHOICES = 9
MAX_GRID = 1001
MAX_DECIMALS = 8
MAX_COORDINATE = 1e6
"""Plot ranges stay within ±MAX_COORDINATE (a chart of ±1e308 has no finite width)."""

_CHOICE_FIELDS = frozenset({"text", "feedback"})
_COMMON_REQUIRED = frozenset({"id", "type", "section", "prompt", "explanation"})
_COMMON_OPTIONAL = frozenset({"lesson", "tags"})
_RECORDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # a nested mapping: (required keys, optional keys)
    "plot": (frozenset({"activation"}), frozenset({"params", "of", "range"})),
    "template": (frozenset({"activation", "x"}), frozenset({"of", "params", "decimals"})),
    "template.x": (frozenset({"min", "max", "step"}), frozenset()),
    "check": (frozenset({"activation", "x"}), frozenset({"params", "index", "of"})),
}
_BOOL_WORDS = {"true": True, "false": False}
LessonRef = tuple[SourceFile, str, int, str, int]
"""A question's reference: (file, lesson id, its line, section id, its line)."""


class BankReader(TextReader):
    """Reads quiz banks into :attr:`banks`; engine facts go to :attr:`facts`."""

    def __init__(self) -> None:
        super().__init__()
        self.facts_on = True
        self.facts = FactChecker()
        self.banks: list[Bank] = []
        self.bank_ids: dict[str, str] = {}
        self.question_ids: dict[str, tuple[str, int]] = {}
        # checked by the loader once every lesson is read
        self.refs: list[LessonRef] = []

    def _bank(self, path: Path, file: SourceFile) -> None:
        text = self._read(file)
        if text is None:
            return
        node = self._yaml(text, file)
        if node is FAILED:
            return
        if node is None:
            file.error(1, _("the bank is empty: it needs format_version, bank, lesson and "
                            "questions"))
            return
        node = self._mapping(file, node, 1, _("a quiz bank"))
        if node is FAILED:
            return
        kl = node.key_lines
        self._keys(file, node, frozenset({"format_version", "bank", "lesson", "questions"}),
                   frozenset({"format_version", "bank", "lesson", "questions"}), _("quiz bank"))
        self._format_version(file, node)
        bank_id = FAILED
        if "bank" in node:
            bank_id = self._ident(file, "bank", node["bank"], kl["bank"])
            if bank_id is not FAILED:
                previous = self.bank_ids.get(bank_id)
                if previous is not None:
                    file.error(kl["bank"], _("duplicate bank id '{bank_id}' "
                                             "(also at {previous})").format(
                        bank_id=bank_id, previous=previous))
                else:
                    self.bank_ids[bank_id] = file.at(kl["bank"])
        bank_lesson = FAILED
        if "lesson" in node:
            bank_lesson = self._ident(file, "lesson", node["lesson"], kl["lesson"])
        questions: list[Question] = []
        if "questions" in node:
            value, line = node["questions"], kl["questions"]
            if value is None:
                file.error(line, _("questions: the list is empty"))
            elif not isinstance(value, YList):
                if not isinstance(value, Tagged):
                    file.error(line, _("questions: expected a list of questions, got {got}").format(
                        got=describe(value)))
            elif not value:
                file.error(line, _("questions: the list is empty"))
            else:
                lesson_line = kl.get("lesson", node.line)
                for item, item_line in zip(value, value.item_lines, strict=True):
                    question = self._question(file, item, item_line, bank_id, bank_lesson,
                                              lesson_line)
                    if question is not None:
                        questions.append(question)
        if bank_id is not FAILED and bank_lesson is not FAILED:
            self.banks.append(Bank(bank_id, bank_lesson, path, tuple(questions)))

    def _question(
        self,
        file: SourceFile,
        node: Any,
        item_line: int,
        bank_id: str | Any,
        bank_lesson: str | Any,
        bank_lesson_line: int,
    ) -> Question | None:
        if type(node) is not YMap:
            if not isinstance(node, Tagged):
                file.error(item_line, _("a question must be a mapping (id: ..., type: ...), got "
                                        "{got}").format(got=describe(node)))
            return None
        get = node.get
        qid = get("id")
        qtype = get("type")
        fields = _TYPE_FIELDS.get(qtype) if type(qtype) is str else None
        ids = self.question_ids
        if type(qid) is str and qid not in ids and is_id(qid):
            ids[qid] = (file.shown, node.key_lines["id"])
            ok = True
        else:
            self._bad_question_id(file, node, qid)
            ok = False
        if fields is None or type(qtype) is not str:
            self._bad_question_type(file, node, qtype, qid if ok else None)
            return None
        required, allowed = fields
        keys = node.keys()
        if not (required <= keys and keys <= allowed):
            hints = None
            if "check" not in allowed:
                hints = {"check": _("check: only numeric and choice questions can declare "
                                    "check (this is a {type} question)").format(type=qtype)}
            self._keys(file, node, required, allowed,
                       _("question '{id}'").format(id=qid) if ok
                       else pgettext("item", "question"), hints)
            ok = False
        texts = {}
        for key in ("prompt", "explanation"):
            # a missing one is reported with the other keys
            texts[key] = (self._text(file, key, node[key], node.key_lines[key]) if key in node
                          else FAILED)
            ok = ok and (texts[key] is not FAILED or key not in node)
        prompt, explanation = texts["prompt"], texts["explanation"]
        section = get("section")
        if not (type(section) is str and is_id(section)) and "section" in node:
            self._ident(file, "section", section, node.key_lines["section"])
            ok = False
        lesson = bank_lesson
        if "lesson" in node:
            lesson = self._ident(file, "lesson", get("lesson"), node.key_lines["lesson"])
            ok = ok and lesson is not FAILED
        tags: Any = ()
        if "tags" in node:
            tags = self._string_list(file, "tags", get("tags"), node.key_lines["tags"])
            ok = ok and tags is not FAILED
        kind = _QUESTION_TYPES[qtype]
        key_lines = node.key_lines
        got: dict[str, Any] = {"prompt": prompt, "prompt line": key_lines.get("prompt")}
        for spec in kind.fields:
            if spec.name in node:
                got[spec.name] = spec.read(self, file, spec.name, node[spec.name],
                                           key_lines[spec.name], got)
            else:
                got[spec.name] = FAILED if spec.required else spec.default
        fields_ok = all(got[spec.name] is not FAILED for spec in kind.fields)
        fact = kind.finish(self, file, node, got) if fields_ok and kind.finish else None
        if type(section) is str and is_id(section) and lesson is not FAILED:
            # The lesson/section reference is checked even when the rest of the question is
            # broken, so a bad answer and an unknown section are both reported in one run.
            self.refs.append((file, lesson, key_lines.get("lesson", bank_lesson_line), section,
                              key_lines.get("section", node.line)))
        if not fields_ok or fact is False or not ok or bank_id is FAILED or lesson is FAILED:
            return None
        # ok holds only when both are valid ids; mypy cannot see that through ``ok``.
        if type(qid) is not str or type(section) is not str:
            return None
        question = kind.model(
            id=qid,
            lesson=lesson,
            section=section,
            prompt=prompt,
            explanation=explanation,
            bank=bank_id,
            path=file.path,
            line=item_line,
            tags=tags,
            **{spec.name: got[spec.name] for spec in kind.fields},
        )
        if fact is not None and self.facts_on:
            fact()
        return question

    def _bad_question_id(self, file: SourceFile, node: YMap, qid: Any) -> None:
        if "id" not in node:
            file.error(node.line, _("question: missing required field 'id'"))
        elif type(qid) is not str or not is_id(qid):
            self._ident(file, "id", qid, node.key_lines["id"])
        else:
            shown, line = self.question_ids[qid]
            file.error(node.key_lines["id"],
                       _("duplicate question id '{qid}' (also at {shown}:{line})").format(
                           qid=qid, shown=shown, line=line))

    def _bad_question_type(self, file: SourceFile, node: YMap, qtype: Any, qid: str | None) -> None:
        if "type" not in node:
            what = _("question '{id}'").format(id=qid) if qid else pgettext("item", "question")
            file.error(node.line, _("{what}: missing required field 'type' "
                                      "(one of {names})").format(
                what=what, names=', '.join(_TYPE_FIELDS)))
        elif not isinstance(qtype, Tagged):
            shown = f"'{qtype}'" if type(qtype) is str else describe(qtype)
            file.error(node.key_lines["type"], _("type: unknown question type "
                                                 "{shown}{suggestion}; use one of {names}").format(
                shown=shown,
                suggestion=suggest(qtype, list(_TYPE_FIELDS)),
                names=', '.join(_TYPE_FIELDS)))

    # -- per-type field readers: (file, key, value, line, fields read so far) -> value or FAILED

    def _choices(self, file: SourceFile, key: str, value: Any, line: int, got: dict[str, Any]
                 ) -> tuple[Choice, ...] | Any:
        if type(value) is not YList:
            return file.reject(value, line, _("choices: expected a list, got {got}"))
        if not 2 <= len(value) <= MAX_CHOICES:
            file.error(line, _("choices: give 2 to {most} choices, not {count}").format(
                most=MAX_CHOICES, count=len(value)))
            return FAILED
        choices: list[Choice] = []
        seen: dict[str, int] = {}
        ok = True
        for number, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True), 1):
            feedback = None
            name = f"choice {number}"
            if type(item) is YMap and ("text" in item or "feedback" in item):
                for k in item.keys() - _CHOICE_FIELDS:
                    file.error(item.key_lines[k], _("{name}: unknown field '{k}' (a choice has "
                                                    "text and feedback)").format(name=name, k=k))
                    ok = False
                if "text" not in item:
                    file.error(item_line, _("{name}: missing required field 'text'").format(
                        name=name))
                    ok = False
                    continue
                text = self._text(file, name, item["text"], item.key_lines["text"])
                if "feedback" in item:
                    feedback = self._text(file, f"{name} feedback", item["feedback"],
                                          item.key_lines["feedback"])
                    ok = ok and feedback is not FAILED
            else:
                text = self._text(file, name, item, item_line)
            if text is FAILED:
                ok = False
                continue
            norm = text.translations["en"].casefold()
            if norm in seen:
                file.error(item_line, _("choice {number} repeats choice {seen} ({en!r})").format(
                    number=number, seen=seen[norm], en=text.en))
                ok = False
                continue
            seen[norm] = number
            choices.append(Choice(text, feedback))
        return tuple(choices) if ok else FAILED

    def _answer_index(self, file: SourceFile, key: str, value: Any, line: int, got: dict[str, Any]
                      ) -> int | Any:
        """A 1-based choice number -> 0-based index, checked against the choices read."""
        if not is_int(value):
            return file.reject(value, line, _("{key}: expected the number of the right choice "
                                              "(1-based), got {got}"), key=key)
        count = _count(got.get("choices"))
        if count is not None and not 1 <= value <= count:
            file.error(line, _("{key}: {number} is out of range: there are {count} choices "
                               "(answers count from 1)").format(
                key=key, number=shown_number(value), count=count))
            return FAILED
        return value - 1

    def _answers(self, file: SourceFile, key: str, value: Any, line: int, got: dict[str, Any]
                 ) -> frozenset[int] | Any:
        if not isinstance(value, YList):
            return file.reject(value, line, _("answers: expected a list of choice numbers like "
                                              "[1, 3], got {got}"))
        if not value:
            file.error(line, _("answers: list at least one right choice"))
            return FAILED
        count = _count(got.get("choices"))
        answers: set[int] = set()
        ok = True
        for item, item_line in zip(value, value.item_lines, strict=True):
            if not is_int(item):
                if not isinstance(item, Tagged):
                    file.error(item_line, _("answers: expected a choice number (1-based), got "
                                            "{got}").format(got=describe(item)))
                ok = False
            elif count is not None and not 1 <= item <= count:
                file.error(item_line, _("answers: {number} is out of range: there are {count} "
                                        "choices (answers count from 1)").format(
                    number=shown_number(item), count=count))
                ok = False
            elif item - 1 in answers:
                file.error(item_line, _("answers: {number} is listed twice").format(
                    number=shown_number(item)))
                ok = False
            else:
                answers.add(item - 1)
        return frozenset(answers) if ok else FAILED

    def _bool_answer(self, file: SourceFile, key: str, value: Any, line: int, got: dict[str, Any]
                     ) -> bool | Any:
        if isinstance(value, bool):
            return value
        return file.reject(value, line, _("answer: expected true or false, got {got}"))

    def _bool_feedback(self, file: SourceFile, key: str, value: Any, line: int, got: dict[str, Any]
                       ) -> dict[bool, LocalText] | Any:
        if not isinstance(value, YMap):
            return file.reject(value, line, _("feedback: expected {{true: ..., false: ...}}, "
                                              "got {got}"))
        feedback: dict[bool, LocalText] = {}
        ok = True
        for flag_key, text in value.items():
            key_line = value.key_lines[flag_key]
            flag = flag_key if isinstance(flag_key, bool) else _BOOL_WORDS.get(
                str(flag_key).lower())
            if flag is None:
                file.error(key_line, _("feedback: keys are true and false, "
                                       "not {flag_key!r}").format(
                    flag_key=flag_key))
                ok = False
                continue
            shown = self._text(file, f"feedback.{str(flag).lower()}", text, key_line)
            if shown is FAILED:
                ok = False
            else:
                feedback[flag] = shown
        return feedback if ok else FAILED

    def _tolerance(self, file: SourceFile, key: str, value: Any, line: int, got: dict[str, Any]
                   ) -> float | Any:
        tolerance = self._number(file, key, value, line)
        if tolerance is not FAILED and not tolerance > 0:
            file.error(line, _("tolerance: must be greater than 0, got {number}").format(
                number=shown_number(value)))
            return FAILED
        return tolerance

    def _activation_names(self, file: SourceFile, key: str, value: Any, line: int,
                          got: dict[str, Any]) -> tuple[str, ...] | Any:
        names = self._string_list(file, key, value, line)
        if names is FAILED:
            return FAILED
        if not 2 <= len(names) <= MAX_CHOICES:
            file.error(line, _("choices: give 2 to {most} activation names, not {count}").format(
                most=MAX_CHOICES, count=len(names)))
            return FAILED
        seen: dict[str, int] = {}
        ok = True
        for number, (name, item_line) in enumerate(zip(names, value.item_lines, strict=True), 1):
            if self._activation(file, f"choice {number}", name, item_line) is FAILED:
                ok = False
            elif name in seen:
                file.error(item_line, _("choice {number} repeats choice {seen} ('{name}')").format(
                    number=number, seen=seen[name], name=name))
                ok = False
            else:
                seen[name] = number
        return names if ok else FAILED

    def _template(self, file: SourceFile, key: str, value: Any, line: int, got: dict[str, Any]
                  ) -> GeneratedTemplate | Any:
        template, ok = self._record(file, value, line, "template")
        if template is FAILED:
            return FAILED
        tkl = template.key_lines
        act: Any = FAILED
        if "activation" in template:
            act = self._activation(file, "template.activation", template["activation"],
                                   tkl["activation"])
            if act is not FAILED and act.kind != "elementwise":
                file.error(tkl["activation"], _("template.activation: {name} is a vector "
                                                "function; generated questions need an "
                                                "elementwise activation").format(name=act.name))
                act = FAILED
        params: Any = FAILED
        if act is not FAILED:
            params = self._params(file, act, template.get("params"), tkl.get("params", line),
                                  "template.params")
        of = self._of(file, template)
        decimals: Any = template.get("decimals", 3)
        if not (is_whole(decimals) and 0 <= decimals <= MAX_DECIMALS):
            if not isinstance(decimals, Tagged):
                file.error(tkl["decimals"], _("template.decimals: expected a whole number from "
                                              "0 to {most}, got {got}").format(
                    most=MAX_DECIMALS, got=describe(decimals)))
            decimals = FAILED
        grid = self._grid(file, template["x"], tkl["x"]) if "x" in template else FAILED
        prompt = got["prompt"]
        if prompt is not FAILED and any("{answer}" in t for t in prompt.translations.values()):
            file.error(got["prompt line"], _("prompt: {answer} would give the answer away; use "
                                             "it in the explanation only"))
            ok = False
        if not ok or any(p is FAILED for p in (act, params, of, decimals, grid)):
            return FAILED
        x_min, x_max, x_step = grid
        return GeneratedTemplate(act.name, of, x_min, x_max, x_step, params, int(decimals))

    # -- per-type checks across fields: False when invalid, else an optional engine fact

    def _finish_choice(self, file: SourceFile, node: YMap, got: dict[str, Any]) -> Any:
        check = got["check"]
        if check is None:
            return None
        stated = got["choices"][got["answer"]].text.en
        return lambda: self.facts.add_choice(file, check, stated)

    def _finish_numeric(self, file: SourceFile, node: YMap, got: dict[str, Any]) -> Any:
        check, answer, tolerance = got["check"], got["answer"], got["tolerance"]
        if check is None:
            return None
        return lambda: self.facts.add_numeric(file, check, answer, tolerance)

    def _finish_plot(self, file: SourceFile, node: YMap, got: dict[str, Any]) -> Any:
        names, answer, spec = got["choices"], got["answer"], got["plot"]
        if names[answer] != spec.activation:
            file.error(node.key_lines["answer"], _("answer: choice {number} is '{name}' but the "
                                                   "plot shows '{activation}'").format(
                number=answer + 1, name=names[answer], activation=spec.activation))
            return False
        return None

    def _finish_generated(self, file: SourceFile, node: YMap, got: dict[str, Any]) -> Any:
        spec = got["template"]
        return lambda: self.facts.add_template(file, node.key_lines["template"], spec)

    def _activation_record(self, file: SourceFile, value: Any, line: int, record: str) -> Any:
        """A ``plot:`` or ``check:`` record's common part: the node, its activation, parameters
        and ``of`` — or FAILED (already reported)."""
        node, ok = self._record(file, value, line, record)
        if not ok:
            return FAILED
        kl = node.key_lines
        act = self._activation(file, f"{record}.activation", node["activation"], kl["activation"])
        if act is FAILED:
            return FAILED
        params = self._params(file, act, node.get("params"), kl.get("params", line),
                              f"{record}.params")
        return node, act, params, self._of(file, node)

    def _plot_spec(self, file: SourceFile, value: Any, line: int) -> PlotSpec | Any:
        read = self._activation_record(file, value, line, "plot")
        if read is FAILED:
            return FAILED
        node, act, params, of = read
        kl = node.key_lines
        x_range: Any = tuple(act.plot_range)
        if "range" in node:
            x_range = self._range(file, node["range"], kl["range"])
        if params is FAILED or of is FAILED or x_range is FAILED:
            return FAILED
        return PlotSpec(act.name, params, of, x_range)

    def _range(self, file: SourceFile, value: Any, line: int) -> tuple[float, float] | Any:
        if (
            isinstance(value, YList)
            and len(value) == 2
            and all(is_number(v) and finite(v) is not None for v in value)
        ):
            low, high = float(value[0]), float(value[1])
            if max(abs(low), abs(high)) > MAX_COORDINATE:
                file.error(line, _("range: keep both ends within ±{limit:g}, got "
                                   "[{low:g}, {high:g}]").format(
                    limit=MAX_COORDINATE, low=low, high=high))
                return FAILED
            if low < high:
                return (low, high)
            file.error(line, _("range: the first number must be smaller than the second, got "
                               "[{low}, {high}]").format(low=value[0], high=value[1]))
            return FAILED
        return file.reject(value, line, _("range: expected two numbers like [-4, 4], got {got}"))

    def _grid(self, file: SourceFile, value: Any, line: int) -> tuple[float, float, float] | Any:
        node, ok = self._record(file, value, line, "template.x")
        if not ok:
            return FAILED
        numbers = [self._number(file, f"template.x.{k}", node[k], node.key_lines[k])
                   for k in ("min", "max", "step")]
        if any(n is FAILED for n in numbers):
            return FAILED
        x_min, x_max, x_step = numbers
        if x_max < x_min:
            file.error(node.key_lines["max"], _("template.x: max ({x_max:g}) is below min "
                                                "({x_min:g})").format(x_max=x_max, x_min=x_min))
            return FAILED
        if not x_step > 0:
            file.error(node.key_lines["step"], _("template.x.step: must be greater than 0"))
            return FAILED
        steps = (x_max - x_min) / x_step  # inf when the span itself overflows
        count = grid_size(x_min, x_max, x_step) if steps < 1e15 else 0
        if not 0 < count <= MAX_GRID:
            shown = f"{count} x values is" if count else "far more than 10^15 x values is"
            file.error(line, _("template.x: {shown} too many (at most {most}); use a larger "
                               "step").format(shown=shown, most=MAX_GRID))
            return FAILED
        return (x_min, x_max, x_step)

    def _check_spec(self, file: SourceFile, value: Any, line: int) -> CheckSpec | Any:
        read = self._activation_record(file, value, line, "check")
        if read is FAILED:
            return FAILED
        node, act, params, of = read
        kl = node.key_lines
        x_raw, x_line = node["x"], kl["x"]
        index = None
        x: Any
        if act.kind == "elementwise":
            x = self._number(file, "check.x", x_raw, x_line)
            if "index" in node:
                file.error(kl["index"], _("check.index: only for vector functions; {name} acts "
                                          "elementwise").format(name=act.name))
                return FAILED
        else:
            if not isinstance(x_raw, YList) or not x_raw:
                return file.reject(x_raw, x_line, _("check.x: {name} takes a vector: write x as "
                                                    "a list like [2.0, 1.0, 0.1], not {got}"),
                    name=act.name)
            items = [self._number(file, "check.x", v, x_line) for v in x_raw]
            x = FAILED if any(v is FAILED for v in items) else tuple(items)
            if "index" not in node:
                file.error(line, _("check: {name} gives a vector: add index (0-based) to pick "
                                   "the component").format(name=act.name))
                return FAILED
            raw_index = node["index"]
            if not (is_whole(raw_index)
                    and 0 <= raw_index < len(x_raw)):
                file.error(kl["index"], _("check.index: expected a 0-based position from 0 to "
                                          "{last}, got {got}").format(
                    last=len(x_raw) - 1, got=describe(raw_index)))
                return FAILED
            index = int(raw_index)
        if params is FAILED or of is FAILED or x is FAILED:
            return FAILED
        return CheckSpec(act.name, params, x, index, of, line)

    def _record(
        self, file: SourceFile, value: Any, line: int, what: str
    ) -> tuple[YMap | Any, bool]:
        """A nested mapping of :data:`_RECORDS` with its keys checked: (mapping or FAILED,
        True when it is a mapping holding every required key)."""
        node = self._mapping(file, value, line, what)
        if node is FAILED:
            return FAILED, False
        required, optional = _RECORDS[what]
        return node, self._keys(file, node, required, required | optional, what)

@dataclass(frozen=True)
class _Field:
    """One field of a question type: its name, whether it must be given, how it is read (a
    :class:`BankReader` method ``(file, key, value, line, fields so far)``) and its default."""

    name: str
    read: Callable[..., Any]
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class _QuestionType:
    """A question type: its model, its fields in reading order, and the checks across them."""

    model: type[Question]
    fields: tuple[_Field, ...]
    finish: Callable[..., Any] | None = None


def _plain_reader(method: Callable[..., Any]) -> Callable[..., Any]:
    """A ``(file, key, value, line)`` method as a field reader (it needs no other field)."""
    return lambda loader, file, key, value, line, got: method(loader, file, key, value, line)


_L = BankReader
_CHECK = _Field("check", lambda loader, file, key, value, line, got: loader._check_spec(
    file, value, line))
_QUESTION_TYPES: dict[str, _QuestionType] = {
    "choice": _QuestionType(ChoiceQuestion, (
        _Field("choices", _L._choices, required=True),
        _Field("answer", _L._answer_index, required=True),
        _CHECK,
    ), _L._finish_choice),
    "multi": _QuestionType(MultiQuestion, (
        _Field("choices", _L._choices, required=True),
        _Field("answers", _L._answers, required=True),
    )),
    "truefalse": _QuestionType(TrueFalseQuestion, (
        _Field("answer", _L._bool_answer, required=True),
        _Field("feedback", _L._bool_feedback, default={}),
    )),
    "numeric": _QuestionType(NumericQuestion, (
        _Field("answer", _plain_reader(_L._number), required=True),
        _Field("tolerance", _L._tolerance, default=0.001),
        _Field("hint", _plain_reader(_L._text)),
        _Field("unit", _plain_reader(_L._text)),
        _CHECK,
    ), _L._finish_numeric),
    "plot": _QuestionType(PlotQuestion, (
        _Field("plot", lambda loader, file, key, value, line, got: loader._plot_spec(
            file, value, line), required=True),
        _Field("choices", _L._activation_names, required=True),
        _Field("answer", _L._answer_index, required=True),
    ), _L._finish_plot),
    "generated": _QuestionType(GeneratedQuestion, (
        _Field("template", _L._template, required=True),
    ), _L._finish_generated),
}
"""Every question type's own fields; ``id``, ``type``, ``section``, ``prompt``,
``explanation`` (required) and ``lesson``, ``tags`` are common to all."""

_TYPE_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # question type -> (required fields, allowed fields), the common ones included
    name: (_COMMON_REQUIRED | {f.name for f in kind.fields if f.required},
           _COMMON_REQUIRED | _COMMON_OPTIONAL | {f.name for f in kind.fields})
    for name, kind in _QUESTION_TYPES.items()
}


def _count(choices: Any) -> int | None:
    """How many choices were read, or None when they were missing or invalid."""
    return len(choices) if isinstance(choices, tuple) else None
