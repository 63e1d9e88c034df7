"""The command language, sentence by sentence: pure (no database)."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest

from app.assistant.parser import EXAMPLES, NotUnderstood, Question, Understood, parse

S = "SMX-00042"
M = "SMX-00038"
U = "SMX-00015"

# (sentence, tool, arguments): 75 sentences and their everyday variants.
UNDERSTOOD: list[tuple[str, str, dict[str, Any]]] = [
    # generate units: numbers as digits, words, with thousands separators; order references
    ("Generate 10 units for PO-0001", "generate_units", {"order": "PO-0001", "count": 10}),
    ("generate 5 units on PO-2", "generate_units", {"order": "PO-0002", "count": 5}),
    ("Create 12 serials for order 7", "generate_units", {"order": "PO-0007", "count": 12}),
    ("make five units for PO-0003", "generate_units", {"order": "PO-0003", "count": 5}),
    ("PO-0001: generate 25 units", "generate_units", {"order": "PO-0001", "count": 25}),
    ("produce a dozen units for PO-0001", "generate_units", {"order": "PO-0001", "count": 12}),
    ("Generate 1,000 units for PO-0004", "generate_units", {"order": "PO-0004", "count": 1000}),
    ("please generate 3 more units for po 5", "generate_units", {"order": "PO-0005", "count": 3}),
    ("generate 10 units for PO-12345", "generate_units", {"order": "PO-12345", "count": 10}),
    # move
    ("Move SMX-00042 to the next step", "move_unit", {"serial": S}),
    ("move SMX-00042 on", "move_unit", {"serial": S}),
    ("Advance SMX-42", "move_unit", {"serial": "SMX-42"}),
    ("next step for SMX-00042", "move_unit", {"serial": S}),
    ("SMX-00042 done", "move_unit", {"serial": S}),
    ("start SMX-00042", "move_unit", {"serial": S}),
    ("Move SMX-00042 from step 2", "move_unit", {"serial": S, "expected_step": 2}),
    ("Move SMX-00042 to step 3", "move_unit", {"serial": S, "expected_step": 2}),
    ("complete the current step for smx-00042", "move_unit", {"serial": S}),
    # gate decisions, defects by code or description
    ("Pass SMX-00042 at the gate", "gate_decision", {"serial": S, "result": "pass"}),
    ("SMX-00042 passed inspection", "gate_decision", {"serial": S, "result": "pass"}),
    ("approve SMX-00042", "gate_decision", {"serial": S, "result": "pass"}),
    (
        "SMX-00042 failed the gate, defect SOLDER",
        "gate_decision",
        {"serial": S, "result": "fail", "defect_code": "SOLDER"},
    ),
    (
        "fail SMX-00042 — cold solder joint",
        "gate_decision",
        {
            "serial": S,
            "result": "fail",
            "defect": "cold solder joint",
            "notes": "cold solder joint",
        },
    ),
    (
        "Reject SMX-00042 with defect code SCRATCH",
        "gate_decision",
        {"serial": S, "result": "fail", "defect_code": "SCRATCH"},
    ),
    ("SMX-00042 is not ok", "gate_decision", {"serial": S, "result": "fail"}),
    # measurements: numbers with units, negative, vectors, names before or after
    (
        "Record torque 52 Nm for SMX-00038",
        "record_measurement",
        {"serial": M, "test": "torque", "value": 52.0, "unit": "Nm"},
    ),
    (
        "Record torque 52Nm for SMX-00038",
        "record_measurement",
        {"serial": M, "test": "torque", "value": 52.0, "unit": "Nm"},
    ),
    (
        "torque 52 Nm on SMX-00038",
        "record_measurement",
        {"serial": M, "test": "torque", "value": 52.0, "unit": "Nm"},
    ),
    (
        "SMX-00038 torque = 52.5",
        "record_measurement",
        {"serial": M, "test": "torque", "value": 52.5},
    ),
    (
        "measure voltage 3.3 V on SMX-00038",
        "record_measurement",
        {"serial": M, "test": "voltage", "value": 3.3, "unit": "V"},
    ),
    (
        "log leak rate 0.02 mbar for SMX-00038",
        "record_measurement",
        {"serial": M, "test": "leak rate", "value": 0.02, "unit": "mbar"},
    ),
    (
        "Record torque -1.5 for SMX-00038",
        "record_measurement",
        {"serial": M, "test": "torque", "value": -1.5},
    ),
    (
        "record thickness 1.2, 1.3, 1.25 mm for SMX-00038",
        "record_measurement",
        {"serial": M, "test": "thickness", "values": [1.2, 1.3, 1.25], "unit": "mm"},
    ),
    (
        "enter temperature 23 °C for SMX-00038",
        "record_measurement",
        {"serial": M, "test": "temperature", "value": 23.0, "unit": "°C"},
    ),
    (
        "torque 52Nm on smx-38",
        "record_measurement",
        {"serial": "SMX-38", "test": "torque", "value": 52.0, "unit": "Nm"},
    ),
    # WIP: how many … at …
    ("How many units are at Station 2?", "wip", {"workstation": "Station 2"}),
    ("how many units at ST2", "wip", {"workstation": "ST2"}),
    ("How many units are in progress at Station 2?", "wip", {"workstation": "Station 2"}),
    ("How many units are at the end of line test?", "wip", {"workstation": "end of line test"}),
    ("how many units on line L1", "wip", {"line": "L1"}),
    ("what's the WIP", "wip", {}),
    ("Show me the work in progress", "wip", {}),
    ("How many units are at workstation ASM right now?", "wip", {"workstation": "ASM"}),
    # orders
    ("How many units has PO-0001 completed?", "order_status", {"order": "PO-0001"}),
    ("What is the status of PO-0001?", "order_status", {"order": "PO-0001"}),
    ("status of PO-1", "order_status", {"order": "PO-0001"}),
    ("how is PO-0001 doing?", "order_status", {"order": "PO-0001"}),
    ("where is order 12?", "order_status", {"order": "PO-0012"}),
    ("PO-0001?", "order_status", {"order": "PO-0001"}),
    # units
    ("Where is SMX-00042?", "find_unit", {"serial": S}),
    ("find SMX-42", "find_unit", {"serial": "SMX-42"}),
    ("SMX-00042?", "find_unit", {"serial": S}),
    ("what's the status of SMX-00042", "find_unit", {"serial": S}),
    ("Show me the history of SMX-00042", "unit_history", {"serial": S}),
    ("history SMX-00042", "unit_history", {"serial": S}),
    ("what happened to SMX-00042?", "unit_history", {"serial": S}),
    ("show the record of SMX-00042", "unit_record", {"serial": S}),
    ("device history record for SMX-00042", "unit_record", {"serial": S}),
    # what failed
    ("What failed today?", "quality_failures", {"day": "today"}),
    ("which units failed today?", "quality_failures", {"day": "today"}),
    ("show me today's failures", "quality_failures", {"day": "today"}),
    ("Which units were scrapped yesterday?", "quality_failures", {"day": "yesterday"}),
    ("any rejects today?", "quality_failures", {"day": "today"}),
    # issues
    (
        "Open a MAT issue at Station 2: screws M4 out of stock",
        "open_issue",
        {"type": "MAT", "workstation": "Station 2", "title": "screws M4 out of stock"},
    ),
    (
        "raise a material shortage issue on PO-0001: no screws",
        "open_issue",
        {"type": "material shortage", "order": "PO-0001", "title": "no screws"},
    ),
    (
        "report a problem with SMX-00042: scratched housing",
        "open_issue",
        {"serial": S, "title": "scratched housing"},
    ),
    (
        "andon at Station 3 — conveyor jammed",
        "open_issue",
        {"workstation": "Station 3", "title": "conveyor jammed"},
    ),
    # destructive: scrap, rework, cancel
    (
        "Scrap SMX-00015 — failed solder inspection",
        "scrap_unit",
        {"serial": U, "reason": "failed solder inspection", "defect": "failed solder inspection"},
    ),
    (
        "Scrap SMX-00015 - failed solder inspection",
        "scrap_unit",
        {"serial": U, "reason": "failed solder inspection", "defect": "failed solder inspection"},
    ),
    (
        "scrap SMX-00015 because the housing is cracked",
        "scrap_unit",
        {"serial": U, "reason": "the housing is cracked", "defect": "the housing is cracked"},
    ),
    (
        "Scrap SMX-00015: defect SCRATCH, housing scratched",
        "scrap_unit",
        {"serial": U, "reason": "defect SCRATCH, housing scratched", "defect_code": "SCRATCH"},
    ),
    (
        "please junk SMX-15 - dropped on the floor",
        "scrap_unit",
        {"serial": "SMX-15", "reason": "dropped on the floor", "defect": "dropped on the floor"},
    ),
    ("Rework SMX-00015 to step 1", "rework_unit", {"serial": U, "to_step": 1}),
    (
        "send SMX-00015 back to step 2 - loose screw",
        "rework_unit",
        {"serial": U, "to_step": 2, "notes": "loose screw"},
    ),
    (
        "rework SMX-00015 to step 2 defect SOLDER",
        "rework_unit",
        {"serial": U, "to_step": 2, "defect_code": "SOLDER"},
    ),
    (
        "Cancel PO-0003 — customer withdrew",
        "cancel_order",
        {"order": "PO-0003", "reason": "customer withdrew"},
    ),
    ("cancel order 3", "cancel_order", {"order": "PO-0003"}),
]


def test_the_table_is_large_and_covers_every_tool() -> None:
    assert len(UNDERSTOOD) >= 60
    assert {tool for _, tool, _ in UNDERSTOOD} == set(EXAMPLES)


@pytest.mark.parametrize(("sentence", "tool", "arguments"), UNDERSTOOD)
def test_sentence_becomes_a_tool_call(sentence: str, tool: str, arguments: dict[str, Any]) -> None:
    assert parse(sentence) == Understood(tool, arguments)


@pytest.mark.parametrize("tool", sorted(EXAMPLES))
def test_every_example_parses_to_its_own_tool(tool: str) -> None:
    parsed = parse(EXAMPLES[tool])
    assert isinstance(parsed, Understood)
    assert parsed.tool == tool


# (sentence, a fragment the question must contain): asked back, nothing run.
ASKED: list[tuple[str, str]] = [
    ("generate units for PO-0001", "How many units"),
    ("Generate 10 units", "For which order"),
    ("generate 2.5 units for PO-0001", "whole, positive number"),
    ("Generate 10 or 20 units for PO-0001", "10 or 20"),
    ("Move SMX-00042 and SMX-00043", "SMX-00042 or SMX-00043"),
    ("scrap SMX-00015", "Why should SMX-00015 be scrapped"),
    ("Scrap it — cracked", "Which unit"),
    ("Rework SMX-00015", "To which step"),
    ("cancel SMX-00015", "scrap it"),
    ("cancel the order", "Which order"),
    ("SMX-00042 passed and failed the gate", "pass or fail"),
    ("Open an issue at Station 2", "What is the issue"),
    ("help", "Generate 10 units for PO-0001"),
]


@pytest.mark.parametrize(("sentence", "fragment"), ASKED)
def test_missing_or_ambiguous_is_asked_back(sentence: str, fragment: str) -> None:
    parsed = parse(sentence)
    assert isinstance(parsed, Question), parsed
    assert fragment in parsed.text


@pytest.mark.parametrize(
    ("sentence", "hint", "closest"),
    [
        ("mvoe SMX-00042", "“move”", "Move SMX-00042 to the next step"),
        ("scarp SMX-00015 cracked", "“scrap”", None),
        ("fly to the moon", None, None),
        ("", None, None),
        ("colour the unit blue", None, None),
    ],
)
def test_unknown_is_said_with_suggestions(
    sentence: str, hint: str | None, closest: str | None
) -> None:
    parsed = parse(sentence)
    if not sentence:  # nothing said: the help text
        assert isinstance(parsed, Question)
        return
    assert isinstance(parsed, NotUnderstood), parsed
    assert parsed.text.startswith("I did not understand that.")
    assert len(parsed.suggestions) == 3
    if hint:
        assert f"Did you mean {hint}?" in parsed.text
    if closest:
        assert closest in parsed.suggestions


def test_a_defect_code_that_looks_like_a_serial_is_not_a_unit() -> None:
    parsed = parse("fail SMX-00042 defect SOL-01")
    assert parsed == Understood(
        "gate_decision", {"serial": S, "result": "fail", "defect_code": "SOL-01"}
    )


def test_any_text_gets_an_answer() -> None:
    """Word salad and noise of every length up to the body limit: always one of the three
    answers, never an exception."""
    rng = random.Random(7)
    vocabulary = [sentence.split() for sentence, _, _ in UNDERSTOOD]
    words = [w for sentence in vocabulary for w in sentence] + ["—", ":", "?", "1,000", "-5"]
    noise = string.printable + "\u2014\u2013°µΩ\u200b"
    for i in range(400):
        if i % 2:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 150)))[:1000]
        else:
            text = "".join(rng.choice(noise) for _ in range(rng.randint(0, 1000)))
        assert isinstance(parse(text), Understood | Question | NotUnderstood)
