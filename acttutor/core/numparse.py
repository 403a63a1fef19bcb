"""Parse the numbers a learner (or a quiz author) types: ``0.25``, ``1/4``, ``e^-1``, ``exp(-1)``.

A small tokenizer and recursive-descent parser over this grammar (never ``eval``)::

    expr  := term (("+" | "-") term)*
    term  := unary (("*" | "/") unary)*
    unary := ("-" | "+") unary | power
    power := atom (("^" | "**") unary)?          right-associative: 2^3^2 = 2^9
    atom  := NUMBER | "e" | "pi" | "π" | FUNC "(" expr ")" | "(" expr ")"
    FUNC  := exp | ln | log | sqrt               log is the natural logarithm, like ln

Because ``^`` binds tighter than a unary minus on its left, ``-2^2`` is -4, while the exponent
may carry its own sign, so ``e^-1`` is e^(-1). The Unicode minus (−), ``×``/``·`` and ``÷`` are
accepted.

Every user error raises :class:`NumberParseError` with a short message meant for the learner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from acttutor.core.i18n import N_, _

__all__ = ["NumberParseError", "parse_number", "EXAMPLE_HINT"]

EXAMPLE_HINT = N_("Type a number such as 0.25, 1/4 or e^-1.")
"""The hint shown whenever the input does not look like a number at all (in English; errors
carry it in the current language)."""

_MAX_LENGTH = 1000
_MAX_DEPTH = 100

_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-zπ]+")
_SPACE = re.compile(r"\s+")
_DIGITS = frozenset("0123456789")

_CHAR_ALIASES = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "÷": "/"})

_CONSTANTS = {"e": math.e, "pi": math.pi, "π": math.pi}


class NumberParseError(ValueError):
    """The text is not a number in the answer syntax; ``str(error)`` is a learner-facing hint.

    ``position`` is the 0-based character offset of the problem when known, else ``None``.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _sqrt(x: float) -> float:
    if x < 0:
        raise NumberParseError(_("sqrt of a negative number is not a real number."))
    return math.sqrt(x)


def _ln(x: float) -> float:
    if x <= 0:
        raise NumberParseError(_("ln and log are only defined for positive numbers."))
    return math.log(x)


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise NumberParseError(_("The number is too large.")) from None


_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": _exp,
    "ln": _ln,
    "log": _ln,
    "sqrt": _sqrt,
}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num", "name", "op", "(", ")", "end"
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            continue
        if ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUMBER.match(text, i)
            if m is None:  # pragma: no cover - the guard above guarantees a match
                raise NumberParseError(_(EXAMPLE_HINT), i)
            tokens.append(_Token("num", m.group(), i))
            i = m.end()
            continue
        if ch == "*" and i + 1 < n and text[i + 1] == "*":
            tokens.append(_Token("op", "^", i))
            i += 2
            continue
        if ch in "+-*/^":
            tokens.append(_Token("op", ch, i))
            i += 1
            continue
        if ch in "()":
            tokens.append(_Token(ch, ch, i))
            i += 1
            continue
        m = _NAME.match(text, i)
        if m is not None:
            tokens.append(_Token("name", m.group(), i))
            i = m.end()
            continue
        raise NumberParseError(_("'{character}' cannot be part of a number. {hint}").format(
            character=text[i], hint=_(EXAMPLE_HINT)), i)
    tokens.append(_Token("end", "", n))
    return tokens


class _Parser:
    """Recursive-descent evaluator over the token list; each rule returns a finite float."""

    def __init__(self, tokens: list[_Token], source: str) -> None:
        self.tokens = tokens
        self.source = source
        """The text as typed (tokens hold it with ``_CHAR_ALIASES`` applied)."""
        self.i = 0
        self.depth = 0

    def typed(self, tok: _Token) -> str:
        """``tok`` as the learner typed it (``×`` stays ``×``), for quoting in a message."""
        return self.source[tok.pos : tok.pos + len(tok.text)]

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def enter(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise NumberParseError(_("The expression is nested too deeply."), self.tok.pos)

    def parse(self) -> float:
        if self.tok.kind == "end":
            raise NumberParseError(_(EXAMPLE_HINT), 0)
        value = self.expr()
        tok = self.tok
        if tok.kind == ")":
            raise NumberParseError(_("There is a ')' without a matching '('."), tok.pos)
        if tok.kind != "end":
            raise NumberParseError(
                _("Unexpected '{text}': put an operator such as * between the parts.").format(
                    text=self.typed(tok)),
                tok.pos,
            )
        return value

    def expr(self) -> float:
        value = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance().text
            rhs = self.term()
            value = _checked(value + rhs if op == "+" else value - rhs)
        return value

    def term(self) -> float:
        value = self.unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            op = self.advance()
            rhs = self.unary()
            if op.text == "*":
                value = _checked(value * rhs)
            else:
                if rhs == 0:
                    raise NumberParseError(_("Division by zero."), op.pos)
                value = _checked(value / rhs)
        return value

    def unary(self) -> float:
        if self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance().text
            self.enter()
            value = self.unary()
            self.depth -= 1
            return -value if op == "-" else value
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.tok.kind == "op" and self.tok.text == "^":
            op = self.advance()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return _power(base, exponent, op.pos)
        return base

    def atom(self) -> float:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            value = float(tok.text)
            if math.isinf(value):
                raise NumberParseError(_("The number is too large."), tok.pos)
            return value
        if tok.kind == "(":
            self.advance()
            return self.parenthesised(tok)
        if tok.kind == "name":
            self.advance()
            name = tok.text.lower() if tok.text != "π" else tok.text
            if name in _CONSTANTS:
                return _CONSTANTS[name]
            if name in _FUNCTIONS:
                if self.tok.kind != "(":
                    raise NumberParseError(
                        _("Write {name} with parentheses, e.g. {name}(2).").format(name=name),
                        self.tok.pos,
                    )
                self.advance()
                return _FUNCTIONS[name](self.parenthesised(tok))
            raise NumberParseError(
                _("'{text}' is not a number. {hint} (Known names: e, pi, exp, ln, log, sqrt.)")
                .format(text=self.typed(tok), hint=_(EXAMPLE_HINT)),
                tok.pos,
            )
        if tok.kind == "end":
            raise NumberParseError(
                _("The expression ends too early: a number is missing."), tok.pos
            )
        if tok.kind == ")":
            raise NumberParseError(_("A number is missing before ')'."), tok.pos)
        raise NumberParseError(_("A number is missing before '{text}'.").format(
            text=self.typed(tok)), tok.pos)

    def parenthesised(self, opening: _Token) -> float:
        self.enter()
        value = self.expr()
        self.depth -= 1
        if self.tok.kind != ")":
            if self.tok.kind == "end":
                raise NumberParseError(_("Missing ')'."), opening.pos)
            raise NumberParseError(
                _("Unexpected '{text}': expected ')'.").format(text=self.typed(self.tok)),
                self.tok.pos,
            )
        self.advance()
        return value


def _checked(value: float) -> float:
    if math.isinf(value):
        raise NumberParseError(_("The number is too large."))
    if math.isnan(value):
        raise NumberParseError(_("The result is not a number."))
    return value


def _power(base: float, exponent: float, pos: int) -> float:
    if base == 0 and exponent < 0:
        raise NumberParseError(_("Division by zero."), pos)
    if base < 0 and not exponent.is_integer():
        raise NumberParseError(
            _("A negative number to a fractional power is not a real number."), pos
        )
    try:
        return _checked(math.pow(base, exponent))
    except OverflowError:
        raise NumberParseError(_("The number is too large."), pos) from None


def parse_number(text: str) -> float:
    """Return the value of ``text`` in the answer syntax as a finite float.

    Accepts decimals and scientific notation (``0.25``, ``.25``, ``2.5e-1``, ``-0``), the operators
    ``+ - * / ^ **``, parentheses, the constants ``e``, ``pi``/``π`` and the functions
    ``exp ln log sqrt``. Raises :class:`NumberParseError` (a ``ValueError``) with a short hint for
    the learner when the text is empty, malformed, divides by zero or overflows.
    """
    if not isinstance(text, str):
        raise NumberParseError(_(EXAMPLE_HINT))
    if len(text) > _MAX_LENGTH:
        raise NumberParseError(_("That is too long for a number."))
    if not text.strip():
        raise NumberParseError(_(EXAMPLE_HINT))
    # Every alias is one character, so error positions still index the original text.
    return _Parser(_tokenize(text.translate(_CHAR_ALIASES)), text).parse()
