"""The JSONPath subset mapping rules use to read fields out of machine payloads.

    $                  the whole document
    .name  ['name']    a member (bracket form for any key: ['torque [Nm]'], ["it's"])
    [3]  [-1]          an array element (negative counts from the end)
    .*  [*]            every member / element: the path then yields a list

No filters, slices or recursive descent: a mapping reads known places, and everything a path
can do is checked when the rule is created (a bad path is refused then, never at run time).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MAX_LENGTH = 500

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_INDEX = re.compile(r"\s*(-?\d{1,9})\s*\]")
_WILDCARD = re.compile(r"\s*\*\s*\]")


class JsonPathError(ValueError):
    """The expression is not a JSONPath this subset understands."""


@dataclass(frozen=True, slots=True)
class _Step:
    kind: str  # "key", "index" or "all"
    key: str | int | None = None


@dataclass(frozen=True, slots=True)
class JsonPath:
    text: str
    steps: tuple[_Step, ...]

    @property
    def multiple(self) -> bool:
        """A wildcard path yields a list of every match."""
        return any(step.kind == "all" for step in self.steps)

    def find(self, document: Any) -> list[Any]:
        """Every value the path selects (empty when nothing matches)."""
        current = [document]
        for step in self.steps:
            following: list[Any] = []
            for value in current:
                following.extend(_apply(step, value))
            current = following
            if not current:
                break
        return current


def _apply(step: _Step, value: Any) -> list[Any]:
    if step.kind == "key":
        if isinstance(value, Mapping) and step.key in value:
            return [value[step.key]]
        return []
    if step.kind == "index":
        assert isinstance(step.key, int)
        if isinstance(value, list) and -len(value) <= step.key < len(value):
            return [value[step.key]]
        return []
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, list):
        return list(value)
    return []


def _quoted(text: str, at: int) -> tuple[str, int]:
    """A quoted key starting at `at` (the quote): its value and the index after it."""
    quote = text[at]
    out: list[str] = []
    i = at + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in (quote, "\\"):
            out.append(text[i + 1])
            i += 2
            continue
        if char == quote:
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise JsonPathError(f"unterminated quoted key at position {at + 1}")


def parse(text: str) -> JsonPath:
    """Parse a JSONPath; `JsonPathError` says what is wrong and where."""
    if not isinstance(text, str) or not text.strip():
        raise JsonPathError("a JSONPath is required, e.g. $.value")
    if len(text) > MAX_LENGTH:
        raise JsonPathError(f"a JSONPath may be at most {MAX_LENGTH} characters")
    source = text.strip()
    if not source.startswith("$"):
        raise JsonPathError("a JSONPath starts with $ (the document root), e.g. $.value")
    steps: list[_Step] = []
    i = 1
    while i < len(source):
        char = source[i]
        if char == ".":
            if source.startswith("..", i):
                raise JsonPathError(f"recursive descent (..) is not supported (position {i + 1})")
            if source.startswith(".*", i):
                steps.append(_Step("all"))
                i += 2
                continue
            match = _NAME.match(source, i + 1)
            if match is None:
                raise JsonPathError(f"expected a member name after '.' at position {i + 1}")
            steps.append(_Step("key", match.group()))
            i = match.end()
        elif char == "[":
            j = i + 1
            while j < len(source) and source[j] == " ":
                j += 1
            if j < len(source) and source[j] in "'\"":
                key, end = _quoted(source, j)
                while end < len(source) and source[end] == " ":
                    end += 1
                if end >= len(source) or source[end] != "]":
                    raise JsonPathError(f"expected ']' at position {end + 1}")
                steps.append(_Step("key", key))
                i = end + 1
            elif match := _INDEX.match(source, i + 1):
                steps.append(_Step("index", int(match.group(1))))
                i = match.end()
            elif match := _WILDCARD.match(source, i + 1):
                steps.append(_Step("all"))
                i = match.end()
            else:
                raise JsonPathError(
                    f"expected an index, '*' or a quoted key inside [] at position {i + 1}"
                )
        else:
            raise JsonPathError(f"unexpected {char!r} at position {i + 1}")
    return JsonPath(source, tuple(steps))


def first(path: JsonPath, document: Any) -> tuple[bool, Any]:
    """(found, value) for a single-valued path; a wildcard path gives the list of matches."""
    found = path.find(document)
    if path.multiple:
        return True, found
    if not found:
        return False, None
    return True, found[0]


def is_sequence(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)
