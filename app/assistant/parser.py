"""The assistant's command language: a plain-language sentence becomes one tool call.

Deterministic and pure (no database, no network, no language model): the parser only maps a
sentence to a tool name and its arguments, or says what is missing or ambiguous, or that it
did not understand (with the closest sentences it knows). Resolving names against the plant
(a workstation called "Station 2", a test called "torque", a defect described as "cold
solder") is the tool layer's job (`app.assistant.tools`).

The grammar, intent by intent, is in docs/assistant.md. References:
- orders: `PO-0001`, `PO-1`, `po 12`, `order 12` → `PO-0001`-style numbers (at least 4 digits);
- serials: `<PREFIX>-<digits>` (`SMX-00042`, `smx-42`): the prefix upper-cased, the digits as
  typed (a unit not found so is looked up padded to its part's scheme, `app.assistant.service`);
- numbers: `52`, `52.5`, `-0.3`, `1,000`, and the words one … twenty and "a dozen";
  a unit may follow (`52 Nm`, `52Nm`, `3.3 V`, `12 °C`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from app.assistant import lexicon as lx

# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Understood:
    """The sentence is one call of `tool` with `arguments`."""

    tool: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Question:
    """The sentence names a known intent but something is missing or ambiguous: ask back."""

    text: str
    tool: str | None = None


@dataclass(frozen=True)
class NotUnderstood:
    """No intent matched: say so, with the closest known sentences."""

    text: str
    suggestions: tuple[str, ...] = field(default_factory=tuple)


Parsed = Understood | Question | NotUnderstood

# One example per intent (shown as suggestions, and in `help`).
EXAMPLES: dict[str, str] = {
    "generate_units": "Generate 10 units for PO-0001",
    "move_unit": "Move SMX-00042 to the next step",
    "gate_decision": "Pass SMX-00042 at the gate",
    "record_measurement": "Record torque 52 Nm for SMX-00038",
    "wip": "How many units are at Station 2?",
    "order_status": "What is the status of PO-0001?",
    "find_unit": "Where is SMX-00042?",
    "unit_history": "Show me the history of SMX-00042",
    "unit_record": "Show the record of SMX-00042",
    "quality_failures": "What failed today?",
    "open_issue": "Open a MAT issue at Station 2: screws M4 out of stock",
    "scrap_unit": "Scrap SMX-00015 — failed solder inspection",
    "rework_unit": "Rework SMX-00015 to step 1",
    "cancel_order": "Cancel PO-0003 — customer withdrew the order",
}
# More phrasings, for the closest-sentence suggestions only.
_MORE_EXAMPLES: dict[str, str] = {
    "move SMX-00042 on": "move_unit",
    "SMX-00042 fails the gate, defect SOLDER": "gate_decision",
    "Torque 52 Nm on SMX-00038": "record_measurement",
    "What is the WIP?": "wip",
    "Where is PO-0001?": "order_status",
    "What happened to SMX-00042?": "unit_history",
    "Which units failed today?": "quality_failures",
    "Report a problem at Station 2: conveyor jammed": "open_issue",
    "Send SMX-00015 back to step 2": "rework_unit",
}

# The words that start or carry an intent: misspellings of them are suggested back.
VERBS = (
    "generate",
    "create",
    "make",
    "move",
    "advance",
    "pass",
    "fail",
    "record",
    "measure",
    "scrap",
    "rework",
    "cancel",
    "open",
    "raise",
    "report",
    "history",
    "status",
    "where",
    "show",
    "find",
    "failed",
    "wip",
    "help",
)


def _one_serial(refs: lx.Refs, tool: str, what: str) -> str | Question:
    if not refs.serials:
        return Question(f"Which unit should I {what}? Give its serial, e.g. SMX-00042.", tool)
    if len(refs.serials) > 1:
        names = " or ".join(refs.serials)
        return Question(f"Which unit: {names}? I {what} one unit at a time.", tool)
    return refs.serials[0]


def _about_one(refs: lx.Refs, tool: str, what: str) -> Parsed:
    serial = _one_serial(refs, tool, what)
    return serial if isinstance(serial, Question) else Understood(tool, {"serial": serial})


def _one_order(refs: lx.Refs, tool: str, what: str) -> str | Question:
    if not refs.orders:
        return Question(f"Which order should I {what}? Give its number, e.g. PO-0001.", tool)
    if len(refs.orders) > 1:
        return Question(f"Which order: {' or '.join(refs.orders)}?", tool)
    return refs.orders[0]


# -- intents ---------------------------------------------------------------------------------

_HELP = re.compile(r"^\s*(?:help|\?|what can you do|commands|examples)\s*[?.!]*\s*$", re.I)
_HISTORY = re.compile(r"\b(?:history|what happened (?:to|with)|trace|timeline|events? of)\b", re.I)
_RECORD_DOC = re.compile(
    r"\b(?:(?:unit|device history|production|full)\s+record|dhr)\b|"
    r"^(?:please\s+)?(?:show|get|give|print|open|display|fetch)\b(?:\s+me)?(?:\s+the)?\s+record\b",
    re.I,
)
_FAILURES = re.compile(r"\b(?:fail(?:ed|s|ures?|ing)?|rejects?|rejected|scrapped|defects?)\b", re.I)
_PERIOD = re.compile(r"\b(today|yesterday|this shift|so far)\b", re.I)
_ASKING = re.compile(r"^\s*(?:what|which|show|list|any|were there|did|how many|give)\b", re.I)
_HOW_MANY = re.compile(r"\bhow many\b|\bwip\b|\bwork in progress\b|\bcount of units\b", re.I)
_STATUS = re.compile(
    r"\b(?:status|state|progress|how is|how's|how far|where is|where's|where are|find|"
    r"look ?up|show|tell me about|info(?:rmation)? (?:on|about)|details)\b",
    re.I,
)
_GENERATE = re.compile(
    r"\b(?:generate|create|make|release|produce|add|build|print|new)\b.*"
    r"\b(?:units?|serials?|pieces?|pcs|serial numbers?|labels?)\b|^\s*generate\b",
    re.I,
)
_CANCEL = re.compile(r"\b(?:cancel|abort|call off|kill)\b", re.I)
_SCRAP = re.compile(r"\b(?:scrap|scrapped|junk|discard|bin|throw (?:away|out))\b", re.I)
_REWORK = re.compile(r"\b(?:rework|redo|send\b.*\bback|back to step)\b", re.I)
_ISSUE = re.compile(
    r"\b(?:open|raise|report|log|create|file|flag|start|pull)\b.*\b(?:issue|problem|andon|"
    r"alarm|incident|stoppage)\b|^\s*andon\b",
    re.I,
)
_MEASURE = re.compile(
    r"\b(?:record|measure|measured|measurement|log|enter|reading|reads|set)\b|[=:]\s*[-+]?\d",
    re.I,
)
_PASS = re.compile(r"\b(?:pass|passed|passes|approve|approved|ok|good|accept|accepted)\b", re.I)
_FAIL = re.compile(r"\b(?:fail|failed|fails|reject|rejected|nok|not ok|bad)\b", re.I)
_MOVE = re.compile(
    r"\b(?:move|moved|advance|next|forward|push|proceed|continue|go on|on to|onwards?|"
    r"(?:complete|completed|finish|finished|done with)(?: the)?(?: current)? step|done|start|"
    r"started|begin|release|send)\b",
    re.I,
)
_FILLER = {
    "record",
    "recorded",
    "measure",
    "measured",
    "measurement",
    "log",
    "logged",
    "enter",
    "set",
    "reading",
    "reads",
    "read",
    "a",
    "an",
    "the",
    "value",
    "of",
    "for",
    "on",
    "is",
    "was",
    "at",
    "to",
    "please",
    "unit",
    "with",
    "result",
    "as",
}


def parse(text: str) -> Parsed:
    """Map one sentence to a tool call, a question back, or "not understood"."""
    text = lx.DASHES.sub(" — ", text.strip())
    text = re.sub(r"\s+", " ", text)
    if not text or _HELP.match(text):
        return Question(help_text())
    refs = lx.references(text)
    low = text.lower()

    # Questions (read-only) first: "what failed today" must not become a gate failure.
    if _RECORD_DOC.search(text) and not lx.numbers(refs.rest):
        return _about_one(refs, "unit_record", "show the record of")
    if _HISTORY.search(text) and refs.serials:
        return _about_one(refs, "unit_history", "show the history of")
    if (
        _FAILURES.search(text)
        and not refs.serials
        and (_PERIOD.search(text) or _ASKING.match(text))
        and not _SCRAP.match(text)
    ):
        period = _PERIOD.search(text)
        day = "yesterday" if period and period.group(1).lower() == "yesterday" else "today"
        return Understood("quality_failures", {"day": day})
    if _HOW_MANY.search(text):
        if refs.orders and not lx.PLACE.search(refs.rest):
            return Understood("order_status", {"order": refs.orders[0]})
        return Understood("wip", _place(refs.rest))

    # Commands.
    if _ISSUE.search(text) and not _SCRAP.search(text.split(":")[0]):
        return _open_issue(text, refs)
    if _CANCEL.search(text):
        if refs.serials and not refs.orders:
            return Question(
                f"A unit is not cancelled: to end {refs.serials[0]}, scrap it "
                f"(e.g. “Scrap {refs.serials[0]} — reason”).",
                "scrap_unit",
            )
        order = _one_order(refs, "cancel_order", "cancel")
        if isinstance(order, Question):
            return order
        args: dict[str, Any] = {"order": order}
        if reason := lx.tail(refs.rest):
            args["reason"] = reason
        return Understood("cancel_order", args)
    if _SCRAP.search(text):
        return _scrap(text, refs)
    if _REWORK.search(text) and refs.serials:
        return _rework(text, refs)
    if _GENERATE.search(text) and (refs.orders or not refs.serials):
        return _generate(text, refs)
    if (refs.serials and lx.numbers(refs.rest) and _MEASURE.search(text)) or _measurement_shape(
        refs
    ):
        return _measurement(refs)
    if refs.serials and (_PASS.search(refs.rest) or _FAIL.search(refs.rest)):
        return _gate(text, refs)
    if refs.serials and _MOVE.search(text):
        return _move(refs)
    if _STATUS.search(text) or re.fullmatch(r"[\s?]*", refs.rest.replace("?", "")):
        if refs.orders and not refs.serials:
            return Understood("order_status", {"order": refs.orders[0]})
        if refs.serials:
            return _about_one(refs, "find_unit", "look up")
    return _not_understood(text, low)


def _place(rest: str) -> dict[str, Any]:
    m = lx.PLACE.search(rest)
    if m is None:
        return {}
    kind, name = (m.group(1) or "").lower(), m.group(2).strip(" .?!")
    if name.lower() in {"progress", "total", "all", "the plant", "plant", "wip", "work"}:
        return {}
    if kind == "line":
        return {"line": name}
    if kind:  # "at station 2": keep the word, it is usually part of the name
        return {"workstation": f"{m.group(1)} {name}" if kind == "station" else name}
    return {"workstation": name}


def _generate(text: str, refs: lx.Refs) -> Parsed:
    order = _one_order(refs, "generate_units", "generate units for")
    numbers = [(v, unit) for v, unit, *_ in lx.numbers(refs.rest)]
    if isinstance(order, Question):
        if numbers:
            return Question(
                f"For which order should I generate {_shown(numbers[0][0])} units? "
                "Give its number, e.g. PO-0001.",
                "generate_units",
            )
        return order
    if not numbers:
        return Question(f"How many units should I generate for {order}?", "generate_units")
    if len(numbers) > 1:
        shown = " or ".join(_shown(v) for v, _ in numbers)
        return Question(f"How many units for {order}: {shown}?", "generate_units")
    count = lx.count(numbers[0][0])
    if count is None or count < 1:
        return Question(
            f"I can generate a whole, positive number of units, not {_shown(numbers[0][0])}.",
            "generate_units",
        )
    return Understood("generate_units", {"order": order, "count": count})


def _shown(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _move(refs: lx.Refs) -> Parsed:
    serial = _one_serial(refs, "move_unit", "move")
    if isinstance(serial, Question):
        return serial
    args: dict[str, Any] = {"serial": serial}
    if m := re.search(r"\bfrom\s+step\s*(\d{1,5})\b", refs.rest, re.I):
        args["expected_step"] = int(m.group(1))
    elif (m := re.search(r"\bto\s+step\s*(\d{1,5})\b", refs.rest, re.I)) and int(m.group(1)):
        args["expected_step"] = int(m.group(1)) - 1  # "to step 3" = from step 2
    return Understood("move_unit", args)


def _gate(text: str, refs: lx.Refs) -> Parsed:
    serial = _one_serial(refs, "gate_decision", "decide the gate of")
    if isinstance(serial, Question):
        return serial
    failed = bool(_FAIL.search(refs.rest))
    said_pass = _PASS.search(re.sub(r"\bnot ok\b", "", refs.rest, flags=re.I))
    if failed and said_pass:
        return Question(f"Did {serial} pass or fail the gate?", "gate_decision")
    args: dict[str, Any] = {"serial": serial, "result": "fail" if failed else "pass"}
    if defect := lx.defect(text):
        args["defect_code"] = defect
    if notes := lx.tail(refs.rest):
        if failed and "defect_code" not in args:
            args["defect"] = notes  # a description: the tool layer matches it to a code
        args["notes"] = notes
    return Understood("gate_decision", args)


def _scrap(text: str, refs: lx.Refs) -> Parsed:
    serial = _one_serial(refs, "scrap_unit", "scrap")
    if isinstance(serial, Question):
        return serial
    reason = lx.tail(refs.rest)
    if reason is None:
        m = re.search(
            r"\b(?:scrap|scrapped|junk|discard|bin)\b\s*(?:it\s+)?(?:for\s+)?(.+)$", refs.rest, re.I
        )
        reason = m.group(1).strip(" .!") if m and m.group(1).strip(" .!") else None
    if reason is None:
        return Question(
            f"Why should {serial} be scrapped? Say e.g. “Scrap {serial} — cracked housing”.",
            "scrap_unit",
        )
    args: dict[str, Any] = {"serial": serial, "reason": reason}
    if defect := lx.defect(text):
        args["defect_code"] = defect
    else:
        args["defect"] = reason  # matched to a defect code by its description, if one fits
    return Understood("scrap_unit", args)


def _rework(text: str, refs: lx.Refs) -> Parsed:
    serial = _one_serial(refs, "rework_unit", "rework")
    if isinstance(serial, Question):
        return serial
    m = lx.STEP.search(refs.rest) or re.search(r"\bback to\s+(\d{1,5})\b", refs.rest, re.I)
    if m is None:
        return Question(
            f"To which step should {serial} go back? Say e.g. “Rework {serial} to step 1”.",
            "rework_unit",
        )
    args: dict[str, Any] = {"serial": serial, "to_step": int(m.group(1))}
    if defect := lx.defect(text):
        args["defect_code"] = defect
    if notes := lx.tail(refs.rest):
        args["notes"] = notes
    return Understood("rework_unit", args)


def _measurement_shape(refs: lx.Refs) -> bool:
    """ "Torque 52 Nm on SMX-00038": a name, then a number (with a unit), and one serial."""
    if len(refs.serials) != 1:
        return False
    return bool(
        re.match(r"^\s*[A-Za-z][\w ]{0,40}?\s*(?:=|:|is|of)?\s*[-+]?\d", refs.rest)
        and lx.numbers(refs.rest)
        and not _MOVE.match(refs.rest)
    )


def _measurement(refs: lx.Refs) -> Parsed:
    serial = _one_serial(refs, "record_measurement", "record a measurement for")
    if isinstance(serial, Question):
        return serial
    numbers = lx.numbers(refs.rest)
    if not numbers:
        return Question(f"What value should I record for {serial}?", "record_measurement")
    first_start = numbers[0][2]
    words = re.findall(r"[A-Za-z][\w-]*", refs.rest[:first_start])
    if not words:  # "record 52 Nm torque for SMX-1": the name follows the value
        words = re.findall(r"[A-Za-z][\w-]*", refs.rest[numbers[-1][3] :])
    name = " ".join(w for w in words if w.lower() not in _FILLER)
    if not name:
        return Question(
            f"Which test is {_shown(numbers[0][0])} for? "
            f"Say e.g. “Record torque 52 Nm for {serial}”.",
            "record_measurement",
        )
    args: dict[str, Any] = {"serial": serial, "test": name}
    if len(numbers) == 1:
        args["value"] = numbers[0][0]
    else:
        args["values"] = [v for v, *_ in numbers]
    units = {u for _, u, *_ in numbers if u}
    if len(units) == 1:
        args["unit"] = units.pop()
    return Understood("record_measurement", args)


def _open_issue(text: str, refs: lx.Refs) -> Parsed:
    head, _, title = text.partition(":")
    if not title:
        parts = re.split(r"\s—\s|\b(?:about|because|saying)\b", text, maxsplit=1)
        head, title = (parts[0], parts[1]) if len(parts) == 2 else (text, "")
    title = title.strip(" .!")
    args: dict[str, Any] = {}
    m = re.search(
        r"\b(?:open|raise|report|log|create|file|flag|start|pull)\s+(?:an?|the|new)?\s*"
        r"(?:new\s+)?(.*?)\s*\b(?:issue|problem|andon|alarm|incident|stoppage)\b",
        head,
        re.I,
    )
    kind = (m.group(1) if m else "").strip()
    kind = re.sub(r"^(?:blocking|urgent)\s+", "", kind, flags=re.I).strip()
    if kind:
        args["type"] = kind
    if refs.orders:
        args["order"] = refs.orders[0]
    if refs.serials:
        args["serial"] = refs.serials[0]
    place = lx.PLACE.search(lx.references(head).rest)
    if place is not None:
        found = _place(place.group(0))
        args.update(found)
    if not title:
        return Question(
            "What is the issue? Say e.g. “Open a MAT issue at Station 2: screws M4 out of stock”.",
            "open_issue",
        )
    args["title"] = title[:200]
    return Understood("open_issue", args)


def _not_understood(text: str, low: str) -> NotUnderstood:
    # Similarity is quadratic in the length: a command is short, so its start is enough.
    low = low[:120]
    words = lx.words(low)
    hints: list[str] = []
    for word in re.findall(r"[a-z]+", low)[:20]:
        close = difflib.get_close_matches(word, VERBS, n=1, cutoff=0.75)
        if close and close[0] != word:
            hints.append(close[0])
    sentences = {**{v: k for k, v in EXAMPLES.items()}, **_MORE_EXAMPLES}
    scored = sorted(
        sentences,
        key=lambda s: (
            difflib.SequenceMatcher(None, low, s.lower()).ratio() + 0.3 * len(lx.words(s) & words)
        ),
        reverse=True,
    )
    suggestions = tuple(dict.fromkeys(scored[:3]))
    reply = "I did not understand that."
    if hints:
        reply += f" Did you mean “{hints[0]}”?"
    reply += " Try e.g.: " + "; ".join(f"“{s}”" for s in suggestions)
    return NotUnderstood(reply, suggestions)


def help_text() -> str:
    return "I understand sentences like: " + "; ".join(f"“{s}”" for s in EXAMPLES.values())
