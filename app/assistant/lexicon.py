"""The command language's words: references (orders, serials), numbers with units, places,
and the tails of sentences (a reason, a title). Pure functions over the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

DASHES = re.compile(r"\s*[\u2012\u2013\u2014\u2015]\s*|\s+-{1,2}\s+")
ORDER = re.compile(
    r"\b(?:po\s*-?\s*#?\s*(\d{1,9})|(?:production\s+)?order\s+(?:number\s+|no\.?\s*|#\s*)?(\d{1,9}))\b",
    re.IGNORECASE,
)
SERIAL = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]{0,19})-(\d{1,12})(?![\w-])")
_AFTER_CODE_WORD = re.compile(r"\b(?:defect|code|type|reason)\s*(?:code\s*)?[:=]?\s*$", re.I)
NUMBER = re.compile(r"(?<![\w.])([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d.]|,\d)")
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "a dozen": 12,
    "dozen": 12,
}
NUMBER_WORD = re.compile(
    r"\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.I
)
UNIT = re.compile(
    r"^\s*(n\s*[·.*]?\s*m|nm|kg|g|mg|mm|cm|µm|um|m|v|mv|kv|a|ma|w|kw|hz|khz|ohms?|Ω|kΩ|"
    r"°\s*[cf]|deg(?:rees)?\s*[cf]?|%|bar|mbar|psi|pa|kpa|s|ms|min|rpm|lux|db|n)(?![\w°])",
    re.I,
)
STEP = re.compile(r"\bstep\s*(?:#|no\.?|number)?\s*(\d{1,5})\b", re.I)
PLACE = re.compile(
    r"^.*\b(?:at|in|on)\s+(?:the\s+)?(?:(workstation|station|line)\s+)?([\w][\w .#/-]{0,60}?)"
    r"\s*(?:right now|now|currently|today)?\s*[?.!]*$",
    re.I,
)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def order_number(digits: str) -> str:
    """`12` → `PO-0012`: order numbers have at least four digits."""
    return f"PO-{int(digits):04d}"


@dataclass(frozen=True)
class Refs:
    orders: list[str]
    serials: list[str]
    rest: str  # the sentence with the references cut out


def references(text: str) -> Refs:
    orders: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in ORDER.finditer(text):
        number = order_number(m.group(1) or m.group(2))
        if number not in orders:
            orders.append(number)
        spans.append(m.span())
    serials: list[str] = []
    for m in SERIAL.finditer(text):
        prefix = m.group(1).upper()
        if prefix == "PO" or any(a <= m.start() < b for a, b in spans):
            continue
        if _AFTER_CODE_WORD.search(text[: m.start()]):
            spans.append(m.span())  # "defect SOLDER-01" names a defect code, not a unit
            continue
        serial = f"{prefix}-{m.group(2)}"
        if serial not in serials:
            serials.append(serial)
        spans.append(m.span())
    rest = text
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    return Refs(orders, serials, re.sub(r"\s+", " ", rest).strip())


def number(token: str) -> float:
    return float(token.replace(",", ""))


def numbers(text: str) -> list[tuple[float, str, int, int]]:
    """(value, unit, start, end) of every number in `text`, number words included."""
    found: list[tuple[float, str, int, int]] = []
    for m in NUMBER.finditer(text):
        unit = UNIT.match(text[m.end() :])
        if unit is None and text[m.end() : m.end() + 1].isalpha():
            continue  # "4x", "2nd": not a value
        found.append(
            (
                number(m.group(1)),
                re.sub(r"\s+", " ", unit.group(1)) if unit else "",
                m.start(),
                m.end() + (unit.end() if unit else 0),
            )
        )
    for m in NUMBER_WORD.finditer(text):
        found.append((float(NUMBER_WORDS[m.group(1).lower()]), "", m.start(), m.end()))
    found.sort(key=lambda item: item[2])
    return found


def count(value: float) -> int | None:
    return int(value) if value == int(value) else None


def tail(text: str) -> str | None:
    """What follows a dash, colon, "because" or "reason": a reason, a title, notes."""
    m = re.search(
        r"(?:\s—\s|:\s*|\b(?:because(?: of)?|reason(?: is)?:?|due to|as it|since)\s+)(.+)$",
        text,
        re.I,
    )
    if m is None:
        return None
    tail = m.group(1).strip(" .!")
    return tail or None


def defect(text: str) -> str | None:
    """An explicit defect code: "defect SOLDER", "code D-01", "defect code SCRATCH"."""
    m = re.search(r"\b(?:defect(?:\s+code)?|code)\s*[:=]?\s*([A-Za-z0-9][\w-]{0,31})", text, re.I)
    if m is None or m.group(1).lower() in {"is", "for", "of", "the", "a"}:
        return None
    return m.group(1)
