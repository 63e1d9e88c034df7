"""Mapping-rule conditions: a small expression language over the payload.

    $.type == "torque" and $.ok != false
    $.station in ["S1", "S2"] and not ($.value < 0)
    $.mode == 3 or $.flags[0] == true

Operands are JSONPaths (see `app.telemetry.jsonpath`; a path that matches nothing is
`null`), numbers, strings in single or double quotes, `true`, `false`, `null` and lists of
literals. Operators: `==` `!=` `<` `<=` `>` `>=` `in`, `and`, `or`, `not`, parentheses.
A bare operand is true when it is not null, false, 0 or empty. Comparing different types is
simply false, never an error: a condition is parsed (and refused) when the rule is created,
and evaluating it can never fail.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.telemetry import jsonpath

MAX_LENGTH = 1000
_MAX_DEPTH = 32

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<path>\$(?:
        \.\* | \.[A-Za-z_][A-Za-z0-9_\-]*
        | \[\s*(?:-?\d+|\*|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*\]
      )*)
    | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<op>==|!=|<=|>=|<|>)
    | (?P<punct>[()\[\],])
    | (?P<word>[A-Za-z_]+)
    """,
    re.VERBOSE,
)
_WORDS = {"and", "or", "not", "in", "true", "false", "null"}


class ConditionError(ValueError):
    """The condition cannot be parsed."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    at: int


Node = Callable[[Any], Any]


def _tokens(source: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(source):
        match = _TOKEN.match(source, i)
        if match is None:
            raise ConditionError(f"unexpected {source[i]!r} at position {i + 1}")
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "word" and text not in _WORDS:
            raise ConditionError(
                f"unknown word {text!r} at position {i + 1} (paths start with $, strings "
                "are quoted)"
            )
        if kind != "space":
            out.append(_Token(kind, text, i + 1))
        i = match.end()
    return out


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _number(text: str, at: int) -> float | int:
    try:
        value: float | int = int(text) if re.fullmatch(r"-?\d+", text) else float(text)
    except ValueError as exc:  # pragma: no cover - the token pattern admits only numbers
        raise ConditionError(f"bad number at position {at}") from exc
    if isinstance(value, float) and not math.isfinite(value):
        raise ConditionError(f"number out of range at position {at}")
    return value


def _same_kind(a: Any, b: Any) -> bool:
    def kind(v: Any) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "bool"
        if isinstance(v, int | float):
            return "number"
        return type(v).__name__

    return kind(a) == kind(b)


def _equal(a: Any, b: Any) -> bool:
    return _same_kind(a, b) and bool(a == b)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "==":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    if op == "in":
        return isinstance(b, list) and any(_equal(a, item) for item in b)
    if not _same_kind(a, b) or a is None or isinstance(a, bool | dict | list):
        return False
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def _truthy(value: Any) -> bool:
    return value not in (None, False) and value != 0 and value != "" and value != [] and value != {}


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokens(source)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ConditionError("the condition ends too early")
        self.i += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise ConditionError(f"expected {text!r} at position {token.at}, found {token.text!r}")

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            raise ConditionError(f"unexpected {token.text!r} at position {token.at}")
        return node

    def _nested(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ConditionError("the condition is nested too deeply")

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while (token := self.peek()) is not None and token.text == "or":
            self.take()
            parts.append(self.and_expr())
        if len(parts) == 1:
            return parts[0]
        return lambda doc: any(_truthy(p(doc)) for p in parts)

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while (token := self.peek()) is not None and token.text == "and":
            self.take()
            parts.append(self.not_expr())
        if len(parts) == 1:
            return parts[0]
        return lambda doc: all(_truthy(p(doc)) for p in parts)

    def not_expr(self) -> Node:
        token = self.peek()
        if token is not None and token.text == "not":
            self.take()
            self._nested()
            inner = self.not_expr()
            self.depth -= 1
            return lambda doc: not _truthy(inner(doc))
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        token = self.peek()
        if token is None or not (token.kind == "op" or token.text == "in"):
            return left
        op = self.take().text
        right = self.operand()
        return lambda doc: _compare(op, left(doc), right(doc))

    def operand(self) -> Node:
        token = self.take()
        if token.kind == "path":
            try:
                path = jsonpath.parse(token.text)
            except jsonpath.JsonPathError as exc:
                raise ConditionError(f"{exc} (in the path at position {token.at})") from exc
            return lambda doc: _path_value(path, doc)
        if token.text == "(":
            self._nested()
            inner = self.or_expr()
            self.depth -= 1
            self.expect(")")
            return inner
        if token.text == "[":
            items = self.literal_list()
            return lambda doc: items
        value = self.literal(token)
        return lambda doc: value

    def literal(self, token: _Token) -> Any:
        if token.kind == "number":
            return _number(token.text, token.at)
        if token.kind == "string":
            return _unquote(token.text)
        if token.text == "true":
            return True
        if token.text == "false":
            return False
        if token.text == "null":
            return None
        raise ConditionError(f"expected a value at position {token.at}, found {token.text!r}")

    def literal_list(self) -> list[Any]:
        items: list[Any] = []
        token = self.peek()
        if token is not None and token.text == "]":
            self.take()
            return items
        while True:
            items.append(self.literal(self.take()))
            token = self.take()
            if token.text == "]":
                return items
            if token.text != ",":
                raise ConditionError(f"expected ',' or ']' at position {token.at}")


def _path_value(path: jsonpath.JsonPath, document: Any) -> Any:
    found, value = jsonpath.first(path, document)
    return value if found else None


@dataclass(frozen=True)
class Condition:
    text: str
    _node: Node

    def __call__(self, document: Any) -> bool:
        return _truthy(self._node(document))


def parse(text: str) -> Condition:
    """Parse a condition; `ConditionError` says what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"a condition may be at most {MAX_LENGTH} characters")
    if not text.strip():
        raise ConditionError("the condition is empty")
    return Condition(text, _Parser(text).parse())
