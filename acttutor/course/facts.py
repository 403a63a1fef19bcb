"""Verify ``check:`` facts and generated templates against the activation engine, in batches.

The loader registers every fact while it reads the banks; :meth:`FactChecker.verify` then groups
scalar facts by (activation, value/derivative, parameters) so that thousands of checks cost a
handful of vectorised engine calls rather than one numpy round trip each.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from acttutor.core.i18n import _
from acttutor.course.models import CheckSpec, GeneratedTemplate, format_number
from acttutor.course.problems import Problem

if TYPE_CHECKING:
    from acttutor.core.activations import Activation

__all__ = ["FactChecker", "choice_tolerance"]

_DECIMAL = re.compile(r"[+\-\u2212]?(\d*)(?:\.(\d*))?(?:[eE]([+\-\u2212]?\d+))?\Z")
_APPROX = ("\u2248", "~")  # "≈ 0.25" states the same number as "0.25"


class _Reporter(Protocol):
    shown: str

    def error(self, line: int, message: str) -> None: ...


@dataclass(frozen=True, slots=True)
class _Fact:
    file: _Reporter
    check: CheckSpec
    stated: float | str  # the numeric answer, or the correct choice's text
    tolerance: float  # numeric questions only


def choice_tolerance(text: str) -> float | None:
    """Half a unit of the last decimal shown in a plain decimal like ``0.665`` (0.0005); None
    for anything else (an expression such as ``1/4`` is compared almost exactly)."""
    m = _DECIMAL.match(text.strip())
    if m is None or not (m.group(1) or m.group(2)):
        return None
    exponent = int((m.group(3) or "0").replace("\u2212", "-"))
    return 0.5 * 10.0 ** (exponent - len(m.group(2) or ""))


def _params_key(params: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(params.items()))


class FactChecker:
    """Collects facts during loading; :meth:`verify` reports every mismatch as a Problem."""

    def __init__(self) -> None:
        self.facts: list[_Fact] = []
        self.templates: dict[tuple[Any, ...], tuple[_Reporter, int, GeneratedTemplate]] = {}

    def add_numeric(
        self, file: _Reporter, check: CheckSpec, answer: float, tolerance: float
    ) -> None:
        """A numeric question's answer must be within its tolerance of the engine value."""
        self.facts.append(_Fact(file, check, answer, tolerance))

    def add_choice(self, file: _Reporter, check: CheckSpec, stated: str) -> None:
        """A choice question's correct choice must read as the engine value."""
        self.facts.append(_Fact(file, check, stated, 0.0))

    def add_template(self, file: _Reporter, line: int, template: GeneratedTemplate) -> None:
        """Every x of a generated template must give a finite engine value."""
        key = (
            template.activation,
            template.of,
            _params_key(template.params),
            template.x_min,
            template.x_max,
            template.x_step,
        )
        self.templates.setdefault(key, (file, line, template))

    def verify(self, problems: list[Problem]) -> None:
        """Evaluate everything registered; problems are reported through each fact's file."""
        if not self.facts and not self.templates:
            return
        import numpy as np

        from acttutor.core.activations import get_activation

        groups: dict[tuple[Any, ...], list[_Fact]] = {}
        vectors: list[_Fact] = []
        for fact in self.facts:
            check = fact.check
            if isinstance(check.x, tuple):
                vectors.append(fact)
            else:
                key = (check.activation, check.of, _params_key(check.params))
                groups.setdefault(key, []).append(fact)
        with np.errstate(all="ignore"):
            for (name, of, _), facts in groups.items():
                act = get_activation(name)
                params = act.resolve_params(facts[0].check.params)
                fn = act.value if of == "value" else act.derivative
                values = fn(np.array([f.check.x for f in facts], dtype=np.float64), **params)
                for fact, value in zip(facts, values.tolist(), strict=True):
                    self._compare(fact, act, value)
            for fact in vectors:
                check = fact.check
                act = get_activation(check.activation)
                params = act.resolve_params(check.params)
                fn = act.value if check.of == "value" else act.derivative
                vector = fn(np.array(check.x, dtype=np.float64), **params)
                self._compare(fact, act, float(vector[check.index]))
            for file, line, template in self.templates.values():
                act = get_activation(template.activation)
                params = act.resolve_params(template.params)
                fn = act.value if template.of == "value" else act.derivative
                xs = np.array(template.xs(), dtype=np.float64)
                bad = ~np.isfinite(fn(xs, **params))
                if bad.any():
                    x = float(xs[int(np.argmax(bad))])
                    file.error(line, _("template: the engine gives no finite {of} of {name} at "
                                       "x = {x}; narrow the x range").format(
                        of=template.of, name=act.name, x=format_number(x)))

    def _compare(self, fact: _Fact, act: Activation, engine: float) -> None:
        check = fact.check
        expression = _expression(act, check)
        if not math.isfinite(engine):
            fact.file.error(check.line, _("check: the engine gives {engine} for "
                                          "{expression}").format(
                engine=engine, expression=expression))
            return
        if isinstance(fact.stated, str):
            self._compare_choice(fact, expression, engine)
            return
        stated = fact.stated
        if abs(stated - engine) <= fact.tolerance * (1 + 1e-9) + 1e-12:
            return
        fact.file.error(
            check.line,
            _("check: the answer {answer} does not match the engine: {expression} = "
              "{engine:.8g} (difference {difference:.3g} > tolerance {tolerance:g})").format(
                answer=format_number(stated), expression=expression, engine=engine,
                difference=abs(stated - engine), tolerance=fact.tolerance),
        )

    def _compare_choice(self, fact: _Fact, expression: str, engine: float) -> None:
        from acttutor.core.numparse import NumberParseError, parse_number

        text = str(fact.stated).strip()
        for mark in _APPROX:
            if text.startswith(mark):
                text = text[len(mark) :].strip()
        try:
            stated = parse_number(text)
        except NumberParseError:
            fact.file.error(
                fact.check.line,
                _("check: the correct choice {stated!r} is not a number, so it cannot be "
                  "checked (write it like 0.25 or 1/4, or drop check:)").format(
                    stated=fact.stated),
            )
            return
        tolerance = choice_tolerance(text)
        if tolerance is None:
            tolerance = 1e-9 * max(1.0, abs(engine))
        if abs(stated - engine) <= tolerance * (1 + 1e-9) + 1e-12:
            return
        fact.file.error(
            fact.check.line,
            _("check: the correct choice {stated!r} does not match the engine: {expression} = "
              "{engine:.8g}").format(stated=fact.stated, expression=expression, engine=engine),
        )


def _expression(act: Activation, check: CheckSpec) -> str:
    """``sigmoid′(0)``, ``elu(−1; alpha=0.5)``, ``softmax([2, 1, 0.1])[0]``."""
    name = act.name + ("\u2032" if check.of == "derivative" else "")
    if isinstance(check.x, tuple):
        x = "[" + ", ".join(format_number(v) for v in check.x) + "]"
    else:
        x = format_number(check.x)
    params = ""
    if check.params:
        shown = ", ".join(
            f"{k}={format_number(v) if isinstance(v, float) else v}"
            for k, v in check.params.items()
        )
        params = f"; {shown}"
    suffix = f"[{check.index}]" if check.index is not None else ""
    return f"{name}({x}{params}){suffix}"
