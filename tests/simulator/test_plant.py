"""Plant description files: the shipped demo plant is valid, and a mistake is reported with
the line it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.simulator.plant import PlantFileError, load_plant, parse_plant
from tests.simulator.support import SMALL_PLANT


def _problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(PlantFileError) as caught:
        parse_plant(text, "plant.yaml")
    return [(p.line, p.where, p.message) for p in caught.value.problems]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_demo_plant_is_valid() -> None:
    plant = load_plant()
    assert [line.code for line in plant.lines] == ["L1", "L2", "L3"]
    assert {u.role for u in plant.users} == {"admin", "supervisor", "operator"}
    assert any(step.gate and step.tests for route in plant.routes for step in route.steps)
    assert {d.tracking for d in plant.demand} == {"serial", "batch"}
    blocking = {t.code for t in plant.issue_types if t.blocking}
    stations = [w for line in plant.lines for w in line.workstations]
    assert blocking and any(w.auto_issue_type in blocking for w in stations)
    assert plant.behaviour.lot_hold_share > 0


def test_the_documented_example_is_valid() -> None:
    """docs/simulator.md's plant file parses (the documentation does not drift)."""
    doc = (Path(__file__).parents[2] / "docs" / "simulator.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    plant = parse_plant(example, "docs/simulator.md")
    assert [line.code for line in plant.lines] == ["A", "C"]
    assert plant.routes[0].steps[0].install == ["CORE-1"]


def test_a_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(SMALL_PLANT, encoding="utf-8")
    assert load_plant(path).name == "Test plant"


def test_a_wrong_value_points_at_its_line() -> None:
    text = SMALL_PLANT.replace("ideal_cycle_s: 280,", "ideal_cycle_s: -5,")
    problems = _problems(text)
    assert len(problems) == 1
    line, where, message = problems[0]
    assert line == _line_of(text, "ideal_cycle_s: -5")
    assert where == "lines.0.workstations.1.ideal_cycle_s"
    assert "greater than 0" in message


def test_an_unknown_field_points_at_its_key() -> None:
    text = SMALL_PLANT.replace("    operators: 1\n", "    operators: 1\n    speed: 3\n", 1)
    ((line, where, message),) = _problems(text)
    assert line == _line_of(text, "speed: 3")
    assert where == "lines.1.speed" and "Extra inputs" in message


def test_a_missing_field_points_at_its_mapping() -> None:
    text = SMALL_PLANT.replace(
        "  - {code: LEAK, description: Leaks, severity: major}\n", "  - {code: LEAK}\n"
    )
    ((line, where, message),) = _problems(text)
    assert line == _line_of(text, "{code: LEAK}")
    assert where == "defects.0.description" and "required" in message.lower()


def test_an_unknown_reference_is_named() -> None:
    text = SMALL_PLANT.replace("workstation: A-TST", "workstation: A-NOPE")
    ((line, _, message),) = _problems(text)
    assert "unknown workstation A-NOPE" in message
    assert line == 1  # a cross-reference is the whole plant's


def test_an_installed_part_is_made_in_units() -> None:
    text = SMALL_PLANT.replace("install: [CORE-1]", "install: [SCR-2]")
    ((_, _, message),) = _problems(text)
    assert "unknown part made in units by another route (serial demand) SCR-2" in message


def test_an_alert_rule_needs_its_parameters() -> None:
    text = SMALL_PLANT.replace(", window_units: 20}", "}")
    ((line, where, message),) = _problems(text)
    assert line == _line_of(text, "name: Test yield")
    assert where == "alert_rules.0" and "a yield_below rule needs window_units" in message


def test_a_breakdown_names_a_known_issue_type() -> None:
    text = SMALL_PLANT.replace("auto_issue_type: STOP}", "auto_issue_type: HALT}")
    ((_, _, message),) = _problems(text)
    assert "unknown issue type HALT" in message


def test_broken_yaml_points_at_its_line() -> None:
    text = SMALL_PLANT.replace("  - code: B\n", "  - code: B\n   bad: [\n")
    ((line, _, message),) = _problems(text)
    assert "not valid YAML" in message
    assert line is not None and line >= _line_of(text, "bad: [")


def test_an_empty_file_is_refused() -> None:
    assert _problems("")[0][2] == "the file is empty"
